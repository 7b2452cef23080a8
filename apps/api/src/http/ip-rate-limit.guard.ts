import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateLimiter } from '@techbridge/accounts';
import { AppEnv } from '@techbridge/platform';
import type { Request } from 'express';

const LIMITED = 'techbridge:ip-rate-limit';

/** What a bucket allows per client address per minute: sign-in and the like, or catalogue exports. */
type Allowance = 'auth' | 'export';

/** Counts every call of the route per client address, before the body is even validated. */
export const LimitPerIp = (bucket: string, allowance: Allowance = 'auth') => SetMetadata(LIMITED, { bucket, allowance });

@Injectable()
export class IpRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly env: AppEnv,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limited = this.reflector.get<{ bucket: string; allowance: Allowance } | undefined>(LIMITED, context.getHandler());
    if (!limited) return true;
    const ip = context.switchToHttp().getRequest<Request>().ip ?? 'unknown';
    const perMinute = limited.allowance === 'export' ? this.env.exportLimitPerIpPerMinute : this.env.authLimitPerIpPerMinute;
    await this.limiter.consume(`${limited.bucket}:ip:${ip}`, perMinute, 60);
    return true;
  }
}

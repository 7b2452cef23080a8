import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateLimiter } from '@techbridge/accounts';
import { AppEnv } from '@techbridge/platform';
import type { Request } from 'express';

const LIMITED = 'techbridge:ip-rate-limit';

/** Counts every call of the route per client address, before the body is even validated. */
export const LimitPerIp = (bucket: string) => SetMetadata(LIMITED, bucket);

@Injectable()
export class IpRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly env: AppEnv,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<string | undefined>(LIMITED, context.getHandler());
    if (!bucket) return true;
    const ip = context.switchToHttp().getRequest<Request>().ip ?? 'unknown';
    await this.limiter.consume(`${bucket}:ip:${ip}`, this.env.authLimitPerIpPerMinute, 60);
    return true;
  }
}

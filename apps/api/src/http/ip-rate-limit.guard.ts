import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateLimiter } from '@techbridge/accounts';
import { AppEnv } from '@techbridge/platform';
import type { AuthenticatedRequest } from './auth.guard';

const LIMITED = 'techbridge:ip-rate-limit';

/** What a bucket allows per client address per minute: sign-in and the like, catalogue exports or searches. */
type Allowance = 'auth' | 'export' | 'search';

/**
 * Searches by a signed-in person count per person: at a 对接会 venue or in one company, many people
 * share one address, and an account is already limited in how fast it can be made (sign-up is limited).
 */
const PER_PERSON_WHEN_SIGNED_IN: ReadonlySet<Allowance> = new Set(['search']);

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
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = PER_PERSON_WHEN_SIGNED_IN.has(limited.allowance) && request.actor ? `user:${request.actor.userId}` : `ip:${request.ip ?? 'unknown'}`;
    const perMinute = { auth: this.env.authLimitPerIpPerMinute, export: this.env.exportLimitPerIpPerMinute, search: this.env.searchLimitPerIpPerMinute }[limited.allowance];
    await this.limiter.consume(`${limited.bucket}:${caller}`, perMinute, 60);
    return true;
  }
}

import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actors } from '@techbridge/accounts';
import { type Actor, ForbiddenError, type PlatformRole, UnauthenticatedError } from '@techbridge/domain';
import type { Request } from 'express';

const PUBLIC = 'techbridge:public';
const ROLES = 'techbridge:roles';

/** The route needs no signed-in user (sign-up, sign-in, health, reference data). */
export const Public = () => SetMetadata(PUBLIC, true);

/** The route needs one of these platform roles; object-level checks stay in the use case. */
export const RequireRole = (...roles: PlatformRole[]) => SetMetadata(ROLES, roles);

export type AuthenticatedRequest = Request & { actor?: Actor; id?: string };

/** The Actor the guard resolved for this request. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new UnauthenticatedError('unauthenticated', 'sign in first');
  return actor;
});

/** The Actor when the caller signed in, null on a public route called anonymously. */
export const OptionalActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor | null => ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor ?? null);

/**
 * Every route is closed unless marked @Public(): a valid access token is required, the user is
 * re-read (deactivated users and ended sessions are refused), and @RequireRole is enforced.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: Actors,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, targets);
    const header = req.headers.authorization;
    const bearer = typeof header === 'string' && /^Bearer\s+\S+$/i.test(header) ? header.split(/\s+/)[1] : undefined;
    if (!bearer) {
      if (isPublic) return true;
      throw new UnauthenticatedError('unauthenticated', 'sign in first: send Authorization: Bearer <access token>');
    }
    const acting = req.headers['x-acting-organization'];
    req.actor = await this.actors.resolve({
      bearerToken: bearer,
      actingFor: typeof acting === 'string' && /^[0-9a-f-]{36}$/i.test(acting) ? acting.toLowerCase() : undefined,
      requestId: req.id ?? null,
      ip: req.ip ?? null,
    });
    const roles = this.reflector.getAllAndOverride<PlatformRole[] | undefined>(ROLES, targets);
    if (roles?.length && !roles.some((role) => req.actor!.roles.includes(role))) {
      throw new ForbiddenError('role_required', `this needs the ${roles.join(' or ')} role`);
    }
    return true;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, ForbiddenError, type MemberRole, type OrganizationType, type PlatformRole, UnauthenticatedError } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { type ActorBase, ActorCache } from './actor-cache';
import { Tokens } from './tokens';

export interface RequestCredentials {
  bearerToken: string;
  /** X-Acting-Organization: a broker acting for one of the organisations it serves. */
  actingFor?: string;
  requestId: string | null;
  ip: string | null;
}

/**
 * Turns a request's access token into the Actor every use case receives. The user is re-read on
 * every request, so a deactivation, a revoked role or a logout takes effect at once.
 */
@Injectable()
export class Actors {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: Tokens,
    private readonly cache: ActorCache,
  ) {}

  async resolve(credentials: RequestCredentials): Promise<Actor> {
    const base = this.cache.get(credentials.bearerToken) ?? (await this.load(credentials.bearerToken));
    const actingFor = credentials.actingFor ?? null;
    if (actingFor && actingFor !== base.organizationId && !base.brokerFor.includes(actingFor)) {
      throw new ForbiddenError('not_assigned', 'you do not serve the organisation named in X-Acting-Organization');
    }
    return { ...base, actingFor: actingFor === base.organizationId ? null : actingFor, requestId: credentials.requestId, ip: credentials.ip };
  }

  private async load(bearerToken: string): Promise<ActorBase> {
    const claims = await this.tokens.verifyAccess(bearerToken);
    const mark = this.cache.mark();
    // One round trip per request: the user, their organisation's type, whether the session is
    // still live (and theirs: a token naming another user's session is no use), and the
    // organisations they serve as a broker.
    const rows: Array<{
      id: string; email: string; organization_id: string | null; member_role: MemberRole; platform_roles: PlatformRole[];
      organization_type: OrganizationType | null; broker_for: string[] | null;
    }> = await this.dataSource.query(
      `SELECT u.id, u.email, u.organization_id, u.member_role, u.platform_roles, o.type AS organization_type,
              (SELECT array_agg(b.organization_id) FROM broker_assignments b WHERE b.broker_user_id = u.id AND 'broker' = ANY(u.platform_roles)) AS broker_for
         FROM users u
         LEFT JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1 AND u.active
          AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL)`,
      [claims.sub, claims.sid],
    );
    const user = rows[0];
    if (!user) throw new UnauthenticatedError('invalid_token', 'the session has ended; sign in again');
    const base: ActorBase = {
      userId: user.id,
      email: user.email,
      organizationId: user.organization_id,
      organizationType: user.organization_type,
      memberRole: user.member_role,
      roles: user.platform_roles,
      brokerFor: user.broker_for ?? [],
      sessionId: claims.sid,
    };
    this.cache.set(bearerToken, base, mark);
    return base;
  }
}

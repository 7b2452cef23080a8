import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, BrokerAssignment, ForbiddenError, Organization, UnauthenticatedError, User } from '@techbridge/domain';
import { DataSource } from 'typeorm';
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
  ) {}

  async resolve(credentials: RequestCredentials): Promise<Actor> {
    const claims = await this.tokens.verifyAccess(credentials.bearerToken);
    const user = await this.dataSource.getRepository(User).findOneBy({ id: claims.sub });
    if (!user || !user.active || !(await this.tokens.sessionActive(claims.sid))) {
      throw new UnauthenticatedError('invalid_token', 'the session has ended; sign in again');
    }
    const [organization, assignments] = await Promise.all([
      user.organizationId ? this.dataSource.getRepository(Organization).findOneBy({ id: user.organizationId }) : null,
      user.platformRoles.includes('broker') ? this.dataSource.getRepository(BrokerAssignment).findBy({ brokerUserId: user.id }) : [],
    ]);
    const brokerFor = assignments.map((a) => a.organizationId);
    const actingFor = credentials.actingFor ?? null;
    if (actingFor && actingFor !== user.organizationId && !brokerFor.includes(actingFor)) {
      throw new ForbiddenError('not_assigned', 'you do not serve the organisation named in X-Acting-Organization');
    }
    return {
      userId: user.id,
      email: user.email,
      organizationId: user.organizationId,
      organizationType: organization?.type ?? null,
      memberRole: user.memberRole,
      roles: user.platformRoles,
      brokerFor,
      actingFor: actingFor === user.organizationId ? null : actingFor,
      requestId: credentials.requestId,
      ip: credentials.ip,
    };
  }
}

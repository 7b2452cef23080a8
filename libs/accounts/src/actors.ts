import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, ForbiddenError, UnauthenticatedError } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { type ActorBase, ActorCache } from './actor-cache';
import { readActorBase } from './current-caller';
import { Tokens } from './tokens';

export interface RequestCredentials {
  bearerToken: string;
  /** X-Acting-Organization: a broker acting for one of the organisations it serves. */
  actingFor?: string;
  requestId: string | null;
  ip: string | null;
}

/**
 * Turns a request's access token into the Actor every use case receives. The user is re-read, or
 * taken from ActorCache: on another replica a deactivation, a revoked role or a logout takes up to a
 * few seconds to show. Writes that hand on or take away authority re-read the caller (lockCurrentCaller).
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
    const base = await readActorBase(this.dataSource, claims.sub, claims.sid);
    if (!base) throw new UnauthenticatedError('invalid_token', 'the session has ended; sign in again');
    this.cache.set(bearerToken, base, mark);
    return base;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, NotFoundError } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { ActorCache } from './actor-cache';
import { AuditLog } from './audit-log';
import { Tokens } from './tokens';

/** A sign-in session of the caller, as its refresh tokens tell it. */
export interface SignInSession {
  id: string;
  signedInAt: Date;
  /** When its tokens were last refreshed (or issued). */
  lastActiveAt: Date;
  /** Where and with what its latest token was issued. */
  ip: string | null;
  userAgent: string | null;
  /** The session the request itself was made in. */
  current: boolean;
}

/**
 * A user's own sign-in sessions (one per device or browser signed in): listed so that an
 * unknown one stands out, and ended one by one or all but the current one.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly actors: ActorCache,
    private readonly tokens: Tokens,
  ) {}

  /** Live sessions, most recently active first: those holding a refresh token still usable. */
  async list(actor: Actor): Promise<SignInSession[]> {
    const rows: Array<{ id: string; signed_in_at: Date; last_active_at: Date; ip: string | null; user_agent: string | null }> = await this.dataSource.query(
      `SELECT f.family_id AS id, f.signed_in_at, f.last_active_at, l.ip, l.user_agent
         FROM (SELECT family_id, min(created_at) AS signed_in_at, max(created_at) AS last_active_at
                 FROM refresh_tokens WHERE user_id = $1 GROUP BY family_id
               HAVING bool_or(revoked_at IS NULL AND used_at IS NULL AND expires_at > now())) f
         JOIN LATERAL (SELECT ip, user_agent FROM refresh_tokens t WHERE t.family_id = f.family_id ORDER BY t.created_at DESC LIMIT 1) l ON true
        ORDER BY f.last_active_at DESC, f.family_id`,
      [actor.userId],
    );
    return rows.map((r) => ({ id: r.id, signedInAt: r.signed_in_at, lastActiveAt: r.last_active_at, ip: r.ip, userAgent: r.user_agent, current: r.id === actor.sessionId }));
  }

  /** Ends one of the caller's sessions (the current one too: that is signing out). */
  async end(actor: Actor, sessionId: string): Promise<void> {
    if (!(await this.revoke(actor, { only: sessionId }))) throw new NotFoundError('session', sessionId);
  }

  /** Ends every session of the caller but the current one; returns how many were live. */
  async endOthers(actor: Actor): Promise<number> {
    return this.revoke(actor, { except: actor.sessionId });
  }

  private async revoke(actor: Actor, which: { only?: string; except?: string }): Promise<number> {
    return this.actors.forgetting((forget) =>
      this.dataSource.transaction(async (manager) => {
        const ended = await this.tokens.endSessions(manager, actor.userId, which);
        if (ended) await this.audit.record(manager, actor, { action: 'account.end_sessions', resourceType: 'user', resourceId: actor.userId, details: { ended, ...which } });
        forget(actor.userId);
        return ended;
      }),
    );
  }
}

import { createHash, createSecretKey, type KeyObject, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { RefreshToken, UnauthenticatedError } from '@techbridge/domain';
import { AppEnv } from '@techbridge/platform';
import type { EntityManager } from 'typeorm';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface AccessClaims {
  sub: string;
  /** The sign-in session (refresh token family) this token belongs to. */
  sid: string;
}

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const AUDIENCE = 'techbridge-api';
const ISSUER = 'techbridge';

/** A UUID as PostgreSQL reads it; anything looser would reach the query and fail there (a 500). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Short-lived JWT access tokens and opaque, rotating refresh tokens `<id>.<secret>` of which only
 * a hash is stored. A refresh token can be used once; reuse revokes its whole family.
 */
@Injectable()
export class Tokens {
  /** Made once: jsonwebtoken would otherwise turn the secret into a key (trying a public key first) on every call. */
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly env: AppEnv,
  ) {
    this.key = createSecretKey(Buffer.from(env.jwtSecret, 'utf8'));
  }

  /** `client` is where the token goes (kept for the user's list of sessions). */
  async issue(manager: EntityManager, userId: string, familyId: string = randomUUID(), client?: { ip: string; userAgent: string | null }): Promise<IssuedTokens> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await manager.insert(RefreshToken, {
      id,
      familyId,
      userId,
      secretHash: sha256(secret),
      expiresAt: new Date(Date.now() + this.env.refreshTokenTtlDays * 86_400_000),
      ip: client?.ip.slice(0, 64) ?? null,
      userAgent: client?.userAgent?.slice(0, 200) ?? null,
    });
    const claims: AccessClaims = { sub: userId, sid: familyId };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.key as never,
      expiresIn: this.env.accessTokenTtlSeconds,
      audience: AUDIENCE,
      issuer: ISSUER,
      algorithm: 'HS256',
    });
    return { accessToken, refreshToken: `${id}.${secret}`, tokenType: 'Bearer', expiresIn: this.env.accessTokenTtlSeconds };
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    try {
      return await this.jwt.verifyAsync<AccessClaims>(token, { secret: this.key as never, audience: AUDIENCE, issuer: ISSUER, algorithms: ['HS256'] });
    } catch {
      throw new UnauthenticatedError('invalid_token', 'the access token is invalid or expired');
    }
  }

  /**
   * Finds the stored token for `<id>.<secret>`, locked for update, or fails with 401. Its user is
   * locked first (shared), as `endSessions` locks it (exclusively) before revoking: a session ended
   * while a refresh is under way then also ends the token that refresh issues.
   */
  async find(manager: EntityManager, presented: string): Promise<RefreshToken> {
    const [id, secret] = presented.split('.');
    const invalid = new UnauthenticatedError('invalid_refresh_token', 'the refresh token is invalid');
    if (!secret || !UUID.test(id)) throw invalid;
    const [owner]: Array<{ user_id: string }> = await manager.query('SELECT user_id FROM refresh_tokens WHERE id = $1', [id]);
    if (!owner) throw invalid;
    await manager.query('SELECT 1 FROM users WHERE id = $1 FOR SHARE', [owner.user_id]);
    const token = await manager.getRepository(RefreshToken).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!token) throw invalid;
    const a = Buffer.from(token.secretHash);
    const b = Buffer.from(sha256(secret));
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw invalid;
    return token;
  }

  /** Ends the user's sessions (all of them, only one, or all but one); returns how many of them were live. */
  async endSessions(manager: EntityManager, userId: string, which: { only?: string; except?: string } = {}): Promise<number> {
    const params: unknown[] = [userId];
    const family = (op: '=' | '<>', id: string) => (params.push(id), ` AND family_id ${op} $${params.length}`);
    const where = `user_id = $1 AND revoked_at IS NULL${which.only ? family('=', which.only) : ''}${which.except ? family('<>', which.except) : ''}`;
    // Waits for refreshes under way (they hold the user shared), so the tokens they issue are revoked too.
    await manager.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
    // A session is live while it holds a refresh token neither used nor expired.
    const rows: Array<{ n: number }> = await manager.query(
      `WITH ended AS (UPDATE refresh_tokens SET revoked_at = now() WHERE ${where} RETURNING family_id, used_at, expires_at)
       SELECT count(DISTINCT family_id)::int AS n FROM ended WHERE used_at IS NULL AND expires_at > now()`,
      params,
    );
    return rows[0]!.n;
  }
}

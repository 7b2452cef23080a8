import { createHash, createSecretKey, type KeyObject, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { RefreshToken, UnauthenticatedError } from '@techbridge/domain';
import { AppEnv } from '@techbridge/platform';
import { type EntityManager, IsNull } from 'typeorm';

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

  async issue(manager: EntityManager, userId: string, familyId: string = randomUUID()): Promise<IssuedTokens> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await manager.insert(RefreshToken, {
      id,
      familyId,
      userId,
      secretHash: sha256(secret),
      expiresAt: new Date(Date.now() + this.env.refreshTokenTtlDays * 86_400_000),
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

  /** Finds the stored token for `<id>.<secret>`, locked for update, or fails with 401. */
  async find(manager: EntityManager, presented: string): Promise<RefreshToken> {
    const [id, secret] = presented.split('.');
    const invalid = new UnauthenticatedError('invalid_refresh_token', 'the refresh token is invalid');
    if (!secret || !UUID.test(id)) throw invalid;
    const token = await manager.getRepository(RefreshToken).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!token) throw invalid;
    const a = Buffer.from(token.secretHash);
    const b = Buffer.from(sha256(secret));
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw invalid;
    return token;
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Ends every session of the user; returns how many were still open. */
  async revokeAllOf(manager: EntityManager, userId: string): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `WITH ended AS (UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING family_id, expires_at)
       SELECT count(DISTINCT family_id)::int AS n FROM ended WHERE expires_at > now()`,
      [userId],
    );
    return rows[0].n;
  }
}

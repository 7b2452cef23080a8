import { creditCodeCheckCharacter, type OrganizationType } from '@techbridge/domain';
import request from 'supertest';
import type { TestApp } from './harness';

export const ADMIN = { email: 'admin@techbridge.test', password: 'Admin-password-1' };
export const PASSWORD = 'Correct-horse-42';

let serial = 0;
const unique = () => `${process.env.JEST_WORKER_ID ?? 1}${Date.now().toString(36)}${(serial++).toString(36)}`;

/** A valid 统一社会信用代码 (GB 32100): 91 + a Dalian region + a unique body + its check character. */
export function creditCode(): string {
  const body = `91210211${unique().toUpperCase().replace(/[IOSVZ]/g, 'A').padStart(9, '0').slice(-9)}`;
  return body + creditCodeCheckCharacter(body);
}

export interface Session {
  userId: string;
  organizationId: string | null;
  email: string;
  accessToken: string;
  refreshToken: string;
  /** `Authorization: Bearer …` for supertest's `.set(...)`. */
  auth: { Authorization: string };
}

const sessionOf = (body: { user: { id: string; organizationId: string | null; email: string }; tokens: { accessToken: string; refreshToken: string } }): Session => ({
  userId: body.user.id,
  organizationId: body.user.organizationId,
  email: body.user.email,
  accessToken: body.tokens.accessToken,
  refreshToken: body.tokens.refreshToken,
  auth: { Authorization: `Bearer ${body.tokens.accessToken}` },
});

export async function login(app: TestApp, email: string, password = PASSWORD): Promise<Session> {
  const res = await request(app.http).post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return sessionOf(res.body);
}

export const loginAdmin = (app: TestApp): Promise<Session> => login(app, ADMIN.email, ADMIN.password);

/** Registers a user with a new organisation of this type (owner of it). */
export async function registerOrganization(app: TestApp, type: OrganizationType, overrides: { name?: string; regionCode?: string } = {}): Promise<Session> {
  const id = unique();
  const res = await request(app.http)
    .post('/api/v1/auth/register')
    .send({
      email: `${type}-${id}@example.test`,
      password: PASSWORD,
      displayName: `${type} ${id}`,
      organization: { type, name: overrides.name ?? `${type} ${id}`, creditCode: creditCode(), regionCode: overrides.regionCode ?? '210211' },
    });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return sessionOf(res.body);
}

/** A user with a platform role (organizer, broker) in an organisation of the given type, granted by the admin. */
export async function userWithRole(app: TestApp, role: 'organizer' | 'broker', type: OrganizationType): Promise<Session> {
  const session = await registerOrganization(app, type);
  const admin = await loginAdmin(app);
  await request(app.http).put(`/api/v1/admin/users/${session.userId}/roles/${role}`).set(admin.auth).expect(200);
  return session;
}

export async function assignBroker(app: TestApp, broker: Session, organizationId: string): Promise<void> {
  const admin = await loginAdmin(app);
  await request(app.http).put(`/api/v1/admin/brokers/${broker.userId}/assignments/${organizationId}`).set(admin.auth).expect(200);
}

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthService } from '@techbridge/accounts';
import { loadEnv } from '@techbridge/platform';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { login, PASSWORD, registerOrganization } from '../support/accounts';
import { startTestApp, type TestApp, testEnvVars } from '../support/harness';

/**
 * The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD when an API process starts and finds no
 * active admin. Here the test app starts without them; each case starts another API process on the
 * same database with them set, as an operator would.
 */
describe('the first admin, from ADMIN_EMAIL and ADMIN_PASSWORD', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' } });
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  /** Starts (and stops) an API process with this admin configured; answers what a second bootstrap would do then. */
  async function startWith(adminEmail: string, adminPassword: string): Promise<string> {
    const env = loadEnv({ ...(await testEnvVars()), ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword });
    const replica = await NestFactory.createApplicationContext(ApiModule.forRoot(env), { logger: false });
    try {
      return await replica.get(AuthService).bootstrapAdmin();
    } finally {
      await replica.close();
    }
  }
  const rolesOf = async (email: string) => (await app.sql<{ platform_roles: string[] }>('SELECT platform_roles FROM users WHERE email = $1', [email]))[0]?.platform_roles;
  const rolesOnMe = async (email: string, password: string) => (await request(app.http).get('/api/v1/me').set((await login(app, email, password)).auth).expect(200)).body.roles;

  it('does not make admin an account someone signed up with the operator’s address first, and logs an error naming ADMIN_EMAIL', async () => {
    const squatter = await registerOrganization(app, 'enterprise');
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    expect(await startWith(squatter.email, 'Operator-password-1')).toBe('refused');
    expect(await rolesOf(squatter.email)).toEqual([]);
    expect(await rolesOnMe(squatter.email, PASSWORD)).toEqual([]);
    expect(await app.sql(`SELECT 1 FROM audit_entries WHERE action = 'account.bootstrap_admin'`)).toEqual([]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining(`ADMIN_EMAIL ${squatter.email}`));
  });

  it('makes an existing account admin when its password is ADMIN_PASSWORD', async () => {
    const operator = await registerOrganization(app, 'enterprise');
    expect(await startWith(operator.email, PASSWORD)).toBe('exists');
    expect(await rolesOnMe(operator.email, PASSWORD)).toEqual(['admin']);
    const audit = await app.sql<{ resource_id: string }>(`SELECT resource_id FROM audit_entries WHERE action = 'account.bootstrap_admin'`);
    expect(audit).toEqual([{ resource_id: operator.userId }]);
  });

  it('counts only active admins: with every admin deactivated, the next start creates one', async () => {
    await app.sql(`UPDATE users SET active = false WHERE 'admin' = ANY(platform_roles)`);
    expect(await startWith('second-admin@example.test', 'Second-admin-pw-2')).toBe('exists');
    expect(await rolesOnMe('second-admin@example.test', 'Second-admin-pw-2')).toEqual(['admin']);
    // Now there is one: a start with another address changes nothing.
    expect(await startWith('third-admin@example.test', 'Third-admin-pw-3')).toBe('exists');
    expect(await rolesOf('third-admin@example.test')).toBeUndefined();
  });
});

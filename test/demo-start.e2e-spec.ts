import { dropDatabase, ensureDatabase, withClient, withDatabase } from '@techbridge/database';
import { prepareDemo } from '../scripts/lib/demo-start';
import { recordDemoState } from '../scripts/lib/demo-state';
import { testServices } from './support/test-services';

/** What npm start decides about a database whose demo load an earlier start began and never finished. */
describe('npm start and an interrupted demo load', () => {
  const { postgresServerUrl, databaseBase } = testServices();
  const url = withDatabase(postgresServerUrl, `${databaseBase}_demo_w${process.env.JEST_WORKER_ID ?? 1}`);
  const env = { ADMIN_EMAIL: 'admin@techbridge.local', ADMIN_PASSWORD: 'Admin-password-1' };
  const lines: string[] = [];
  const context = (embedded: boolean) => ({ config: { databaseUrl: url }, env, embedded, dataDir: '/data', say: (l: string) => lines.push(l) });
  const addUser = (email: string) =>
    withClient(url, (c) => c.query(`INSERT INTO users (email, password_hash, display_name) VALUES ($1, 'x', 'x')`, [email]));
  const users = () => withClient(url, async (c) => (await c.query<{ email: string }>('SELECT email FROM users ORDER BY email')).rows.map((r) => r.email));

  beforeEach(async () => {
    lines.length = 0;
    await dropDatabase(url);
    await ensureDatabase(url, `${databaseBase}_template`);
    await addUser('admin@techbridge.local');
    await addUser('sun.haiyang@demo.techbridge.local');
    await recordDemoState(url, 'loading');
  });
  afterAll(() => dropDatabase(url));

  it('empties an embedded database holding only the partial demo, and loads the demo again', async () => {
    expect(await prepareDemo(context(true))).toMatchObject({ loadAs: { email: env.ADMIN_EMAIL } });
    expect(await users()).toEqual([]);
    expect(lines.join('\n')).toContain('did not finish: emptying the database');
  });

  it('leaves a database with any other account alone, and says how to start over', async () => {
    await addUser('someone@example.test');
    const plan = await prepareDemo(context(true));
    expect(plan.loadAs).toBeUndefined();
    expect(await users()).toContain('someone@example.test');
    expect(lines.join('\n')).toContain('To load the demo from scratch, delete /data and start again.');
  });

  it('never empties a database it was given (DATABASE_URL): says how to reset it instead', async () => {
    const plan = await prepareDemo(context(false));
    expect(plan.loadAs).toBeUndefined();
    expect(await users()).toHaveLength(2);
    expect(lines.join('\n')).toContain(`drop and recreate database ${databaseBase}_demo_w`);
  });

  it('leaves a finished demo load alone', async () => {
    await recordDemoState(url, 'loaded');
    expect((await prepareDemo(context(true))).loadAs).toBeUndefined();
    expect(await users()).toHaveLength(2);
    expect(lines).toEqual([]);
  });
});

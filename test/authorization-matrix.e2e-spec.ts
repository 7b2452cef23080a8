import request from 'supertest';
import { assignBroker, creditCode, login, loginAdmin, PASSWORD, registerOrganization, type Session, userWithRole } from './support/accounts';
import { startTestApp, type TestApp } from './support/harness';

/**
 * Every route in the OpenAPI document × every kind of caller, with the status each must get.
 * A route missing from the table (or a table entry with no route) fails the test, so a new
 * endpoint cannot ship without deciding who may call it.
 */
const PERSONAS = ['anonymous', 'enterpriseA', 'enterpriseB', 'university', 'brokerAssigned', 'brokerUnassigned', 'organizer', 'admin'] as const;
type Persona = (typeof PERSONAS)[number];
type Expected = Record<Persona, number>;
type Call = { path: string; body?: unknown };
interface Row {
  expect: Expected;
  /** Builds the request for one caller; fresh resources where the call consumes or destroys one. */
  call: (persona: Persona, session: Session | undefined) => Promise<Call>;
}

const all = (status: number): Expected => Object.fromEntries(PERSONAS.map((p) => [p, status])) as Expected;
const signedIn = (status: number): Expected => ({ ...all(status), anonymous: 401 });
const adminOnly = (status: number): Expected => ({ ...all(403), anonymous: 401, admin: status });
/** Organisation A's own: A's owner and platform admins succeed; a member-level broker is refused; everyone else sees nothing. */
const orgAdmins = (status: number, broker: number): Expected => ({
  anonymous: 401, enterpriseA: status, enterpriseB: 404, university: 404, brokerAssigned: broker, brokerUnassigned: 404, organizer: 404, admin: status,
});

describe('authorization matrix: every route × every caller', () => {
  let app: TestApp;
  const sessions = {} as Record<Exclude<Persona, 'anonymous'>, Session>;
  let orgA: string;
  let pingId: string;
  let rows: Record<string, Row>;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    sessions.enterpriseA = await registerOrganization(app, 'enterprise');
    sessions.enterpriseB = await registerOrganization(app, 'enterprise');
    sessions.university = await registerOrganization(app, 'university');
    sessions.brokerAssigned = await userWithRole(app, 'broker', 'agency');
    sessions.brokerUnassigned = await userWithRole(app, 'broker', 'agency');
    sessions.organizer = await userWithRole(app, 'organizer', 'government');
    sessions.admin = await loginAdmin(app);
    orgA = sessions.enterpriseA.organizationId!;
    await assignBroker(app, sessions.brokerAssigned, orgA);
    pingId = (await request(app.http).post('/api/v1/system/pings').set(sessions.admin.auth).send({}).expect(202)).body.id;

    const a = () => sessions.enterpriseA;
    const admin = () => sessions.admin;
    const freshUser = async () => (await registerOrganization(app, 'enterprise')).userId;
    const freshMember = async () => {
      const email = `member-${Math.random().toString(36).slice(2)}@example.test`;
      const inv = await request(app.http).post(`/api/v1/organizations/${orgA}/invitations`).set(a().auth).send({ email }).expect(201);
      const joined = await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: 'm', invitationToken: inv.body.token }).expect(201);
      return joined.body.user.id as string;
    };
    const freshInvitation = async () =>
      (await request(app.http).post(`/api/v1/organizations/${orgA}/invitations`).set(a().auth).send({ email: `inv-${Math.random().toString(36).slice(2)}@example.test` }).expect(201)).body.id as string;
    const freshBroker = async () => (await userWithRole(app, 'broker', 'agency')).userId;
    const versionOfA = async () => (await request(app.http).get(`/api/v1/organizations/${orgA}`).set(a().auth).expect(200)).body.version as number;

    rows = {
      'GET /health': { expect: all(200), call: async () => ({ path: '/health' }) },
      'GET /health/ready': { expect: all(200), call: async () => ({ path: '/health/ready' }) },
      'GET /api/v1/regions/{code}': { expect: all(200), call: async () => ({ path: '/api/v1/regions/210200' }) },
      'POST /api/v1/auth/register': {
        expect: all(201),
        call: async () => ({
          path: '/api/v1/auth/register',
          body: { email: `r-${Math.random().toString(36).slice(2)}@example.test`, password: PASSWORD, displayName: 'r', organization: { type: 'enterprise', name: 'r', creditCode: creditCode(), regionCode: '210102' } },
        }),
      },
      'POST /api/v1/auth/login': { expect: all(200), call: async () => ({ path: '/api/v1/auth/login', body: { email: a().email, password: PASSWORD } }) },
      'POST /api/v1/auth/refresh': { expect: all(200), call: async () => ({ path: '/api/v1/auth/refresh', body: { refreshToken: (await login(app, a().email)).refreshToken } }) },
      'POST /api/v1/auth/logout': {
        expect: signedIn(204),
        // Each caller ends a session of its own (the table swaps in that session's token below).
        call: async (_p, session) => ({ path: '/api/v1/auth/logout', body: { refreshToken: session ? session.refreshToken : 'x.y' } }),
      },
      'GET /api/v1/me': { expect: signedIn(200), call: async () => ({ path: '/api/v1/me' }) },
      'GET /api/v1/organizations/{id}': { expect: signedIn(200), call: async () => ({ path: `/api/v1/organizations/${orgA}` }) },
      'PATCH /api/v1/organizations/{id}': {
        expect: orgAdmins(200, 200),
        call: async () => ({ path: `/api/v1/organizations/${orgA}`, body: { version: await versionOfA(), description: 'matrix' } }),
      },
      'GET /api/v1/organizations/{id}/members': { expect: orgAdmins(200, 200), call: async () => ({ path: `/api/v1/organizations/${orgA}/members` }) },
      'DELETE /api/v1/organizations/{id}/members/{userId}': {
        expect: orgAdmins(204, 403),
        call: async () => ({ path: `/api/v1/organizations/${orgA}/members/${await freshMember()}` }),
      },
      'POST /api/v1/organizations/{id}/invitations': {
        expect: orgAdmins(201, 403),
        call: async () => ({ path: `/api/v1/organizations/${orgA}/invitations`, body: { email: `i-${Math.random().toString(36).slice(2)}@example.test` } }),
      },
      'GET /api/v1/organizations/{id}/invitations': { expect: orgAdmins(200, 403), call: async () => ({ path: `/api/v1/organizations/${orgA}/invitations` }) },
      'DELETE /api/v1/organizations/{id}/invitations/{invitationId}': {
        expect: orgAdmins(204, 403),
        call: async () => ({ path: `/api/v1/organizations/${orgA}/invitations/${await freshInvitation()}` }),
      },
      'GET /api/v1/admin/users': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/users' }) },
      'PUT /api/v1/admin/users/{id}/roles/{role}': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/users/${await freshUser()}/roles/organizer` }) },
      'DELETE /api/v1/admin/users/{id}/roles/{role}': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/users/${await freshUser()}/roles/broker` }) },
      'POST /api/v1/admin/users/{id}/deactivate': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/users/${await freshUser()}/deactivate` }) },
      'POST /api/v1/admin/users/{id}/reactivate': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/users/${await freshUser()}/reactivate` }) },
      'POST /api/v1/admin/organizations/{id}/verify': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/organizations/${orgA}/verify` }) },
      'POST /api/v1/admin/organizations/{id}/unverify': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/organizations/${sessions.university.organizationId}/unverify` }) },
      'GET /api/v1/admin/brokers/{id}/assignments': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/brokers/${sessions.brokerAssigned.userId}/assignments` }) },
      'PUT /api/v1/admin/brokers/{id}/assignments/{organizationId}': {
        expect: adminOnly(200),
        call: async () => ({ path: `/api/v1/admin/brokers/${await freshBroker()}/assignments/${sessions.enterpriseB.organizationId}` }),
      },
      'DELETE /api/v1/admin/brokers/{id}/assignments/{organizationId}': {
        expect: adminOnly(204),
        call: async () => {
          const broker = await freshBroker();
          await request(app.http).put(`/api/v1/admin/brokers/${broker}/assignments/${orgA}`).set(admin().auth).expect(200);
          return { path: `/api/v1/admin/brokers/${broker}/assignments/${orgA}` };
        },
      },
      'GET /api/v1/admin/audit': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/audit' }) },
      'POST /api/v1/system/pings': { expect: adminOnly(202), call: async () => ({ path: '/api/v1/system/pings', body: {} }) },
      'GET /api/v1/system/pings/{id}': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/system/pings/${pingId}` }) },
    };
  });
  afterAll(() => app.close());

  it('lists every route of the OpenAPI document, and nothing else', async () => {
    const doc = (await request(app.http).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(Object.keys(rows).sort());
  });

  it('gives each caller exactly the expected status on each route', async () => {
    const mismatches: string[] = [];
    for (const [route, row] of Object.entries(rows)) {
      const [method] = route.split(' ');
      for (const persona of PERSONAS) {
        let session = persona === 'anonymous' ? undefined : sessions[persona];
        // Logging out ends a session: use a fresh one so the caller stays signed in for the next rows.
        if (route === 'POST /api/v1/auth/logout' && session) session = await login(app, session.email, persona === 'admin' ? 'Admin-password-1' : PASSWORD);
        const { path, body } = await row.call(persona, session);
        let req = request(app.http)[method.toLowerCase() as 'get'](path);
        if (session) req = req.set(session.auth);
        const res = await (body === undefined ? req : req.send(body as object));
        if (res.status !== row.expect[persona]) mismatches.push(`${route} as ${persona}: expected ${row.expect[persona]}, got ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

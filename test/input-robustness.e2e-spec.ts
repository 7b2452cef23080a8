import fc from 'fast-check';
import request from 'supertest';
import { registerOrganization, type Session } from './support/accounts';
import { achievementBody, demandBody, publishedItem, verifyOrganization } from './support/catalog';
import { startTestApp, type TestApp } from './support/harness';
import { insertMatch } from './support/matching';

type Verb = 'get' | 'post' | 'patch' | 'put';

/**
 * Whatever a client sends to the catalogue, match and organisation routes, the answer is never a 500: each valid
 * body is sent again with one field (or a nested one) replaced by arbitrary JSON, or the whole body
 * replaced; each list is asked with arbitrary values for its query parameters. Every answer must be a
 * success or a 4xx in the one error shape.
 */
describe('catalogue, match and organisation routes never answer arbitrary input with a 500', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let demand: { id: string; version: number };
  let draft: string;
  let matchId: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    demand = await publishedItem(app, enterprise, 'demands');
    const achievement = await publishedItem(app, university, 'achievements');
    draft = (await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody()).expect(201)).body.id;
    // The worker is not running: a match row as it would write one.
    matchId = await insertMatch(app, demand.id, achievement.id);
  });
  afterAll(() => app.close());

  const problems: string[] = [];
  /** Every status seen, so a run in which nothing reached the handlers (all 401, say) cannot pass. */
  const statuses = new Set<number>();
  const send = async (verb: Verb, path: string, who: Session, input: { body: unknown } | { query: Record<string, unknown> }) => {
    const req = request(app.http)[verb](path).set(who.auth);
    // Serialised here: supertest refuses a bare number or boolean as a body, and JSON allows one.
    const res = 'body' in input ? await req.set('Content-Type', 'application/json').send(JSON.stringify(input.body)) : await req.query(input.query as Record<string, string>);
    statuses.add(res.status);
    const shown = `${verb.toUpperCase()} ${path} ${String(JSON.stringify('body' in input ? input.body : input.query)).slice(0, 200)}`;
    if (res.status >= 500) problems.push(`${shown} → ${res.status} ${res.body?.code}`);
    else if (res.status >= 400 && !(typeof res.body.code === 'string' && typeof res.body.message === 'string')) problems.push(`${shown} → ${res.status} without the error shape`);
  };

  it('replacing one field, or the whole body, with arbitrary JSON gives a 2xx or a 4xx in the error shape', async () => {
    problems.length = 0;
    statuses.clear();
    const routes: Array<{ verb: Verb; path: string; who: () => Session; body: Record<string, unknown>; wrap?: (part: unknown) => unknown }> = [
      { verb: 'post', path: '/api/v1/demands', who: () => enterprise, body: demandBody() },
      { verb: 'post', path: '/api/v1/demands', who: () => enterprise, body: demandBody().budget as Record<string, unknown>, wrap: (budget) => demandBody({ budget }) },
      { verb: 'post', path: '/api/v1/achievements', who: () => university, body: achievementBody() },
      { verb: 'post', path: '/api/v1/achievements', who: () => university, body: (achievementBody().ipRights as Array<Record<string, unknown>>)[0]!, wrap: (ip) => achievementBody({ ipRights: [ip] }) },
      { verb: 'patch', path: `/api/v1/demands/${draft}`, who: () => enterprise, body: { version: 1, title: '修改后的需求', keywords: ['轴承'], budget: { minWan: 10, maxWan: 20 } } },
      { verb: 'post', path: `/api/v1/matches/${matchId}/feedback`, who: () => enterprise, body: { verdict: 'not_relevant', reason: '方向不符' } },
      { verb: 'post', path: `/api/v1/matches/${matchId}/actions/dismiss`, who: () => enterprise, body: { reason: '方向不符', version: 1 } },
      {
        verb: 'patch',
        path: `/api/v1/organizations/${enterprise.organizationId}`,
        who: () => enterprise,
        body: { version: 1, name: '大连某装备有限公司', description: '风电装备', fields: ['equipment'], tiers: ['high_tech'], size: 'medium' },
      },
      { verb: 'post', path: `/api/v1/organizations/${enterprise.organizationId}/invitations`, who: () => enterprise, body: { email: 'colleague@example.test', memberRole: 'member' } },
      { verb: 'put', path: `/api/v1/demands/${demand.id}/disclosures/${university.organizationId}`, who: () => enterprise, body: {} },
    ];
    for (const route of routes) {
      const fields = Object.keys(route.body);
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })), fc.nat(fields.length), async (value, which) => {
          const part = which === fields.length ? value : { ...route.body, [fields[which]!]: value };
          await send(route.verb, route.path, route.who(), { body: route.wrap ? route.wrap(part) : part });
        }),
        { numRuns: 25, seed: 7 },
      );
    }
    expect(problems).toEqual([]);
    expect([...statuses].filter((s) => s < 300).length).toBeGreaterThan(0);
    expect(statuses).toContain(400);
  });

  it('arbitrary query parameters on every list give a 2xx or a 4xx in the error shape', async () => {
    problems.length = 0;
    statuses.clear();
    const keys = ['q', 'fieldCode', 'chainCode', 'regionPrefix', 'organizationId', 'cooperationMode', 'status', 'budgetMin', 'budgetMax', 'priceMin', 'priceMax', 'desiredStage', 'stage', 'trlMin', 'trlMax', 'challengeOnly', 'sort', 'page', 'pageSize', 'state', 'side', 'format'];
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('', '-1', '0', '1e308', 'NaN', '1.5', '99999999999999999999', '__proto__', 'constructor', 'published,draft', '21', '中试', 'true', 'csv', 'xlsx'),
      fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    );
    const query = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 });
    const lists: Array<[string, () => Session]> = [
      ['/api/v1/demands', () => enterprise],
      ['/api/v1/achievements', () => university],
      ['/api/v1/demands/export', () => enterprise],
      [`/api/v1/demands/${demand.id}/matches`, () => enterprise],
      ['/api/v1/matches', () => enterprise],
    ];
    for (const [path, who] of lists) {
      await fc.assert(
        fc.asyncProperty(query, async (q) => send('get', path, who(), { query: q })),
        { numRuns: 40, seed: 7 },
      );
    }
    expect(problems).toEqual([]);
    expect(statuses).toContain(200);
    expect(statuses).toContain(400);
  });
});

import request from 'supertest';
import { registerOrganization, type Session } from '../support/accounts';
import { publishedItem, verifiedOrganization } from '../support/catalog';
import { chinaDay } from '../support/days';
import { startTestApp, type TestApp } from '../support/harness';
import { CONFIDENTIAL_ACHIEVEMENT } from '../support/matching';

/** 浏览量: an item's owner reads how many other organisations read it and how many keep it, never who. */
describe('item views', () => {
  let app: TestApp;
  let owner: Session;
  let reader: Session;
  let another: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await verifiedOrganization(app, 'university');
    reader = await verifiedOrganization(app, 'enterprise');
    another = await registerOrganization(app, 'institute');
  });
  afterAll(() => app.close());

  const http = () => request(app.http);
  const read = (path: string, s?: Session) => (s ? http().get(path).set(s.auth) : http().get(path)).expect(200);

  it('counts each other organisation once a day, never the owner, and the people who keep the item', async () => {
    const item = await publishedItem(app, owner, 'achievements', CONFIDENTIAL_ACHIEVEMENT);
    const path = `/api/v1/achievements/${item.id}`;
    await read(path, owner);
    // The enterprise reads the neutral face of the confidential achievement, twice: one organisation, one day.
    expect((await read(path, reader)).body.title).toBe(CONFIDENTIAL_ACHIEVEMENT.neutralTitle);
    await read(path, reader);
    await read(path, another);
    await http().put(`/api/v1/me/bookmarks/achievement/${item.id}`).set(reader.auth).expect(200);
    // A read long ago counts among all readers, not among recent ones.
    const earlier = await registerOrganization(app, 'enterprise');
    await app.sql(`INSERT INTO item_views (item_kind, item_id, day, organization_id) VALUES ('achievement', $1, $2, $3)`, [item.id, chinaDay(-40), earlier.organizationId]);

    const stats = (await read(`${path}/views`, owner)).body;
    expect(stats).toEqual({ organizations: 3, organizationsRecently: 2, bookmarks: 1, days: [{ day: chinaDay(), organizations: 2 }] });
    expect(JSON.stringify(stats)).not.toContain(reader.organizationId!);
  });

  it('only the owner reads the counts; demands are counted alike; anonymous visitors are not counted', async () => {
    const demand = await publishedItem(app, reader, 'demands', { visibility: 'public' });
    const path = `/api/v1/demands/${demand.id}`;
    await read(path);
    await read(path, owner);
    expect((await read(`${path}/views`, reader)).body).toMatchObject({ organizations: 1, organizationsRecently: 1, bookmarks: 0 });
    expect((await http().get(`${path}/views`).set(owner.auth).expect(403)).body.code).toBe('not_owner');
    await http().get(`${path}/views`).expect(401);
    // A members-only demand does not exist for an anonymous visitor: a 404, and nothing counted.
    const membersOnly = await publishedItem(app, reader, 'demands', { visibility: 'members' });
    await http().get(`/api/v1/demands/${membersOnly.id}`).expect(404);
    await http().get(`/api/v1/demands/${membersOnly.id}/views`).set(another.auth).expect(403);
    expect((await read(`/api/v1/demands/${membersOnly.id}/views`, reader)).body).toEqual({ organizations: 0, organizationsRecently: 0, bookmarks: 0, days: [] });
  });
});

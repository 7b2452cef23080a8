import request from 'supertest';
import { type Session, userWithRole } from '../support/accounts';
import { createEvent, eventAction, eventBody } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';

/** Finding events: enterprises look for the next 专场 of their field. */
describe('listing events', () => {
  let app: TestApp;
  let organizer: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
  });
  afterAll(() => app.close());

  const inDays = (days: number, hhmm: string) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${hhmm}:00+08:00`;
  const advertised = async (title: string, themeFieldCode: string, days: number) => {
    const sessions = (eventBody().sessions as Array<Record<string, unknown>>).map((s, i) => ({ ...s, startsAt: inDays(days, i ? '14:00' : '09:00') }));
    const { id } = await createEvent(app, organizer, { title, themeFieldCode, sessions });
    await eventAction(app, organizer, id, 'open_registration');
    return id;
  };
  const titles = async (query: Record<string, string>) =>
    ((await request(app.http).get('/api/v1/events').query({ pageSize: '100', ...query }).expect(200)).body.items as Array<{ title: string }>).map((e) => e.title);

  it('upcoming: events not yet over, the soonest first; by theme too', async () => {
    await advertised('十天后的新材料专场', 'materials', 10);
    await advertised('四天后的装备专场', 'equipment', 4);
    const over = await advertised('已办完的装备专场', 'equipment', 4);
    await app.sql(`UPDATE events SET sessions = (SELECT jsonb_agg(jsonb_set(s, '{startsAt}', to_jsonb(to_char(now() - interval '2 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))) FROM jsonb_array_elements(sessions) s) WHERE id = $1`, [over]);
    const calledOff = await advertised('已取消的装备专场', 'equipment', 6);
    await eventAction(app, organizer, calledOff, 'cancel', { reason: '场地调整，改期另行通知' });

    expect(await titles({ upcoming: 'true' })).toEqual(['四天后的装备专场', '十天后的新材料专场']);
    expect(await titles({ upcoming: 'true', themeFieldCode: 'equipment' })).toEqual(['四天后的装备专场']);
    expect((await titles({ themeFieldCode: 'equipment' })).sort()).toEqual(['四天后的装备专场', '已办完的装备专场', '已取消的装备专场'].sort());
    expect((await titles({})).length).toBe(4);
  });
});

import request from 'supertest';
import { addDays, DemandsService, EXPIRY_NOTICE_DAYS, todayInChina } from '@techbridge/catalog';
import { JobProducer, Queues } from '@techbridge/queue';
import { assignBroker, loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { achievementBody, demandBody, publishedItem, verifiedOrganization, verifyOrganization } from '../support/catalog';
import { chinaDay } from '../support/days';
import { eventually, startTestApp, type TestApp } from '../support/harness';

describe('demands and achievements: validation, lifecycle, ownership', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  beforeAll(async () => {
    app = await startTestApp();
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
  });
  afterAll(() => app.close());

  const post = (s: Session, kind: string, body: unknown) => request(app.http).post(`/api/v1/${kind}`).set(s.auth).send(body as object);
  const notices = async (s: Session, kind: string): Promise<Array<{ title: string; body: string; subject: Record<string, string> }>> =>
    (await request(app.http).get('/api/v1/notifications').query({ kind }).set(s.auth).expect(200)).body.items;
  const fieldsOf = (res: request.Response) => res.body.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`);

  it('creates a demand as a draft with every field of the brief', async () => {
    const res = await post(enterprise, 'demands', demandBody({ challenge: { rewardWan: 200, deadline: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), evaluationPlan: '初评—现场考察—综合论证' } })).expect(201);
    expect(res.body).toMatchObject({
      status: 'draft', redacted: false, organizationId: enterprise.organizationId, fieldCode: 'equipment', regionName: '辽宁省大连市甘井子区',
      budget: { minWan: 50, maxWan: 150, negotiable: false }, desiredStage: 'industrial', localPreference: true, version: 1,
      challenge: { rewardWan: 200, evaluationPlan: '初评—现场考察—综合论证' }, neutralTitle: '装备制造领域技术需求',
    });
  });

  it.each([
    [{ budget: { minWan: 200, maxWan: 100 } }, 'budget:minAboveMax'],
    [{ budget: { negotiable: true, minWan: 10 } }, 'budget:negotiableWithFigures'],
    [{ budget: {} }, 'budget:required'],
    [{ validUntil: '2020-01-01' }, 'validUntil:inFuture'],
    [{ validUntil: '2026-02-30' }, 'validUntil:isDate'],
    [{ fieldCode: 'astrology' }, 'fieldCode:unknown'],
    [{ chainCodes: ['no_such_chain'] }, 'chainCodes:unknown'],
    [{ desiredStage: 'laboratory' }, 'desiredStage:isIn'],
    [{ regionCode: '219999' }, 'regionCode:regionCode.unknown'],
    [{ cooperationModes: [] }, 'cooperationModes:arrayMinSize'],
    [{ challenge: { rewardWan: 10, deadline: '2099-01-01', evaluationPlan: 'x' } }, 'challenge.deadline:afterValidUntil'],
    [{ status: 'published' }, 'status:unknown_field'],
    [{ organizationId: '6f1c2a52-9a43-4f0e-8b1b-9d1f0f3c2a11' }, 'organizationId:unknown_field'],
  ])('refuses a demand with %j (%s)', async (override, expected) => {
    const res = await post(enterprise, 'demands', demandBody(override)).expect(400);
    expect(fieldsOf(res)).toContain(expected);
  });

  it.each([
    [{ trl: 8, stage: 'laboratory' }, 'trl:stageMismatch'],
    [{ trl: 10 }, 'trl:max'],
    [{ ipRights: [{ kind: 'invention_patent', number: 'ZL202110123456.8', status: 'granted' }] }, 'ipRights.0.number:ipNumber.check_character'],
    [{ ipRights: [{ kind: 'utility_model', number: 'ZL202110123456.7', status: 'granted' }] }, 'ipRights.0.number:ipNumber.kind_mismatch'],
    [{ ipRights: [{ kind: 'invention_patent', number: 'CN123', status: 'granted' }] }, 'ipRights.0.number:ipNumber.format'],
    [{ ipRights: [{ kind: 'know_how', number: 'ZL202110123456.7', status: 'applied' }] }, 'ipRights.0.number:ipNumber.unexpected'],
    [{ price: { minWan: -1 } }, 'price.minWan:min'],
  ])('refuses an achievement with %j (%s)', async (override, expected) => {
    const res = await post(university, 'achievements', achievementBody(override)).expect(400);
    expect(fieldsOf(res)).toContain(expected);
  });

  it('accepts software copyrights, know-how and 面议', async () => {
    const res = await post(university, 'achievements', achievementBody({
      ipRights: [{ kind: 'software_copyright', number: '2021SR0123456', status: 'granted' }, { kind: 'know_how', status: 'applied' }],
      price: { negotiable: true }, trl: 3, stage: 'laboratory',
    })).expect(201);
    expect(res.body.price).toEqual({ minWan: null, maxWan: null, negotiable: true });
  });

  it('only organisations of the right kind own items', async () => {
    const government = await registerOrganization(app, 'government');
    expect((await post(government, 'demands', demandBody()).expect(403)).body.code).toBe('organization_type');
    const admin = await loginAdmin(app);
    expect((await post(admin, 'achievements', achievementBody()).expect(403)).body.code).toBe('no_organization');
  });

  it('publishing needs a verified organisation; illegal transitions are 409s naming both states', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const { body: draft } = await post(owner, 'demands', demandBody()).expect(201);
    const refused = await request(app.http).post(`/api/v1/demands/${draft.id}/actions/publish`).set(owner.auth).send({}).expect(403);
    expect(refused.body.code).toBe('organization_not_verified');
    await verifyOrganization(app, owner.organizationId!);
    const published = await request(app.http).post(`/api/v1/demands/${draft.id}/actions/publish`).set(owner.auth).send({}).expect(200);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
    await request(app.http).post(`/api/v1/demands/${draft.id}/actions/solve`).set(owner.auth).send({}).expect(200);
    const illegal = await request(app.http).post(`/api/v1/demands/${draft.id}/actions/publish`).set(owner.auth).send({}).expect(409);
    expect(illegal.body).toMatchObject({ code: 'invalid_transition', details: { from: 'solved', to: 'published', action: 'publish' } });
    expect(illegal.body.message).toContain('solved');
    expect(illegal.body.message).toContain('published');
    // Inherited property names are unknown actions too, not a 500.
    for (const action of ['teleport', 'constructor', 'toString', 'hasOwnProperty']) {
      const unknown = await request(app.http).post(`/api/v1/demands/${draft.id}/actions/${action}`).set(owner.auth).send({}).expect(400);
      expect(unknown.body.fields[0].field).toBe('action');
    }
    expect((await request(app.http).patch(`/api/v1/demands/${draft.id}`).set(owner.auth).send({ version: 3, title: '改个名字' }).expect(409)).body.code).toBe('invalid_transition');
  });

  it.each([
    ['demands', [['publish', 'published'], ['start_negotiation', 'in_negotiation'], ['resume', 'published'], ['close', 'closed']]],
    ['demands', [['publish', 'published'], ['start_negotiation', 'in_negotiation'], ['solve', 'solved']]],
    ['achievements', [['publish', 'published'], ['start_negotiation', 'in_negotiation'], ['transfer', 'transferred']]],
    ['achievements', [['publish', 'published'], ['close', 'closed'], ['reopen', 'draft'], ['publish', 'published'], ['close', 'closed']]],
  ] as const)('%s follow their lifecycle: %j', async (kind, steps) => {
    const owner = kind === 'demands' ? enterprise : university;
    await verifyOrganization(app, owner.organizationId!);
    const { body: item } = await post(owner, kind, kind === 'demands' ? demandBody() : achievementBody()).expect(201);
    for (const [action, status] of steps) {
      const res = await request(app.http).post(`/api/v1/${kind}/${item.id}/actions/${action}`).set(owner.auth).send({}).expect(200);
      expect(res.body.status).toBe(status);
    }
    const trail = await app.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE resource_id = $1 ORDER BY id`, [item.id]);
    expect(trail.map((t) => t.action)).toEqual([`${kind.slice(0, -1)}.create`, ...steps.map(([action]) => `${kind.slice(0, -1)}.${action}`)]);
  });

  it('a draft is discarded, not closed: an unverified organisation cannot list it by closing it', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    for (const [kind, body] of [['demands', demandBody()], ['achievements', achievementBody()]] as const) {
      const { body: draft } = await post(kind === 'demands' ? owner : university, kind, body).expect(201);
      const session = kind === 'demands' ? owner : university;
      const close = await request(app.http).post(`/api/v1/${kind}/${draft.id}/actions/close`).set(session.auth).send({}).expect(409);
      expect(close.body).toMatchObject({ code: 'invalid_transition', details: { from: 'draft', action: 'close' } });
      await request(app.http).delete(`/api/v1/${kind}/${draft.id}`).set(session.auth).expect(204);
    }
  });

  it('an item closed without ever being published (stored so before) is its owner’s alone: no read, list, export or attachment shows it', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const title = '从未发布即关闭的需求';
    const { body: draft } = await post(owner, 'demands', demandBody({ title, regionCode: '210106' })).expect(201);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n需求说明'), Buffer.alloc(64, 0x20)]);
    const { body: attachment } = await request(app.http).post(`/api/v1/demands/${draft.id}/attachments`).set(owner.auth).attach('file', pdf, '说明.pdf').expect(201);
    await app.sql(`UPDATE tech_demands SET status = 'closed' WHERE id = $1`, [draft.id]); // as `close` from a draft left it
    const ids = (res: request.Response) => res.body.items.map((i: { id: string }) => i.id);
    for (const caller of [undefined, university.auth]) {
      const as = (r: request.Test) => (caller ? r.set(caller) : r);
      await as(request(app.http).get(`/api/v1/demands/${draft.id}`)).expect(404);
      await as(request(app.http).get(`/api/v1/demands/${draft.id}/attachments`)).expect(404);
      await as(request(app.http).get(`/api/v1/attachments/${attachment.id}`)).expect(404);
      expect(ids(await as(request(app.http).get('/api/v1/demands').query({ regionPrefix: '210106' })).expect(200))).not.toContain(draft.id);
      expect(ids(await as(request(app.http).get('/api/v1/demands').query({ q: '从未发布' })).expect(200))).not.toContain(draft.id);
      expect((await as(request(app.http).get('/api/v1/demands/export').query({ format: 'csv', regionPrefix: '210106' })).expect(200)).text).not.toContain(title);
    }
    expect((await request(app.http).get(`/api/v1/demands/${draft.id}`).set(owner.auth).expect(200)).body).toMatchObject({ status: 'closed', publishedAt: null });
    expect(ids(await request(app.http).get('/api/v1/demands').query({ regionPrefix: '210106' }).set(owner.auth).expect(200))).toEqual([draft.id]);
  });

  it('a demand is valid through the last day of its 有效期', async () => {
    const owner = await verifiedOrganization(app, 'enterprise'); // its reminders are its own
    const { body: lastDay } = await post(owner, 'demands', demandBody({ validUntil: chinaDay(0) })).expect(201);
    const published = await request(app.http).post(`/api/v1/demands/${lastDay.id}/actions/publish`).set(owner.auth).send({}).expect(200);
    expect(published.body).toMatchObject({ status: 'published', validUntil: chinaDay(0) });
    expect(await app.worker!.get(DemandsService).expireOverdue()).not.toContain(lastDay.id);
    expect((await request(app.http).get(`/api/v1/demands/${lastDay.id}`).set(university.auth).expect(200)).body.status).toBe('published');
    await request(app.http).patch(`/api/v1/demands/${lastDay.id}`).set(owner.auth).send({ version: published.body.version, title: '当天到期的需求' }).expect(200);
    expect(fieldsOf(await post(owner, 'demands', demandBody({ validUntil: chinaDay(-1) })).expect(400))).toEqual(['validUntil:inFuture']);
  });

  it('an update based on an old version is a 409 and changes nothing', async () => {
    const { body: draft } = await post(enterprise, 'demands', demandBody()).expect(201);
    const first = await request(app.http).patch(`/api/v1/demands/${draft.id}`).set(enterprise.auth).send({ version: 1, title: '主轴轴承早期损伤在线预警' }).expect(200);
    expect(first.body).toMatchObject({ version: 2, title: '主轴轴承早期损伤在线预警' });
    const stale = await request(app.http).patch(`/api/v1/demands/${draft.id}`).set(enterprise.auth).send({ version: 1, title: '旧版本的修改' }).expect(409);
    expect(stale.body.code).toBe('stale_version');
    expect((await request(app.http).get(`/api/v1/demands/${draft.id}`).set(enterprise.auth)).body.title).toBe('主轴轴承早期损伤在线预警');
    const invalid = await request(app.http).patch(`/api/v1/demands/${draft.id}`).set(enterprise.auth).send({ version: 2, budget: { minWan: 9, maxWan: 1 } }).expect(400);
    expect(fieldsOf(invalid)).toContain('budget:minAboveMax');
  });

  it('drafts are the owner’s alone; others cannot change what is not theirs', async () => {
    const { body: draft } = await post(enterprise, 'demands', demandBody()).expect(201);
    const other = await registerOrganization(app, 'enterprise');
    await request(app.http).get(`/api/v1/demands/${draft.id}`).set(other.auth).expect(404);
    await request(app.http).get(`/api/v1/demands/${draft.id}`).expect(404);
    await request(app.http).patch(`/api/v1/demands/${draft.id}`).set(other.auth).send({ version: 1, title: '抢改' }).expect(404);
    await verifyOrganization(app, enterprise.organizationId!);
    const pub = await publishedItem(app, enterprise, 'demands');
    // Visible now, but still not theirs to change.
    expect((await request(app.http).patch(`/api/v1/demands/${pub.id}`).set(other.auth).send({ version: pub.version, title: '抢改' }).expect(403)).body.code).toBe('not_owner');
    await request(app.http).post(`/api/v1/demands/${pub.id}/actions/close`).set(other.auth).send({}).expect(403);
  });

  it('archiving takes a closed item off every list; an open one must be closed first', async () => {
    await verifyOrganization(app, enterprise.organizationId!);
    const pub = await publishedItem(app, enterprise, 'demands', { title: '待归档的需求' });
    expect((await request(app.http).delete(`/api/v1/demands/${pub.id}`).set(enterprise.auth).expect(409)).body.code).toBe('invalid_transition');
    await request(app.http).post(`/api/v1/demands/${pub.id}/actions/close`).set(enterprise.auth).send({}).expect(200);
    await request(app.http).delete(`/api/v1/demands/${pub.id}`).set(enterprise.auth).expect(204);
    await request(app.http).get(`/api/v1/demands/${pub.id}`).set(university.auth).expect(404);
    const list = await request(app.http).get('/api/v1/demands').query({ q: '待归档' }).set(university.auth).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(pub.id);
  });

  it('a broker drafts for an organisation it serves, and the audit names both', async () => {
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, university.organizationId!);
    const res = await request(app.http).post('/api/v1/achievements').set(broker.auth).set('X-Acting-Organization', university.organizationId!).send(achievementBody()).expect(201);
    expect(res.body.organizationId).toBe(university.organizationId);
    const audit = await app.sql<{ broker_user_id: string; organization_id: string }>(`SELECT broker_user_id, organization_id FROM audit_entries WHERE action = 'achievement.create' AND resource_id = $1`, [res.body.id]);
    expect(audit).toEqual([{ broker_user_id: broker.userId, organization_id: university.organizationId }]);
    // Without the header a broker's own agency owns nothing of this kind.
    expect((await request(app.http).post('/api/v1/achievements').set(broker.auth).send(achievementBody()).expect(403)).body.code).toBe('organization_type');
  });

  it('a demand past its 有效期 is expired by the scheduled job in the worker', async () => {
    await verifyOrganization(app, enterprise.organizationId!);
    const pub = await publishedItem(app, enterprise, 'demands', { title: '即将过期的需求' });
    const fresh = await publishedItem(app, enterprise, 'demands', { title: '仍有效的需求' });
    const negotiating = await publishedItem(app, enterprise, 'demands', { title: '洽谈中过期的需求' });
    await request(app.http).post(`/api/v1/demands/${negotiating.id}/actions/start_negotiation`).set(enterprise.auth).send({}).expect(200);
    await app.sql(`UPDATE tech_demands SET valid_until = current_date - 1 WHERE id = ANY($1)`, [[pub.id, negotiating.id]]);
    await app.api.get(JobProducer).enqueue('catalog.expire_demands', {});
    // Reads show it expired at once; the job records it (a new version).
    const expired = await eventually(async () => {
      const res = await request(app.http).get(`/api/v1/demands/${pub.id}`).set(enterprise.auth);
      return res.body.status === 'expired' && res.body.version > pub.version ? res.body : undefined;
    });
    expect(expired.version).toBe(pub.version + 1);
    expect((await request(app.http).get(`/api/v1/demands/${fresh.id}`).set(enterprise.auth)).body.status).toBe('published');
    expect(await app.sql(`SELECT 1 FROM audit_entries WHERE action = 'demand.expire' AND resource_id = $1`, [pub.id])).toHaveLength(1);
    // A demand in negotiation lapses too (the negotiation itself goes on in its match).
    expect(await app.sql(`SELECT status FROM tech_demands WHERE id = $1`, [negotiating.id])).toEqual([{ status: 'expired' }]);
    // Re-publishing needs a new validity date.
    const again = await request(app.http).post(`/api/v1/demands/${pub.id}/actions/publish`).set(enterprise.auth).send({}).expect(409);
    expect(again.body.message).toContain('validUntil');
    // The negotiation that went on may still solve it.
    expect((await request(app.http).post(`/api/v1/demands/${negotiating.id}/actions/solve`).set(enterprise.auth).send({}).expect(200)).body.status).toBe('solved');
    // The owner is told, once per demand.
    const told = await notices(enterprise, 'demand.expired');
    expect(told.map((n) => n.subject.demandId).sort()).toEqual([pub.id, negotiating.id].sort());
    expect(told.find((n) => n.subject.demandId === pub.id)).toMatchObject({ title: '技术需求「即将过期的需求」已过有效期', body: expect.stringContaining('请延长有效期后重新发布') });
  });

  it('tells the owner a week before a demand’s 有效期 ends, once per validity day', async () => {
    await verifyOrganization(app, enterprise.organizationId!);
    const soon = await publishedItem(app, enterprise, 'demands', { title: '下周到期的需求' });
    const later = await publishedItem(app, enterprise, 'demands', { title: '下月到期的需求' });
    const draft = await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody({ title: '未发布的需求' })).expect(201);
    const setValidUntil = (id: string, days: number) => app.sql(`UPDATE tech_demands SET valid_until = $2 WHERE id = $1`, [id, addDays(todayInChina(), days)]);
    await setValidUntil(soon.id, EXPIRY_NOTICE_DAYS);
    await setValidUntil(later.id, EXPIRY_NOTICE_DAYS + 1);
    await setValidUntil(draft.body.id, 1);

    const job = await app.api.get(JobProducer).enqueue('catalog.expire_demands', {});
    const done = await eventually(async () => {
      const finished = await app.api.get(JobProducer).queue(Queues.catalog).getJob(job);
      return finished?.finishedOn ? finished : undefined;
    });
    expect(done.returnvalue).toMatchObject({ reminded: 1 });
    const [notice, ...more] = await notices(enterprise, 'demand.expiring');
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ title: `技术需求「下周到期的需求」的有效期至 ${addDays(todayInChina(), EXPIRY_NOTICE_DAYS)}`, subject: { demandId: soon.id } });

    // Running again reminds nobody; a new validity day that comes near reminds again.
    expect(await app.worker!.get(DemandsService).remindExpiring()).toEqual([]);
    await setValidUntil(soon.id, 2);
    expect(await app.worker!.get(DemandsService).remindExpiring()).toEqual([soon.id]);
    expect(await notices(enterprise, 'demand.expiring')).toHaveLength(2);
    // Others do not see the owner's notices.
    expect((await request(app.http).get('/api/v1/notifications').query({ kind: 'demand' }).set(university.auth).expect(200)).body.total).toBe(0);
  });

  it('admins edit the taxonomy: a new chain is usable at once, a deactivated field no longer is', async () => {
    const admin = await loginAdmin(app);
    await request(app.http).put('/api/v1/admin/taxonomy/chains/low_altitude').set(admin.auth).send({ label: '低空经济', fieldCode: 'aerospace' }).expect(200);
    await post(enterprise, 'demands', demandBody({ fieldCode: 'aerospace', chainCodes: ['low_altitude'] })).expect(201);
    await request(app.http).put('/api/v1/admin/taxonomy/fields/textiles').set(admin.auth).send({ label: '纺织与轻工', active: false }).expect(200);
    expect(fieldsOf(await post(enterprise, 'demands', demandBody({ fieldCode: 'textiles', chainCodes: [] })).expect(400))).toContain('fieldCode:inactive');
    await request(app.http).put('/api/v1/admin/taxonomy/chains/x').set(admin.auth).send({ label: 'x', fieldCode: 'nope' }).expect(400);
    await request(app.http).put('/api/v1/admin/taxonomy/fields/textiles').set(enterprise.auth).send({ label: 'x' }).expect(403);
  });

  it('the expiry job is scheduled in the worker', async () => {
    const queue = app.api.get(JobProducer).queue('catalog');
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('catalog.expire_demands');
  });
});

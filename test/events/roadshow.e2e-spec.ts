import request from 'supertest';
import { assignBroker, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifiedOrganization } from '../support/catalog';
import { acceptedRequest, approvedParticipant, createEvent, eventAction, scheduled } from '../support/events';
import { slotUnderway } from '../support/event-day';
import { startTestApp, type TestApp } from '../support/harness';

/** 路演: organizers put participants' achievements on the stage; the audience registers interest, which the presenter follows up. */
describe('roadshow', () => {
  let app: TestApp;
  let organizer: Session;
  beforeAll(async () => {
    app = await startTestApp();
    organizer = await userWithRole(app, 'organizer', 'government');
  });
  afterAll(() => app.close());

  const http = () => request(app.http);
  /** An event in registration with a university (supply) and an enterprise (demand) approved; the university has one published achievement. */
  const stage = async () => {
    const { id } = await createEvent(app, organizer);
    await eventAction(app, organizer, id, 'open_registration');
    const university = await verifiedOrganization(app, 'university');
    const enterprise = await registerOrganization(app, 'enterprise');
    const presenter = await approvedParticipant(app, organizer, id, university, 'supply');
    const audience = await approvedParticipant(app, organizer, id, enterprise, 'demand');
    const achievement = await publishedItem(app, university, 'achievements');
    const day = ((await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body.sessions[0].startsAt as string).slice(0, 10);
    const at = (hhmm: string) => `${day}T${hhmm}:00+08:00`;
    const base = `/api/v1/events/${id}/roadshow`;
    return { id, base, university, enterprise, presenter, audience, achievement, at, day };
  };
  const noticesOf = async (s: Session, kind: string) =>
    (await http().get('/api/v1/notifications').query({ kind }).set(s.auth).expect(200)).body.items as Array<{ title: string; body: string; subject: Record<string, string> }>;

  it('organizers compose a programme in time order; the presenter is told; pitches never share the stage', async () => {
    const s = await stage();
    const second = await publishedItem(app, s.university, 'achievements', { title: '风电齿轮箱油液在线磨粒监测' });
    const late = await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: second.id, startsAt: s.at('08:40'), minutes: 10 }).expect(201);
    const early = await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: s.achievement.id, title: '轴承早期损伤声发射监测', startsAt: s.at('08:20'), minutes: 15 }).expect(201);
    expect(early.body).toMatchObject({ title: '轴承早期损伤声发射监测', minutes: 15, interests: 0, interested: false, followsUp: true, presenterName: expect.any(String) });
    expect(new Date(early.body.endsAt).getTime() - new Date(early.body.startsAt).getTime()).toBe(15 * 60_000);
    expect(late.body.title).toBe('风电齿轮箱油液在线磨粒监测');

    const programme = (await http().get(s.base).set(s.enterprise.auth).expect(200)).body as Array<{ id: string; followsUp: boolean }>;
    expect(programme.map((p) => p.id)).toEqual([early.body.id, late.body.id]);
    expect(programme.every((p) => !p.followsUp)).toBe(true);
    const told = await noticesOf(s.university, 'event.roadshow_pitch');
    expect(told.map((n) => n.subject.pitchId).sort()).toEqual([early.body.id, late.body.id].sort());
    expect(told.find((n) => n.subject.pitchId === early.body.id)!.body).toContain('15 分钟');

    // 08:30–08:40 overlaps the pitch ending at 08:35; one ending as the next starts does not.
    const third = await publishedItem(app, s.university, 'achievements', { title: '回转支承服役状态评估' });
    const clash = await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: third.id, startsAt: s.at('08:30'), minutes: 10 }).expect(409);
    expect(clash.body).toMatchObject({ code: 'pitch_overlap', fields: [expect.objectContaining({ field: 'startsAt', code: 'overlap', message: expect.stringContaining('轴承早期损伤声发射监测') })] });
    await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: third.id, startsAt: s.at('08:05'), minutes: 15 }).expect(201);
    expect(await app.sql('SELECT 1 FROM roadshow_pitches WHERE event_id = $1', [s.id])).toHaveLength(3);
  });

  it('refuses, naming the field, what cannot go on the stage', async () => {
    const s = await stage();
    const post = (body: Record<string, unknown>) => http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: s.achievement.id, startsAt: s.at('08:00'), minutes: 10, ...body });
    const fieldOf = (res: request.Response) => [res.status, res.body.code, res.body.fields?.[0]?.field, res.body.fields?.[0]?.code];

    const nextDay = `${new Date(Date.parse(`${s.day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T09:00:00+08:00`;
    expect(fieldOf(await post({ startsAt: nextDay }))).toEqual([400, 'validation_failed', 'startsAt', 'eventDay']);
    expect(fieldOf(await post({ startsAt: `${s.day}T09:00:00` }))).toEqual([400, 'validation_failed', 'startsAt', 'isIso8601']);
    expect(fieldOf(await post({ minutes: 90 }))).toEqual([400, 'validation_failed', 'minutes', 'max']);
    // Another organisation's achievement, an observer, a registration not yet approved.
    const other = await verifiedOrganization(app, 'institute');
    const othersAchievement = await publishedItem(app, other, 'achievements');
    expect(fieldOf(await post({ achievementId: othersAchievement.id }))).toEqual([400, 'validation_failed', 'achievementId', 'notPresenters']);
    const observer = await approvedParticipant(app, organizer, s.id, other, 'observer');
    expect(fieldOf(await post({ participantId: observer, achievementId: othersAchievement.id }))).toEqual([400, 'validation_failed', 'participantId', 'observer']);
    const waiting = await verifiedOrganization(app, 'university');
    const pending = (await http().post(`/api/v1/events/${s.id}/participants`).set(waiting.auth).send({ side: 'supply' }).expect(201)).body.id as string;
    expect(fieldOf(await post({ participantId: pending, achievementId: (await publishedItem(app, waiting, 'achievements')).id }))).toEqual([409, 'not_approved', 'participantId', 'notApproved']);
    // A confidential achievement is disclosed to one counterpart at a time, never to a room.
    const secret = await publishedItem(app, s.university, 'achievements', { visibility: 'confidential', neutralTitle: '装备状态监测技术成果' });
    expect(fieldOf(await post({ achievementId: secret.id }))).toEqual([409, 'confidential_item', 'achievementId', 'confidential']);

    await post({}).expect(201);
    expect(fieldOf(await post({ startsAt: s.at('10:00') }))).toEqual([409, 'conflict', 'achievementId', 'taken']);
    // Only the organizers compose it.
    expect((await http().post(s.base).set(s.university.auth).send({ participantId: s.presenter, achievementId: secret.id, startsAt: s.at('11:00'), minutes: 10 }).expect(403)).body.code).toBe('not_organizer');
    expect(await app.sql('SELECT 1 FROM roadshow_pitches WHERE event_id = $1', [s.id])).toHaveLength(1);

    // Moving the sessions to another day would leave the pitch on a day without the event.
    const event = (await http().get(`/api/v1/events/${s.id}`).set(organizer.auth).expect(200)).body;
    const later = (event.sessions as Array<{ startsAt: string }>).map((session) => ({ ...session, startsAt: session.startsAt.replace(s.day, nextDay.slice(0, 10)) }));
    const moved = await http().patch(`/api/v1/events/${s.id}`).set(organizer.auth).send({ version: event.version, sessions: later }).expect(409);
    expect(moved.body).toMatchObject({ code: 'sessions_in_use', fields: [expect.objectContaining({ field: 'sessions', code: 'pitchOffDay' })] });
  });

  it('the audience registers interest once; the presenter is told once and reads who and why; others may not', async () => {
    const s = await stage();
    const pitch = (await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: s.achievement.id, startsAt: s.at('08:00'), minutes: 10 }).expect(201)).body;
    const interest = `${s.base}/${pitch.id}/interest`;

    const first = await http().put(interest).set(s.enterprise.auth).send({ message: '想了解在风电主轴上的应用' }).expect(200);
    expect(first.body).toMatchObject({ interests: 1, interested: true, followsUp: false });
    const again = await http().put(interest).set(s.enterprise.auth).send({ message: '也想谈回转支承' }).expect(200);
    expect(again.body.interests).toBe(1);
    const told = await noticesOf(s.university, 'event.roadshow_interest');
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('想了解在风电主轴上的应用');

    const list = (await http().get(`${s.base}/${pitch.id}/interests`).set(s.university.auth).expect(200)).body;
    expect(list).toEqual([expect.objectContaining({ participantId: s.audience, organizationId: s.enterprise.organizationId, side: 'demand', sideLabel: '需求方', message: '也想谈回转支承' })]);
    expect((await http().get(`${s.base}/${pitch.id}/interests`).set(organizer.auth).expect(200)).body).toHaveLength(1);
    expect((await http().get(`/api/v1/events/${s.id}/figures`).set(organizer.auth).expect(200)).body.roadshow).toEqual({ pitches: 1, interests: 1, interestedOrganizations: 1 });
    // The organizers' sheet for the follow-up: one row per registration of interest.
    const sheet = (await http().get(`${s.base}/export`).query({ format: 'csv' }).set(organizer.auth).expect(200)).text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(sheet[0]).toBe('路演顺序,开始,结束,路演题目,路演单位,意向单位,意向单位身份,意向留言,登记时间');
    expect(sheet).toHaveLength(2);
    expect(sheet[1]).toContain(pitch.title);
    expect(sheet[1]).toContain('需求方,也想谈回转支承');
    expect((await http().get(`${s.base}/export`).query({ format: 'csv' }).set(s.university.auth).expect(403)).body.code).toBe('not_organizer');
    expect((await http().get(`${s.base}/${pitch.id}/interests`).set(s.enterprise.auth).expect(403)).body.code).toBe('not_presenter');

    // The presenter does not applaud itself; an organisation outside the event reads the programme but no interest, and registers none.
    expect((await http().put(interest).set(s.university.auth).send({}).expect(403)).body.code).toBe('own_pitch');
    const outsider = await registerOrganization(app, 'enterprise');
    expect((await http().get(s.base).set(outsider.auth).expect(200)).body).toEqual([expect.objectContaining({ id: pitch.id, title: pitch.title, interests: null, interested: false, followsUp: false })]);
    expect((await http().put(interest).set(outsider.auth).send({}).expect(403)).body.code).toBe('not_participant');
    expect((await http().get(`${s.base}/${pitch.id}/interests`).set(outsider.auth).expect(403)).body.code).toBe('not_participant');

    await http().delete(interest).set(s.enterprise.auth).expect(204);
    await http().delete(interest).set(s.enterprise.auth).expect(204);
    expect((await http().get(s.base).set(s.enterprise.auth).expect(200)).body[0]).toMatchObject({ interests: 0, interested: false });

    // Once the event is closed, its programme and the interest in it are a record: nothing registered or withdrawn.
    await http().put(interest).set(s.enterprise.auth).send({ message: '会后再登记' }).expect(200);
    await slotUnderway(app, s.id, 0); // closed once it took place
    await eventAction(app, organizer, s.id, 'close');
    expect((await http().put(interest).set(s.enterprise.auth).send({}).expect(409)).body.details).toMatchObject({ from: 'closed', action: 'register interest' });
    expect((await http().delete(interest).set(s.enterprise.auth).expect(409)).body.details).toMatchObject({ from: 'closed', action: 'withdraw interest' });
    expect((await http().get(s.base).set(s.enterprise.auth).expect(200)).body[0]).toMatchObject({ interests: 1, interested: true });
  });

  it('an advertised event shows its programme to anyone, without the interest registered; a draft shows nothing', async () => {
    const s = await stage();
    const pitch = (await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: s.achievement.id, startsAt: s.at('08:00'), minutes: 12 }).expect(201)).body;
    await http().put(`${s.base}/${pitch.id}/interest`).set(s.enterprise.auth).send({ message: '想约一对一' }).expect(200);

    // A pitch of an achievement only signed-in members may read is, to an anonymous visitor, not on the programme.
    const membersOnly = await publishedItem(app, s.university, 'achievements', { title: '高速列车轴箱轴承状态监测', visibility: 'members' });
    const second = (await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: membersOnly.id, startsAt: s.at('08:20'), minutes: 10 }).expect(201)).body;

    const seen = (await http().get(s.base).expect(200)).body;
    expect(seen).toEqual([
      { id: pitch.id, eventId: s.id, participantId: s.presenter, presenterName: pitch.presenterName, achievementId: s.achievement.id, title: pitch.title, startsAt: pitch.startsAt, endsAt: pitch.endsAt, minutes: 12, interests: null, interested: false, followsUp: false, version: pitch.version },
    ]);
    const outsider = await registerOrganization(app, 'enterprise');
    expect((await http().get(s.base).set(outsider.auth).expect(200)).body.map((p: { id: string }) => p.id)).toEqual([pitch.id, second.id]);
    // A registration still waiting for approval is outside too; once approved, it reads the count.
    const applicant = await registerOrganization(app, 'enterprise');
    const registered = await http().post(`/api/v1/events/${s.id}/participants`).set(applicant.auth).send({ side: 'demand' }).expect(201);
    expect((await http().get(s.base).set(applicant.auth).expect(200)).body[0].interests).toBeNull();
    await http().post(`/api/v1/events/${s.id}/participants/${registered.body.id}/actions/approve`).set(organizer.auth).send({}).expect(200);
    expect((await http().get(s.base).set(applicant.auth).expect(200)).body).toEqual([expect.objectContaining({ interests: 1, interested: false }), expect.objectContaining({ id: second.id, interests: 0 })]);

    const draft = await createEvent(app, organizer);
    expect((await http().get(`/api/v1/events/${draft.id}/roadshow`).expect(404)).body.code).toBe('event_not_found');
    expect((await http().get(`/api/v1/events/${draft.id}/roadshow`).set(s.enterprise.auth).expect(404)).body.code).toBe('event_not_found');
    expect((await http().get(`/api/v1/events/${draft.id}/roadshow`).set(organizer.auth).expect(200)).body).toEqual([]);
  });

  it('moving a pitch checks its version and the stage, and tells the presenter; withdrawing it tells the organizers; leaving the event takes it off', async () => {
    const s = await stage();
    const add = async (hhmm: string, title: string) =>
      (await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: (await publishedItem(app, s.university, 'achievements', { title })).id, startsAt: s.at(hhmm), minutes: 10 }).expect(201)).body;
    const a = await add('08:00', '第一项成果的路演');
    const b = await add('08:10', '第二项成果的路演');

    expect((await http().patch(`${s.base}/${a.id}`).set(organizer.auth).send({ version: a.version + 1, minutes: 5 }).expect(409)).body.code).toBe('stale_version');
    expect((await http().patch(`${s.base}/${a.id}`).set(organizer.auth).send({ version: a.version, minutes: 15 }).expect(409)).body.code).toBe('pitch_overlap');
    // Within its own time it does not clash with itself.
    const moved = await http().patch(`${s.base}/${a.id}`).set(organizer.auth).send({ version: a.version, startsAt: s.at('08:30'), minutes: 20 }).expect(200);
    expect(moved.body).toMatchObject({ minutes: 20, version: a.version + 1 });
    expect((await noticesOf(s.university, 'event.roadshow_pitch')).filter((n) => n.title.includes('时间调整'))).toHaveLength(1);

    await http().put(`${s.base}/${b.id}/interest`).set(s.enterprise.auth).send({}).expect(200);
    await http().delete(`${s.base}/${b.id}`).set(s.enterprise.auth).expect(403);
    await http().delete(`${s.base}/${b.id}`).set(s.university.auth).expect(204);
    expect((await noticesOf(organizer, 'event.roadshow_removed')).map((n) => n.subject.pitchId)).toEqual([b.id]);
    expect(await app.sql('SELECT 1 FROM roadshow_interests WHERE participant_id = $1', [s.audience])).toHaveLength(0);

    await http().post(`/api/v1/events/${s.id}/participants/${s.presenter}/actions/withdraw`).set(s.university.auth).send({}).expect(200);
    expect((await http().get(s.base).set(organizer.auth).expect(200)).body).toEqual([]);
  });

  it('a presenter is on the stage or at a table, never both: by hand either way, and in the plan of the scheduler', async () => {
    const s = await stage();
    // Only the morning (09:00–10:20, four slots of 20 minutes) for the presenter, and a second enterprise to meet it.
    await http().patch(`/api/v1/events/${s.id}/participants/${s.presenter}`).set(organizer.auth).send({ sessionKeys: ['am'] }).expect(200);
    const other = await registerOrganization(app, 'enterprise');
    const otherId = await approvedParticipant(app, organizer, s.id, other, 'demand');
    await eventAction(app, organizer, s.id, 'open_booking');
    const pitch = (await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: s.achievement.id, startsAt: s.at('09:00'), minutes: 60 }).expect(201)).body;

    // By hand: slots 0–2 (09:00–10:00) are the stage's; slot 3 is free.
    const meetings = `/api/v1/events/${s.id}/meetings`;
    const onStage = await http().post(meetings).set(organizer.auth).send({ requesterId: s.audience, counterpartId: s.presenter, slot: 1, table: 0 }).expect(409);
    expect(onStage.body).toMatchObject({ code: 'on_stage', fields: [expect.objectContaining({ field: 'slot', message: expect.stringContaining(pitch.title) })] });
    const placed = (await http().post(meetings).set(organizer.auth).send({ requesterId: s.audience, counterpartId: s.presenter, slot: 3, table: 0 }).expect(201)).body;
    expect((await http().patch(`${meetings}/${placed.id}`).set(organizer.auth).send({ slot: 2, table: 0, version: placed.version }).expect(409)).body.code).toBe('on_stage');
    // …and the stage cannot take the presenter's time at a table either.
    const busy = await http().patch(`${s.base}/${pitch.id}`).set(organizer.auth).send({ version: pitch.version, startsAt: s.at('09:30') }).expect(409);
    expect(busy.body).toMatchObject({ code: 'presenter_busy', fields: [expect.objectContaining({ field: 'startsAt', message: expect.stringContaining('slot 3') })] });
    await http().post(`${meetings}/${placed.id}/actions/cancel`).set(organizer.auth).send({}).expect(200);

    // The scheduler: two accepted requests with the presenter, one morning slot left after the stage.
    await acceptedRequest(app, s.id, other, s.university, s.presenter);
    await acceptedRequest(app, s.id, s.enterprise, s.university, s.presenter);
    const run = await scheduled(app, organizer, s.id);
    const placedByRun = await app.sql<{ slot: number }>(`SELECT slot FROM meetings WHERE event_id = $1 AND status = 'scheduled' AND (requester_id = $2 OR counterpart_id = $2)`, [s.id, s.presenter]);
    expect(placedByRun).toEqual([{ slot: 3 }]);
    expect(run.report.unscheduled).toEqual([expect.objectContaining({ counterpartId: s.presenter })]);
    expect([s.audience, otherId]).toContain(run.report.unscheduled[0]!.requesterId);

    // The presenter's agenda and calendar hold its pitch beside its meeting.
    const agendaPath = `/api/v1/events/${s.id}/participants/${s.presenter}/agenda`;
    const agenda = (await http().get(agendaPath).set(organizer.auth).expect(200)).body;
    expect(agenda.pitches).toEqual([{ pitchId: pitch.id, title: pitch.title, startsAt: pitch.startsAt, endsAt: pitch.endsAt, version: pitch.version }]);
    expect(agenda.items.filter((i: { status: string }) => i.status === 'scheduled')).toEqual([expect.objectContaining({ slot: 3 })]);
    const ics = (await http().get(`${agendaPath}.ics`).set(organizer.auth).expect(200)).text;
    expect(ics).toContain(`UID:pitch-${pitch.id}@techbridge`);
    expect(ics).toContain('路演');
  });

  it('a presenter stays a presenter: organizers cannot make it an observer in bulk while it has a pitch', async () => {
    const s = await stage();
    await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: s.achievement.id, startsAt: s.at('08:00'), minutes: 10 }).expect(201);
    const toObserver = { participants: [{ organizationId: s.university.organizationId, side: 'observer' }] };
    const refused = await http().post(`/api/v1/events/${s.id}/participants/bulk`).set(organizer.auth).send(toObserver).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'participants.0.side', code: 'presenter' })]);
    expect((await http().get(`/api/v1/events/${s.id}/participants/${s.presenter}`).set(organizer.auth).expect(200)).body.side).toBe('supply');
  });

  it('two pitches added at once for the same time: one is taken, the other refused', async () => {
    const s = await stage();
    const second = await publishedItem(app, s.university, 'achievements', { title: '另一项同时申请的成果' });
    const answers = await Promise.all(
      [s.achievement.id, second.id].map((achievementId) => http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId, startsAt: s.at('09:00'), minutes: 10 })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await app.sql('SELECT 1 FROM roadshow_pitches WHERE event_id = $1', [s.id])).toHaveLength(1);
  });

  it('a pitch whose achievement turned confidential reads by its neutral title to all but its owner: programme, sheet, messages, notices', async () => {
    const s = await stage();
    const HIDDEN = '声发射';
    const NEUTRAL = '装备状态监测技术成果（保密）';
    // One announced with the achievement's own title, one in the organizers' words: both name the technique.
    const copied = (await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: s.achievement.id, startsAt: s.at('08:00'), minutes: 10 }).expect(201)).body;
    expect(copied.title).toContain(HIDDEN);
    const second = await publishedItem(app, s.university, 'achievements', { title: '风电齿轮箱声发射在线监测' });
    const worded = (await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: second.id, title: '声发射监测：齿轮箱早期预警', startsAt: s.at('08:20'), minutes: 10 }).expect(201)).body;
    await http().put(`${s.base}/${copied.id}/interest`).set(s.enterprise.auth).send({ message: '想约一对一' }).expect(200);

    // The owner makes both confidential afterwards.
    for (const item of [s.achievement, second]) {
      await http().patch(`/api/v1/achievements/${item.id}`).set(s.university.auth).send({ version: item.version, visibility: 'confidential', neutralTitle: NEUTRAL }).expect(200);
    }
    const titles = async (auth?: Record<string, string>) => ((await (auth ? http().get(s.base).set(auth) : http().get(s.base)).expect(200)).body as Array<{ title: string }>).map((p) => p.title);
    expect(await titles(s.enterprise.auth)).toEqual([NEUTRAL, NEUTRAL]);
    expect(await titles(organizer.auth)).toEqual([NEUTRAL, NEUTRAL]);
    expect(await titles(s.university.auth)).toEqual([copied.title, worded.title]);
    expect(await titles()).toEqual([]);
    // The organizers' sheet, and a clash on the stage, name it the same way.
    const sheet = (await http().get(`${s.base}/export`).query({ format: 'csv' }).set(organizer.auth).expect(200)).text;
    expect(sheet).toContain(NEUTRAL);
    expect(sheet).not.toContain(HIDDEN);
    const third = await publishedItem(app, s.university, 'achievements', { title: '回转支承服役状态评估' });
    const clash = await http().post(s.base).set(organizer.auth).send({ participantId: s.presenter, achievementId: third.id, startsAt: s.at('08:05'), minutes: 10 }).expect(409);
    expect(clash.body.fields[0].message).toContain(NEUTRAL);
    expect(JSON.stringify(clash.body)).not.toContain(HIDDEN);
    // The presenter's agenda, as the organizers read it, too.
    const agenda = (await http().get(`/api/v1/events/${s.id}/participants/${s.presenter}/agenda`).set(organizer.auth).expect(200)).body as { pitches: Array<{ title: string }> };
    expect(agenda.pitches.map((p) => p.title)).toEqual([NEUTRAL, NEUTRAL]);

    // Disclosed to the enterprise, that achievement's pitch reads whole to it again; to the organizers it does not.
    await http().put(`/api/v1/achievements/${s.achievement.id}/disclosures/${s.enterprise.organizationId}`).set(s.university.auth).expect(200);
    expect(await titles(s.enterprise.auth)).toEqual([copied.title, NEUTRAL]);
    expect(await titles(organizer.auth)).toEqual([NEUTRAL, NEUTRAL]);
    // A broker serving the enterprise and another client reads, acting for the other, what that client may read.
    const broker = await userWithRole(app, 'broker', 'agency');
    const otherClient = await registerOrganization(app, 'enterprise');
    for (const org of [s.enterprise, otherClient]) await assignBroker(app, broker, org.organizationId!);
    await approvedParticipant(app, organizer, s.id, otherClient, 'demand');
    expect(await titles({ ...broker.auth, 'X-Acting-Organization': otherClient.organizationId! })).toEqual([NEUTRAL, NEUTRAL]);
    expect(await titles({ ...broker.auth, 'X-Acting-Organization': s.enterprise.organizationId! })).toEqual([copied.title, NEUTRAL]);

    // The presenter withdraws one: the organizers' notice names it by its neutral title.
    await http().delete(`${s.base}/${worded.id}`).set(s.university.auth).expect(204);
    const removed = (await noticesOf(organizer, 'event.roadshow_removed')).find((n) => n.subject.pitchId === worded.id);
    expect(removed!.body).toContain(NEUTRAL);
    expect(removed!.body).not.toContain(HIDDEN);
  });
});

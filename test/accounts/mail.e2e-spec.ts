import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notify } from '@techbridge/notifications';
import { JobProducer, Queues, StuckWork } from '@techbridge/queue';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { login, loginAdmin, PASSWORD, registerOrganization, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { poolExpert } from '../support/challenges';
import { createEvent, eventAction } from '../support/events';
import { eventually, startTestApp, type TestApp } from '../support/harness';
import { MailSink, type ReceivedMail } from '../support/mail-sink';
import { freePort } from '../support/ports';

const NEW_PASSWORD = 'Battery-staple-77';
const PUBLIC_URL = 'https://kj.example.cn';
const tokenIn = (mail: ReceivedMail, param: string): string => new URL(/https:\/\/kj\.example\.cn\/\S+/.exec(mail.body)![0]).searchParams.get(param)!;
const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2)}@example.test`;

describe('e-mail through a real SMTP server', () => {
  let app: TestApp;
  let sink: MailSink;
  beforeAll(async () => {
    sink = await MailSink.start();
    app = await startTestApp({ env: { MAIL_URL: sink.url, MAIL_FROM: '辽宁科技成果转化平台 <no-reply@kj.example.cn>', PUBLIC_URL } });
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  /** Starts one of the mail queue's recurring jobs now, through the queue; `finished` says whether it has. */
  const startMailJob = async (name: 'notifications.digest' | 'mail.purge') => {
    const producer = app.worker!.get(JobProducer);
    const job = await producer.enqueue(name, {});
    return { finished: async () => Boolean((await producer.queue(Queues.mail).getJob(job))?.finishedOn) };
  };
  /** Runs one of them and waits for it to finish. */
  const runMailJob = async (name: 'notifications.digest' | 'mail.purge') => {
    const job = await startMailJob(name);
    await eventually(async () => ((await job.finished()) ? true : undefined));
  };
  const mailRows = (recipient: string) =>
    app.sql<{ kind: string; status: string; body: string | null; attempts: number }>(`SELECT kind, status, body, attempts FROM mail_messages WHERE recipient = $1 ORDER BY created_at`, [recipient]);

  it('mails an invitation to the invitee, who registers with the token it holds', async () => {
    const owner = await registerOrganization(app, 'enterprise', { name: '沈阳精工机械有限公司' });
    const email = unique('invitee');
    const created = await request(app.http).post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(owner.auth).send({ email, memberRole: 'admin' }).expect(201);
    expect(created.body.mailed).toBe(true);

    const mail = await sink.mailTo(email);
    expect(mail.subject).toBe('「沈阳精工机械有限公司」邀请您加入科技成果转化对接平台');
    expect(mail.from).toBe('辽宁科技成果转化平台 <no-reply@kj.example.cn>');
    expect(mail.body).toContain('以管理员身份加入');
    const token = tokenIn(mail, 'invitation');
    expect(token).toBe(created.body.token);
    await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '赵工', invitationToken: token }).expect(201);

    // Sent, and the token no longer kept in the database.
    const [row] = await eventually(async () => ((await mailRows(email))[0]?.status === 'sent' ? mailRows(email) : undefined));
    expect(row).toMatchObject({ kind: 'organization.invitation', status: 'sent', body: null, attempts: 1 });
  });

  it('mails a reset an administrator issues to the user', async () => {
    const user = await registerOrganization(app, 'university');
    const issued = await request(app.http).post(`/api/v1/admin/users/${user.userId}/password-resets`).set((await loginAdmin(app)).auth).expect(201);
    expect(issued.body.mailed).toBe(true);
    const mail = await sink.mailTo(user.email);
    expect(mail.body).toContain('管理员为您的账号');
    expect(tokenIn(mail, 'token')).toBe(issued.body.token);
  });

  it('mails a reset an organisation’s administrator issues to the member, and shows the administrator no token', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const email = unique('member');
    const invitation = await request(app.http).post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(owner.auth).send({ email }).expect(201);
    const member = (await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '钱工', invitationToken: invitation.body.token }).expect(201)).body.user;

    const issued = await request(app.http).post(`/api/v1/organizations/${owner.organizationId}/members/${member.id}/password-resets`).set(owner.auth).expect(201);
    expect(issued.body).toMatchObject({ id: expect.any(String), userId: member.id, mailed: true });
    expect(issued.body).not.toHaveProperty('token');
    // The member's mailbox holds it, and it works.
    const mail = await eventually(async () => sink.received.find((m) => m.to.includes(email) && m.body.includes('/reset-password?token=')));
    await request(app.http).post('/api/v1/auth/password-reset').send({ token: tokenIn(mail, 'token'), password: NEW_PASSWORD }).expect(204);
    await login(app, email, NEW_PASSWORD);
  });

  describe('忘记密码 (self-service reset)', () => {
    it('mails a link that sets a new password and ends every session', async () => {
      const user = await registerOrganization(app, 'institute');
      const res = await ask(user.email.toUpperCase()).expect(202);
      expect(res.body.message).toMatch(/if an account uses this address/);

      const mail = await sink.mailTo(user.email);
      expect(mail.subject).toBe('重置您在科技成果转化对接平台的登录密码');
      expect(mail.body).toContain('我们收到了重置账号');
      await request(app.http).post('/api/v1/auth/password-reset').send({ token: tokenIn(mail, 'token'), password: NEW_PASSWORD }).expect(204);
      await request(app.http).post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      const session = await login(app, user.email, NEW_PASSWORD);
      // The address hears that the password changed, each time, however it was changed.
      const changed = await eventually(async () => sink.received.find((m) => m.to.includes(user.email) && m.subject === '您在科技成果转化对接平台的登录密码已修改'));
      expect(changed.body).toContain('通过重置链接修改');
      await request(app.http).post('/api/v1/me/password').set(session.auth).send({ currentPassword: NEW_PASSWORD, newPassword: 'Another-staple-88' }).expect(200);
      await eventually(async () => (sink.received.filter((m) => m.to.includes(user.email) && m.body.includes('在个人设置中修改')).length === 1 ? true : undefined));
      expect((await mailRows(user.email)).map((m) => m.kind)).toEqual(['account.password_reset', 'account.password_changed', 'account.password_changed']);
      const [audit] = await app.sql<{ actor_user_id: string | null; details: { ip: string } }>(
        `SELECT actor_user_id, details FROM audit_entries WHERE action = 'account.request_password_reset' AND resource_id = $1`,
        [user.userId],
      );
      expect(audit).toMatchObject({ actor_user_id: null, details: { ip: expect.any(String) } });
    });

    it('answers the same for an unknown or deactivated address, and mails nothing', async () => {
      const gone = await registerOrganization(app, 'enterprise');
      await request(app.http).post(`/api/v1/admin/users/${gone.userId}/deactivate`).set((await loginAdmin(app)).auth).expect(200);
      const unknown = unique('nobody');
      const answers = [await ask(unknown).expect(202), await ask(gone.email).expect(202)];
      expect(answers[0].body).toEqual(answers[1].body);
      // The mail would have been written in the request's own transaction.
      expect(await mailRows(unknown)).toEqual([]);
      expect(await mailRows(gone.email)).toEqual([]);
    });

    it('sends one mail for requests repeated within five minutes', async () => {
      const user = await registerOrganization(app, 'enterprise');
      await ask(user.email).expect(202);
      await ask(user.email).expect(202);
      await ask(user.email).expect(202);
      expect((await mailRows(user.email)).map((m) => m.kind)).toEqual(['account.password_reset']);
      const resets = await app.sql(`SELECT 1 FROM password_resets WHERE user_id = $1`, [user.userId]);
      expect(resets).toHaveLength(1);
    });

    it('refuses a malformed address, naming the field', async () => {
      const res = await ask('not-an-address').expect(400);
      expect(res.body.fields[0]).toMatchObject({ field: 'email', code: 'isEmail' });
    });
  });

  it('mails an organisation an organizer invites to an event once, however often the list is imported', async () => {
    const organizer = await userWithRole(app, 'organizer', 'government');
    const event = await createEvent(app, organizer, { title: '智能制造专场对接会' });
    await eventAction(app, organizer, event.id, 'open_registration');
    const email = unique('partner');
    for (let i = 0; i < 2; i++) {
      await request(app.http).post(`/api/v1/events/${event.id}/participants/bulk`).set(organizer.auth).send({ participants: [{ email, side: 'supply' }] }).expect(200);
    }
    const mail = await sink.mailTo(email);
    expect(mail.subject).toBe('邀请参加对接会「智能制造专场对接会」');
    expect(mail.body).toContain(`${PUBLIC_URL}/events/${event.id}`);
    expect((await mailRows(email)).map((m) => m.kind)).toEqual(['event.invitation']);
  });

  it('mails an appointed expert, naming a confidential challenge by its neutral title only', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    await verifyOrganization(app, owner.organizationId!);
    const expert = await poolExpert(app, await userWithRole(app, 'organizer', 'government'), await registerOrganization(app, 'university'));
    const challenge = await publishedItem(app, owner, 'demands', {
      title: '某型号燃气轮机叶片涂层寿命提升',
      neutralTitle: '高温部件防护涂层技术需求',
      visibility: 'confidential',
      challenge: { rewardWan: 300, deadline: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), evaluationPlan: '三步评审' },
    });
    await request(app.http).post(`/api/v1/demands/${challenge.id}/experts`).set(owner.auth).send({ userId: expert.userId, stages: ['desk', 'panel'] }).expect(201);
    // After the mail telling the expert they entered the pool.
    const mail = await eventually(async () => sink.received.find((m) => m.to.includes(expert.email) && m.subject.startsWith('邀请您担任')));
    expect(mail.subject).toBe('邀请您担任揭榜挂帅项目「高温部件防护涂层技术需求」的评审专家');
    expect(mail.body).toContain('参加初评、综合论证阶段的评分');
    expect(mail.body).not.toContain('燃气轮机');
  });

  it('mails an expert an organizer’s decision on their 专家库 entry, once per change', async () => {
    const organizer = await userWithRole(app, 'organizer', 'government');
    const expert = await registerOrganization(app, 'university');
    await request(app.http).put('/api/v1/me/expert-profile').set(expert.auth).send({ professionalTitle: '研究员', fieldCodes: ['materials'], specialties: '高温涂层失效分析' }).expect(200);
    const decide = (action: string) => request(app.http).post(`/api/v1/experts/${expert.userId}/actions/${action}`).set(organizer.auth).expect(200);
    await decide('approve');
    await decide('approve');
    const approved = await sink.mailTo(expert.email);
    expect(approved.subject).toBe('您已入选科技成果转化对接平台专家库');
    expect(approved.body).toContain(`${PUBLIC_URL}/me/expert-profile`);
    await decide('revoke');
    await decide('revoke');
    const kinds = async () => (await mailRows(expert.email)).map((m) => m.kind);
    expect(await eventually(async () => ((await mailRows(expert.email)).every((m) => m.status === 'sent') ? kinds() : undefined))).toEqual(['expert.approve', 'expert.revoke']);
    expect(sink.received.filter((m) => m.to.includes(expert.email)).map((m) => m.subject)).toEqual(['您已入选科技成果转化对接平台专家库', '您在科技成果转化对接平台专家库的入库资格已撤回']);
  });

  it('lists what was mailed to administrators, without the bodies', async () => {
    const user = await registerOrganization(app, 'enterprise');
    await ask(user.email);
    await sink.mailTo(user.email);
    const admin = await loginAdmin(app);
    const log = await eventually(async () => {
      const res = await request(app.http).get('/api/v1/admin/mail').query({ recipient: user.email, status: 'sent' }).set(admin.auth).expect(200);
      return res.body.total === 1 ? res.body : undefined;
    });
    expect(log.items[0]).toMatchObject({ kind: 'account.password_reset', recipient: user.email, userId: user.userId, status: 'sent', attempts: 1, lastError: null });
    expect(log.items[0]).not.toHaveProperty('body');
    await request(app.http).get('/api/v1/admin/mail').set(user.auth).expect(403);
  });

  it('gives up on a mail whose jobs were lost, and blanks its body if it held a token', async () => {
    const [secret, plain] = await app.sql<{ id: string }>(
      `INSERT INTO mail_messages (kind, recipient, subject, body, sensitive, requeue_rounds, created_at)
       VALUES ('account.password_reset', 'lost@example.test', '重置密码', 'token: secret', true, 3, now() - interval '1 hour'),
              ('event.invitation', 'lost@example.test', '邀请参加对接会', '欢迎参加', false, 3, now() - interval '1 hour') RETURNING id`,
    );
    await app.worker!.get(StuckWork).reconcile();
    const row = async (id: string) => (await app.sql(`SELECT status, body, failure_reason FROM mail_messages WHERE id = $1`, [id]))[0];
    expect(await row(secret!.id)).toMatchObject({ status: 'failed', body: null, failure_reason: expect.stringMatching(/^gave up after 4 jobs/) });
    expect(await row(plain!.id)).toMatchObject({ status: 'failed', body: '欢迎参加' });
  });

  describe('sending failed mail again (after an outage)', () => {
    const resend = (auth: Record<string, string>, id: string) => request(app.http).post(`/api/v1/admin/mail/${id}/actions/resend`).set(auth);
    /** A mail as the platform writes them, failed for good `minutesAgo` ago (a token's body already blanked). */
    const failedMail = async (kind: string, recipient: string, { sensitive = false, minutesAgo = 0 } = {}) =>
      (
        await app.sql<{ id: string }>(
          `INSERT INTO mail_messages (kind, recipient, subject, body, sensitive, status, attempts, failure_reason, finished_at, created_at)
           VALUES ($1, $2, '邀请参加对接会「储能专场」', $3, $4, 'failed', 10, 'not delivered: connect ECONNREFUSED', now(), now() - make_interval(mins => $5)) RETURNING id`,
          [kind, recipient, sensitive ? null : '主办方邀请贵单位参加对接会「储能专场」。', sensitive, minutesAgo],
        )
      )[0]!.id;

    it('sends one again, after its earlier job finished, and refuses one whose token was not kept', async () => {
      const admin = await loginAdmin(app);
      // A mail sent once, whose job is kept by the queue as completed: the resend must not be swallowed by it.
      const user = await registerOrganization(app, 'enterprise');
      await ask(user.email);
      await sink.mailTo(user.email);
      const recipient = unique('outage');
      const plain = await failedMail('event.invitation', recipient);
      const secret = await failedMail('organization.invitation', recipient, { sensitive: true });

      const listed = (await request(app.http).get('/api/v1/admin/mail').query({ recipient, status: 'failed' }).set(admin.auth).expect(200)).body.items;
      expect(Object.fromEntries(listed.map((m: { kind: string; resendable: boolean }) => [m.kind, m.resendable]))).toEqual({ 'event.invitation': true, 'organization.invitation': false });
      expect(listed[0]).not.toHaveProperty('body');

      const queued = await resend(admin.auth, plain).expect(200);
      expect(queued.body).toMatchObject({ id: plain, status: 'queued', resendable: false });
      expect((await sink.mailTo(recipient)).body).toContain('主办方邀请贵单位参加对接会「储能专场」');
      const [row] = await eventually(async () => ((await mailRows(recipient)).find((m) => m.kind === 'event.invitation')?.status === 'sent' ? mailRows(recipient) : undefined));
      expect(row).toMatchObject({ status: 'sent', attempts: 11 });

      expect((await resend(admin.auth, secret).expect(409)).body.code).toBe('body_discarded');
      expect((await resend(admin.auth, plain).expect(409)).body.code).toBe('invalid_transition');
      const [sent] = await app.sql<{ id: string }>(`SELECT id FROM mail_messages WHERE recipient = $1 AND status = 'sent'`, [user.email]);
      // Sent mail is never sent twice, even when the row is made to look failed after its job completed.
      await app.sql(`UPDATE mail_messages SET status = 'failed', body = 'token: 已作废' WHERE id = $1`, [sent!.id]);
      await resend(admin.auth, sent!.id).expect(200);
      await eventually(async () => ((await mailRows(user.email)).every((m) => m.status === 'sent') ? true : undefined));
      expect(sink.received.filter((m) => m.to.includes(user.email))).toHaveLength(2);

      await resend(admin.auth, '00000000-0000-4000-8000-000000000000').expect(404);
      await resend(user.auth, plain).expect(403);
      expect(await app.sql(`SELECT resource_id FROM audit_entries WHERE action = 'mail.resend' AND resource_id = $1`, [plain])).toHaveLength(1);
    });

    it('sends every failed mail of a kind since a moment again, and counts the tokens it cannot', async () => {
      const admin = await loginAdmin(app);
      const kind = `outage.${Math.random().toString(36).slice(2, 10)}`;
      const [recent, older, other] = [unique('recent'), unique('older'), unique('other')];
      await failedMail(kind, recent, { minutesAgo: 5 });
      await failedMail(kind, older, { minutesAgo: 180 });
      await failedMail(kind, recent, { sensitive: true, minutesAgo: 5 });
      await failedMail('event.invitation', other, { minutesAgo: 5 });
      const since = new Date(Date.now() - 60 * 60_000).toISOString();

      const res = await request(app.http).post('/api/v1/admin/mail/actions/resend-failed').set(admin.auth).send({ kind, since }).expect(200);
      expect(res.body).toEqual({ resent: 1, discarded: 1 });
      await sink.mailTo(recent);
      const statuses = async (recipient: string) => (await mailRows(recipient)).map((m) => m.status).sort();
      expect(await eventually(async () => ((await statuses(recent)).includes('sent') ? statuses(recent) : undefined))).toEqual(['failed', 'sent']);
      expect(await statuses(older)).toEqual(['failed']);
      expect(await statuses(other)).toEqual(['failed']);
      // A second run finds nothing more to send.
      expect((await request(app.http).post('/api/v1/admin/mail/actions/resend-failed').set(admin.auth).send({ kind, since }).expect(200)).body).toEqual({ resent: 0, discarded: 1 });
      const bad = await request(app.http).post('/api/v1/admin/mail/actions/resend-failed').set(admin.auth).send({ since: '2026-02-30' }).expect(400);
      expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'since' })]);
    });
  });

  describe('recipients who are gone', () => {
    /** A notice digest to `user`, failed in an outage or still waiting in the queue. */
    const digestTo = async (user: { userId: string; email: string }, status: 'failed' | 'queued') =>
      (
        await app.sql<{ id: string }>(
          `INSERT INTO mail_messages (kind, recipient, user_id, subject, body, status, attempts, finished_at)
           VALUES ('notifications.digest', $1, $2, '您有 3 条未读通知', '「主轴轴承早期损伤预警」：对方已发起洽谈。', $3::text, 0, CASE WHEN $3::text = 'failed' THEN now() END) RETURNING id`,
          [user.email, user.userId, status],
        )
      )[0]!.id;
    const statusOf = async (id: string) => (await app.sql<{ status: string; failure_reason: string | null }>(`SELECT status, failure_reason FROM mail_messages WHERE id = $1`, [id]))[0]!;

    it('sends nothing more to a deactivated account, nor an organisation’s notice digest to someone who left it', async () => {
      const admin = await loginAdmin(app);
      const [stays, deactivated, left] = await Promise.all([0, 1, 2].map(() => registerOrganization(app, 'enterprise')));
      const since = new Date(Date.now() - 60_000).toISOString();
      const failed = { stays: await digestTo(stays!, 'failed'), deactivated: await digestTo(deactivated!, 'failed'), left: await digestTo(left!, 'failed') };
      await request(app.http).post(`/api/v1/admin/users/${deactivated!.userId}/deactivate`).set(admin.auth).expect(200);
      await app.sql(`UPDATE users SET organization_id = NULL WHERE id = $1`, [left!.userId]); // as a removal leaves them

      // After the outage only the digest of the one still there goes again.
      const resent = await request(app.http).post('/api/v1/admin/mail/actions/resend-failed').set(admin.auth).send({ kind: 'notifications.digest', since }).expect(200);
      expect(resent.body).toEqual({ resent: 1, discarded: 0 });
      await sink.mailTo(stays!.email);
      expect((await statusOf(failed.deactivated)).status).toBe('failed');
      expect((await statusOf(failed.left)).status).toBe('failed');

      // One written before they went and still waiting is not sent either.
      const waiting = await digestTo(left!, 'queued');
      await app.worker!.get(JobProducer).enqueue('mail.send', { messageId: waiting });
      const settled = await eventually(async () => {
        const row = await statusOf(waiting);
        return row.status === 'queued' ? undefined : row;
      });
      expect(settled).toEqual({ status: 'failed', failure_reason: expect.stringContaining('left the organisation') });
    });
  });

  describe('每日通知邮件 (notice digest)', () => {
    /** A notice as the platform writes them (here a contract signed), `minutesAgo` old, perhaps already read. */
    const notice = (organizationId: string, title: string, { minutesAgo = 0, read = false } = {}) =>
      app.sql(
        `INSERT INTO notifications (organization_id, kind, title, body, subject, created_at, read_at)
         VALUES ($1, 'deal.sign', $2, '合同已签订，金额 120 万元。', '{}', now() - make_interval(mins => $3), CASE WHEN $4 THEN now() END)`,
        [organizationId, title, minutesAgo, read],
      );
    const runDigest = () => runMailJob('notifications.digest');
    const digestsTo = (email: string) => app.sql(`SELECT subject FROM mail_messages WHERE recipient = $1 AND kind = 'notifications.digest'`, [email]);

    it('mails a subscriber the new unread notices of their organisation, once each', async () => {
      const user = await registerOrganization(app, 'enterprise', { name: '鞍山特钢研究院' });
      const other = await registerOrganization(app, 'enterprise');
      await notice(user.organizationId!, '订阅之前的通知', { minutesAgo: 60 });
      const on = await request(app.http).patch('/api/v1/me').set(user.auth).send({ noticeDigest: true }).expect(200);
      expect(on.body).toMatchObject({ id: user.userId, noticeDigest: true });
      expect((await request(app.http).get('/api/v1/me').set(user.auth).expect(200)).body.user.noticeDigest).toBe(true);

      await notice(user.organizationId!, '合同已签订：智能焊接');
      await notice(user.organizationId!, '已读的通知', { read: true });
      await notice(other.organizationId!, '别家的通知');
      await runDigest();
      const mail = await sink.mailTo(user.email);
      expect(mail.subject).toBe('「鞍山特钢研究院」有 1 条新通知');
      expect(mail.body).toContain('合同已签订：智能焊接');
      expect(mail.body).not.toMatch(/订阅之前|已读的通知|别家的通知/);

      // Nothing new: no second mail. A new notice: the next digest has only it.
      await runDigest();
      expect(await digestsTo(user.email)).toHaveLength(1);
      await notice(user.organizationId!, '新的揭榜申请');
      await runDigest();
      expect((await digestsTo(user.email)).map((m) => m.subject)).toEqual(['「鞍山特钢研究院」有 1 条新通知', '「鞍山特钢研究院」有 1 条新通知']);
      await eventually(async () => (sink.received.filter((m) => m.to.includes(user.email)).length === 2 ? true : undefined));
      expect(sink.received.filter((m) => m.to.includes(user.email))[1]!.body).toContain('新的揭榜申请');
    });

    it('mails a notice whose transaction was still open while a digest ran, once', async () => {
      const user = await registerOrganization(app, 'enterprise', { name: '本溪特钢研究所' });
      await request(app.http).patch('/api/v1/me').set(user.auth).send({ noticeDigest: true }).expect(200);
      await notice(user.organizationId!, '合同已签订：轧辊堆焊');
      // A notice written as the platform writes them, by a transaction that began before the digest
      // and commits only once the digest has run, or waits for it.
      const writer = app.worker!.get(DataSource).createQueryRunner();
      await writer.connect();
      try {
        await writer.startTransaction();
        await notify(writer.manager, { organizationId: user.organizationId!, kind: 'deal.sign', title: '合同已签订：连铸辊修复', body: '合同已签订，金额 80 万元。', subject: {} });
        const [{ pid }] = (await writer.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
        const digest = await startMailJob('notifications.digest');
        const waitsForWriter = async () => (await app.sql('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])).length > 0;
        await eventually(async () => ((await digest.finished()) || (await waitsForWriter()) ? true : undefined));
        await writer.commitTransaction();
        await eventually(async () => ((await digest.finished()) ? true : undefined));
      } finally {
        if (writer.isTransactionActive) await writer.rollbackTransaction();
        await writer.release();
      }
      await runDigest();

      // Both notices reach the user, each in one digest.
      expect(await digestsTo(user.email)).toEqual([{ subject: '「本溪特钢研究所」有 2 条新通知' }]);
      const mail = await sink.mailTo(user.email);
      expect(mail.body).toContain('合同已签订：轧辊堆焊');
      expect(mail.body).toContain('合同已签订：连铸辊修复');
    });

    it('sends nothing to a user who turned it off', async () => {
      const user = await registerOrganization(app, 'enterprise');
      await request(app.http).patch('/api/v1/me').set(user.auth).send({ noticeDigest: true }).expect(200);
      const off = await request(app.http).patch('/api/v1/me').set(user.auth).send({ noticeDigest: false }).expect(200);
      expect(off.body.noticeDigest).toBe(false);
      await notice(user.organizationId!, '关闭之后的通知');
      await runDigest();
      expect(await digestsTo(user.email)).toEqual([]);
    });

    it('refuses a setting that is not a boolean, naming the field', async () => {
      const user = await registerOrganization(app, 'enterprise');
      const res = await request(app.http).patch('/api/v1/me').set(user.auth).send({ noticeDigest: 'yes' }).expect(400);
      expect(res.body.fields[0]).toMatchObject({ field: 'noticeDigest', code: 'isBoolean' });
    });
  });

  it('forgets mail sent or given up on 180 days ago, daily, never mail still queued', async () => {
    const row = (status: string, daysAgo: number) =>
      app.sql<{ id: string }>(
        `INSERT INTO mail_messages (kind, recipient, subject, status, created_at, finished_at)
         VALUES ('notifications.digest', 'old@example.test', '旧邮件', $1::varchar, now() - make_interval(days => $2), CASE WHEN $1::varchar = 'queued' THEN NULL ELSE now() - make_interval(days => $2) END) RETURNING id`,
        [status, daysAgo],
      );
    const [oldSent] = await row('sent', 181);
    const [oldFailed] = await row('failed', 200);
    const [recent] = await row('sent', 179);
    const [stillQueued] = await row('queued', 365);
    // (The scheduler's own run at the worker's start may have taken some of them already: what is left is what counts.)
    await runMailJob('mail.purge');
    const left = (await app.sql<{ id: string }>(`SELECT id FROM mail_messages WHERE recipient = 'old@example.test'`)).map((r) => r.id);
    expect(left.sort()).toEqual([recent!.id, stillQueued!.id].sort());
    expect(left).not.toContain(oldSent!.id);
    expect(left).not.toContain(oldFailed!.id);
  });

  function ask(email: string) {
    return request(app.http).post('/api/v1/auth/password-reset-requests').send({ email });
  }
});

describe('e-mail while the mail server is down', () => {
  it('keeps the mail queued, retries, and delivers once the server is back', async () => {
    const port = await freePort();
    const app = await startTestApp({ env: { MAIL_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL } });
    let sink: MailSink | undefined;
    try {
      const user = await registerOrganization(app, 'enterprise');
      await request(app.http).post('/api/v1/auth/password-reset-requests').send({ email: user.email }).expect(202);
      const [failing] = await eventually(async () => {
        const rows = await app.sql<{ status: string; attempts: number; last_error: string | null }>(`SELECT status, attempts, last_error FROM mail_messages WHERE recipient = $1`, [user.email]);
        return rows[0]?.last_error ? rows : undefined;
      });
      expect(failing).toMatchObject({ status: 'queued', last_error: expect.stringMatching(/ECONNREFUSED/) });

      sink = await MailSink.start(port);
      const mail = await sink.mailTo(user.email, 30_000);
      expect(mail.subject).toBe('重置您在科技成果转化对接平台的登录密码');
      const [sent] = await eventually(async () => {
        const rows = await app.sql<{ status: string; attempts: number }>(`SELECT status, attempts FROM mail_messages WHERE recipient = $1`, [user.email]);
        return rows[0]?.status === 'sent' ? rows : undefined;
      });
      expect(sent!.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await app.close();
      await sink?.close();
    }
  });
});

describe('e-mail to a directory (MAIL_URL=file:…)', () => {
  it('writes each message as an .eml file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tb-mail-'));
    const app = await startTestApp({ env: { MAIL_URL: `file://${dir}`, PUBLIC_URL } });
    try {
      const user = await registerOrganization(app, 'enterprise');
      await request(app.http).post('/api/v1/auth/password-reset-requests').send({ email: user.email }).expect(202);
      const [file] = await eventually(async () => {
        const files = (await readdir(dir)).filter((f) => f.endsWith('.eml'));
        return files.length ? files : undefined;
      });
      const raw = await readFile(join(dir, file!), 'utf8');
      expect(raw).toMatch(new RegExp(`^To: ${user.email}$`, 'm'));
      expect(Buffer.from(raw.split('\n\n').slice(1).join('').replace(/\s+/g, ''), 'base64').toString('utf8')).toContain(`${PUBLIC_URL}/reset-password?token=`);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('without a mail server (MAIL_URL unset)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  it('hands tokens to the issuer, and refuses self-service resets, digests and resending', async () => {
    const owner = await registerOrganization(app, 'enterprise');
    const invitation = await request(app.http).post(`/api/v1/organizations/${owner.organizationId}/invitations`).set(owner.auth).send({ email: unique('x') }).expect(201);
    expect(invitation.body).toMatchObject({ mailed: false, token: expect.any(String) });
    const refused = await request(app.http).post('/api/v1/auth/password-reset-requests').send({ email: owner.email }).expect(503);
    expect(refused.body).toMatchObject({ code: 'mail_disabled', message: expect.stringMatching(/administrator/) });
    expect(await app.sql(`SELECT 1 FROM mail_messages`)).toEqual([]);
    expect(await app.sql(`SELECT 1 FROM password_resets WHERE user_id = $1`, [owner.userId])).toEqual([]);
    const digest = await request(app.http).patch('/api/v1/me').set(owner.auth).send({ noticeDigest: true }).expect(503);
    expect(digest.body.code).toBe('mail_disabled');
    // Mail that failed while it was configured stays failed until it is again.
    const [failed] = await app.sql<{ id: string }>(`INSERT INTO mail_messages (kind, recipient, subject, body, status) VALUES ('event.invitation', 'x@example.test', '邀请', '正文', 'failed') RETURNING id`);
    const admin = await loginAdmin(app);
    expect((await request(app.http).post(`/api/v1/admin/mail/${failed!.id}/actions/resend`).set(admin.auth).expect(503)).body.code).toBe('mail_disabled');
    expect((await request(app.http).post('/api/v1/admin/mail/actions/resend-failed').set(admin.auth).send({}).expect(503)).body.code).toBe('mail_disabled');
    expect(await app.sql(`SELECT status FROM mail_messages WHERE id = $1`, [failed!.id])).toEqual([{ status: 'failed' }]);
  });
});

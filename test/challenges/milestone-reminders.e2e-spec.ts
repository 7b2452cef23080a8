import { MilestoneReminders } from '@techbridge/challenges';
import { JobProducer } from '@techbridge/queue';
import request from 'supertest';
import type { Session } from '../support/accounts';
import { verifiedOrganization } from '../support/catalog';
import { challengeProject } from '../support/challenges';
import { chinaDay } from '../support/days';
import { eventually, startTestApp, type TestApp } from '../support/harness';


/** 定期跟踪调度: the worker reminds awarded teams of milestones falling due, and both sides of overdue ones, once each. */
describe('milestone reminders', () => {
  let app: TestApp;
  let owner: Session;
  let team: Session;

  beforeAll(async () => {
    app = await startTestApp();
    owner = await verifiedOrganization(app, 'enterprise');
    team = await verifiedOrganization(app, 'university');
  });
  afterAll(() => app.close());

  const reminders = async (session: Session) =>
    ((await request(app.http).get('/api/v1/notifications?kind=challenge').set(session.auth).expect(200)).body.items as Array<{ kind: string; title: string; subject: Record<string, string> }>)
      .filter((n) => n.kind === 'challenge.milestone_due' || n.kind === 'challenge.milestone_overdue')
      .map((n) => `${n.kind} ${n.subject.milestone} ${n.subject.dueOn}`)
      .sort();

  it('the daily job tells the team of a milestone due within a week and both sides of an overdue one; running again tells no one twice', async () => {
    const milestones = [
      { dueOn: chinaDay(3), deliverable: '方案' },
      { dueOn: chinaDay(4), deliverable: '样机' },
      { dueOn: chinaDay(5), deliverable: '中试' },
      { dueOn: chinaDay(20), deliverable: '示范' },
    ];
    const { applicationId } = await challengeProject(app, owner, team, { milestones });
    const path = `/api/v1/challenge-applications/${applicationId}`;
    // 1 was delayed past the week; 2 was completed and waits for acceptance; 3 falls due; 4 is overdue.
    await request(app.http).post(`${path}/milestone-reports`).set(team.auth).send({ milestone: 1, kind: 'delay', note: '延期', revisedDueOn: chinaDay(30) }).expect(201);
    await request(app.http).post(`${path}/milestone-reports`).set(team.auth).send({ milestone: 2, kind: 'completion', note: '已完成' }).expect(201);
    await app.sql(`UPDATE challenge_applications SET milestones = jsonb_set(milestones, '{3,dueOn}', to_jsonb($2::text)) WHERE id = $1`, [applicationId, chinaDay(-2)]);

    await app.api.get(JobProducer).enqueue('challenges.remind_milestones', {});
    const expected = [`challenge.milestone_due 3 ${chinaDay(5)}`, `challenge.milestone_overdue 4 ${chinaDay(-2)}`];
    await eventually(async () => ((await reminders(team)).length === expected.length ? true : undefined));
    expect(await reminders(team)).toEqual(expected);
    expect(await reminders(owner)).toEqual([`challenge.milestone_overdue 4 ${chinaDay(-2)}`]);

    expect(await app.worker!.get(MilestoneReminders).remind()).toEqual({ dueSoon: 0, overdue: 0 });
    expect(await reminders(team)).toEqual(expected);
    // A delay to a new day is a new due day: the team hears of it again when it comes near.
    await request(app.http).post(`${path}/milestone-reports`).set(team.auth).send({ milestone: 4, kind: 'delay', note: '延期', revisedDueOn: chinaDay(6) }).expect(201);
    expect(await app.worker!.get(MilestoneReminders).remind()).toEqual({ dueSoon: 1, overdue: 0 });
    expect(await reminders(team)).toEqual([...expected, `challenge.milestone_due 4 ${chinaDay(6)}`].sort());
  });
});

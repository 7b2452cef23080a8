import request from 'supertest';
import type { Session } from './accounts';
import { publishedItem } from './catalog';
import { chinaDay } from './days';
import type { TestApp } from './harness';

export interface AwardedProject {
  challengeId: string;
  applicationId: string;
}

/**
 * A published challenge of `owner`, applied to by `team` and taken through 初评, 现场考察 and
 * 综合论证 by the owner; awarded (挂帅) unless `award` is false. Both organisations are verified.
 */
export async function challengeProject(
  app: TestApp,
  owner: Session,
  team: Session,
  options: { award?: boolean; title?: string; milestones?: Array<{ dueOn: string; deliverable: string }> } = {},
): Promise<AwardedProject> {
  const challenge = { rewardWan: 150, deadline: chinaDay(30), evaluationPlan: '初评、现场考察、综合论证三步评审' };
  const challengeId = (await publishedItem(app, owner, 'demands', { ...(options.title ? { title: options.title } : {}), challenge })).id;
  const milestones = options.milestones ?? [
    { dueOn: chinaDay(60), deliverable: '实验室样机' },
    { dueOn: chinaDay(180), deliverable: '现场示范' },
  ];
  const proposal = { teamLead: '陈教授', proposal: '以振动与温度融合监测关键设备早期故障，并在产线开展示范应用。', budgetWan: 120, milestones };
  const applicationId = (await request(app.http).post(`/api/v1/demands/${challengeId}/applications`).set(team.auth).send(proposal).expect(201)).body.id as string;
  if (options.award !== false) await award(app, owner, applicationId);
  return { challengeId, applicationId };
}

/** The challenge's owner scores the application at 初评, 现场考察 and 综合论证, passing it on each time, and awards it (挂帅). */
export async function award(app: TestApp, owner: Session, applicationId: string): Promise<void> {
  for (const [stage, action] of [['desk', 'advance'], ['site', 'advance'], ['panel', 'award']] as const) {
    await request(app.http).post(`/api/v1/challenge-applications/${applicationId}/reviews`).set(owner.auth).send({ stage, score: 90 }).expect(200);
    await request(app.http).post(`/api/v1/challenge-applications/${applicationId}/actions/${action}`).set(owner.auth).send({}).expect(200);
  }
}

/** `expert` enters the expert pool (专家库) and `organizer` approves the entry, so that challenge owners may appoint them by user id. */
export async function poolExpert(app: TestApp, organizer: Session, expert: Session): Promise<Session> {
  const profile = { professionalTitle: '教授', fieldCodes: ['equipment'], specialties: '旋转机械状态监测与故障诊断' };
  await request(app.http).put('/api/v1/me/expert-profile').set(expert.auth).send(profile).expect(200);
  await request(app.http).post(`/api/v1/experts/${expert.userId}/actions/approve`).set(organizer.auth).expect(200);
  return expert;
}

// Loads the demo 揭榜挂帅 round through the running API as its users would: research teams apply,
// the challenge's owner and the organizer score and decide, and awarded applications become deals.
import type { DemoApplicationPlan, DemoChallengeRound } from '../demo/demo-challenges';
import type { Api, Session } from './demo-api';

export interface DemoChallengesLoaded {
  challenges: number;
  applications: number;
  awarded: number;
  deals: number;
  /** 成交额 of the signed deals (万元). */
  turnoverWan: number;
  /** Outside experts appointed (专家评审). */
  experts: number;
  /** Milestone reports of the awarded projects, and completions waiting for the owner's acceptance. */
  projectReports: number;
  awaitingAcceptance: number;
}

const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);
const inDays = (n: number) => daysAgo(-n);
const NEXT_STAGE_DECISION = { desk: 'advance', site: 'advance', panel: 'award' } as const;

/** `ids` maps the catalogue's external references to the ids the API gave the items. */
export async function loadDemoChallenges(api: Api, sessionOf: (orgKey: string) => Promise<Session>, round: DemoChallengeRound, ids: ReadonlyMap<string, string>): Promise<DemoChallengesLoaded> {
  const sessions = new Map<string, Session>();
  const keys = [round.organizer, ...round.challenges.flatMap((c) => [c.owner, ...c.applications.map((a) => a.applicant), ...(c.expert ? [c.expert.org] : [])])];
  for (const key of new Set(keys)) sessions.set(key, await sessionOf(key));
  const as = (key: string) => sessions.get(key)!.token;
  const loaded: DemoChallengesLoaded = { challenges: 0, applications: 0, awarded: 0, deals: 0, turnoverWan: 0, experts: 0, projectReports: 0, awaitingAcceptance: 0 };

  for (const challenge of round.challenges) {
    loaded.challenges++;
    const reviewers = [as(challenge.owner), as(round.organizer)];
    const challengeId = ids.get(challenge.challengeRef)!;
    if (challenge.expert) {
      // The expert enters the pool (专家库), the organizer approves the entry, the owner appoints from it.
      const expert = sessions.get(challenge.expert.org)!;
      await api.call('PUT', '/me/expert-profile', challenge.expert.profile, expert.token);
      await api.call('POST', `/experts/${expert.userId}/actions/approve`, undefined, as(round.organizer));
      await api.call('POST', `/demands/${challengeId}/experts`, { userId: expert.userId, stages: challenge.expert.stages }, as(challenge.owner));
      loaded.experts++;
    }
    for (const plan of challenge.applications) {
      const id = await apply(api, as(plan.applicant), challengeId, plan, ids);
      loaded.applications++;
      const path = `/challenge-applications/${id}`;
      for (const [s, { stage, values }] of plan.scores.entries()) {
        for (const [i, score] of values.entries()) await api.call('POST', `${path}/reviews`, { stage, score, comment: `${plan.outcome === 'rejected' ? '方案' : '技术路线'}评审意见 ${i + 1}` }, reviewers[i % 2]);
        const last = s === plan.scores.length - 1;
        // Every stage scored is passed except the last one reached, which ends as the plan says.
        if (!last) await api.call('POST', `${path}/actions/${NEXT_STAGE_DECISION[stage]}`, {}, reviewers[0]);
        else if (plan.outcome === 'rejected') await api.call('POST', `${path}/actions/reject`, { note: plan.note }, reviewers[1]);
        else if (plan.outcome === 'awarded' || plan.outcome === 'at_site') await api.call('POST', `${path}/actions/${NEXT_STAGE_DECISION[stage]}`, { note: plan.note ?? undefined }, reviewers[0]);
      }
      if (plan.outcome === 'at_site' && challenge.expert) {
        await api.call('POST', `${path}/reviews`, { stage: 'site', score: challenge.expert.siteScore, comment: '现场考察：中试条件具备，建议进入综合论证。' }, as(challenge.expert.org));
      }
      if (plan.outcome === 'awarded') loaded.awarded++;
      for (const report of plan.reports) {
        const progress = await api.call<{ milestones: Array<{ pendingReportId: string | null }> }>('POST', `${path}/milestone-reports`, report, as(plan.applicant));
        loaded.projectReports++;
        const pending = progress.milestones[report.milestone - 1]!.pendingReportId;
        if (report.kind !== 'completion' || !pending) continue;
        if (plan.completionAccepted) await api.call('POST', `${path}/milestone-reports/${pending}/actions/accept`, { note: '小试报告审查通过，同意验收。' }, as(challenge.owner));
        else loaded.awaitingAcceptance++;
      }
      if (!plan.deal) continue;
      const deal = await api.call<{ id: string }>('POST', '/deals', { challengeApplicationId: id, title: plan.deal.title, kind: plan.deal.kind }, as(challenge.owner));
      await api.call('POST', `/deals/${deal.id}/actions/sign`, { amountWan: plan.budgetWan, signedOn: daysAgo(plan.deal.signedDaysAgo) }, as(challenge.owner));
      if (plan.deal.registeredDaysAgo !== null) {
        const registrationNumber = `${daysAgo(0).slice(0, 4)}2102${String(loaded.deals + 1).padStart(8, '0')}`;
        await api.call('POST', `/deals/${deal.id}/actions/register`, { registrationNumber, registeredOn: daysAgo(plan.deal.registeredDaysAgo) }, as(plan.applicant));
      }
      loaded.deals++;
      loaded.turnoverWan += plan.budgetWan;
    }
  }
  return loaded;
}

async function apply(api: Api, token: string, challengeId: string, plan: DemoApplicationPlan, ids: ReadonlyMap<string, string>): Promise<string> {
  const body = {
    teamLead: plan.teamLead,
    teamMembers: plan.teamMembers,
    proposal: plan.proposal,
    budgetWan: plan.budgetWan,
    milestones: plan.milestones.map((m) => ({ dueOn: inDays(m.inDays), deliverable: m.deliverable })),
    ...(plan.achievementRef ? { achievementId: ids.get(plan.achievementRef) } : {}),
  };
  return (await api.call<{ id: string }>('POST', `/demands/${challengeId}/applications`, body, token)).id;
}

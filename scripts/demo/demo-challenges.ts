/**
 * The demo 揭榜挂帅 round: research teams whose achievements answer a published challenge apply to
 * it, the challenge's owner and the government organizer score them through 初评 → 现场考察 →
 * 综合论证, some are awarded (挂帅) and their contracts recorded as deals, so that after
 * `npm start` the demo enterprise finds applications to review and the statistics are not empty.
 *
 * Deterministic like the rest of the demo set: applicants come from the pairs the catalogue was
 * written for (`buildDemoRelevance`); dates are days from the load.
 */
import { buildDemoRelevance } from './demo-catalog';
import type { DemoCatalog, DemoDemand, DemoOrganization } from './types';

/** How far an application gets: the scores given at each stage it reaches, and where it ends. */
export type DemoApplicationOutcome = 'awarded' | 'rejected' | 'at_site' | 'scored' | 'submitted';

export interface DemoApplicationPlan {
  /** DemoOrganization.key of the applicant (a university or institute). */
  applicant: string;
  /** The applicant's own achievement (externalRef) the proposal builds on. */
  achievementRef: string | null;
  teamLead: string;
  teamMembers: string[];
  proposal: string;
  budgetWan: number;
  milestones: Array<{ inDays: number; deliverable: string }>;
  outcome: DemoApplicationOutcome;
  /** Scores per stage reached, given in turn by the owner and the organizer. */
  scores: Array<{ stage: 'desk' | 'site' | 'panel'; values: number[] }>;
  note: string | null;
  /** For an awarded one: the contract, signed (and registered) some days before the load. */
  deal: { title: string; kind: string; signedDaysAgo: number; registeredDaysAgo: number | null } | null;
  /** For an awarded one: what the team reported on its plan since (专项工作台账), oldest first. */
  reports: Array<{ milestone: number; kind: 'progress' | 'completion'; note: string }>;
  /** Whether the owner accepted (验收) the completion reported; otherwise it waits for the owner. */
  completionAccepted: boolean;
}

/** An outside expert (专家评审) appointed to score the applications at some stages, and the score they gave the one at 现场考察. */
export interface DemoExpertPlan {
  /** DemoOrganization.key of the expert's organisation, and the e-mail of their account. */
  org: string;
  email: string;
  stages: Array<'desk' | 'site' | 'panel'>;
  siteScore: number;
  /** Their entry in the expert pool (专家库), which an organizer approves before the owner appoints them from it. */
  profile: { professionalTitle: string; fieldCodes: string[]; specialties: string };
}

export interface DemoChallengePlan {
  /** The challenge (DemoDemand.externalRef) and its owner. */
  challengeRef: string;
  owner: string;
  applications: DemoApplicationPlan[];
  expert: DemoExpertPlan | null;
}

export interface DemoChallengeRound {
  /** The organizer organisation that reviews with the owners. */
  organizer: string;
  challenges: DemoChallengePlan[];
}

/** What happens to the applications of the first, second and third challenge, in applicant order. */
const SCRIPTS: DemoApplicationOutcome[][] = [
  ['awarded', 'rejected'],
  ['at_site', 'scored'],
  ['awarded', 'submitted', 'submitted'],
];

const SCORES: Record<DemoApplicationOutcome, DemoApplicationPlan['scores']> = {
  awarded: [{ stage: 'desk', values: [88, 91] }, { stage: 'site', values: [90, 87] }, { stage: 'panel', values: [93, 90] }],
  rejected: [{ stage: 'desk', values: [58, 63] }],
  at_site: [{ stage: 'desk', values: [84, 80] }],
  scored: [{ stage: 'desk', values: [76] }],
  submitted: [],
};

const NOTES: Partial<Record<DemoApplicationOutcome, string>> = {
  awarded: '综合论证得分第一，技术路线成熟，团队具备中试条件，确定挂帅。',
  rejected: '技术路线与榜单指标差距较大，验证数据不足，未通过初评。',
  at_site: '通过初评，安排现场考察。',
};

export function buildDemoChallenges(catalog: DemoCatalog): DemoChallengeRound {
  const orgs = new Map(catalog.organizations.map((o) => [o.key, o]));
  const achievements = new Map(catalog.achievements.map((a) => [a.externalRef, a]));
  const demoEnterprise = catalog.organizations.find((o) => o.type === 'enterprise')!.key;
  const organizer = catalog.organizations.find((o) => o.type === 'government')!.key;
  const research = (key: string) => ['university', 'institute'].includes(orgs.get(key)?.type ?? '');

  // Research organisations whose achievements answer each challenge, best answers first.
  const candidates = catalog.demands
    .filter((d) => d.challenge && d.status === 'published' && d.visibility !== 'confidential')
    .map((challenge) => {
      const applicants = new Map<string, string | null>();
      const answers = buildDemoRelevance()
        .filter((r) => r.demandRef === challenge.externalRef && r.grade > 0)
        .sort((a, b) => b.grade - a.grade);
      for (const r of answers) {
        const achievement = achievements.get(r.achievementRef);
        if (!achievement || !research(achievement.owner) || applicants.has(achievement.owner)) continue;
        applicants.set(achievement.owner, achievement.status === 'published' ? achievement.externalRef : null);
      }
      return { challenge, applicants: [...applicants] };
    })
    .filter((c) => c.applicants.length >= 2)
    // The demo user's own challenges first: they are what it sees on signing in.
    .sort((a, b) => Number(b.challenge.owner === demoEnterprise) - Number(a.challenge.owner === demoEnterprise));

  const challenges = candidates.slice(0, SCRIPTS.length).map(({ challenge, applicants }, c): DemoChallengePlan => ({
    challengeRef: challenge.externalRef,
    owner: challenge.owner,
    applications: applicants.slice(0, SCRIPTS[c]!.length).map(([applicant, achievementRef], i) => {
      const outcome = SCRIPTS[c]![i]!;
      const org = orgs.get(applicant)!;
      const basis = achievementRef ? achievements.get(achievementRef)!.title : null;
      return {
        applicant,
        achievementRef,
        ...team(org),
        proposal:
          `针对「${challenge.title}」，` +
          (basis ? `依托本单位成果「${basis}」，` : '') +
          `围绕${challenge.keywords.slice(0, 3).join('、')}等关键问题开展攻关，先完成小试验证，再在贵单位现场开展中试，逐项达到榜单技术指标。`,
        budgetWan: Math.round(challenge.challenge!.rewardWan * (0.9 - 0.1 * i)),
        milestones: [
          { inDays: 90, deliverable: '完成技术方案细化与小试验证' },
          { inDays: 240, deliverable: '完成中试，关键指标达到榜单要求' },
          { inDays: 365, deliverable: '工程示范运行并通过验收' },
        ],
        outcome,
        scores: SCORES[outcome],
        note: NOTES[outcome] ?? null,
        deal:
          outcome === 'awarded'
            ? { title: `${challenge.title}揭榜挂帅项目技术开发合同`, kind: 'commissioned_development', signedDaysAgo: 20 + 10 * c, registeredDaysAgo: c === 0 ? 8 : null }
            : null,
        ...(outcome === 'awarded' ? progressSince(c) : { reports: [], completionAccepted: false }),
      };
    }),
    expert: c === EXPERT_CHALLENGE ? expertFor(catalog, challenge, applicants.map(([key]) => key)) : null,
  }));
  return { organizer, challenges };
}

/** The challenge whose review is still under way (at 现场考察) gets an outside expert. */
const EXPERT_CHALLENGE = 1;

/** The first awarded team waits for the demo enterprise to accept its first milestone; the second had it accepted. */
function progressSince(c: number): Pick<DemoApplicationPlan, 'reports' | 'completionAccepted'> {
  return {
    reports: [
      { milestone: 1, kind: 'progress', note: '技术方案细化完成，小试装置已搭建，开始第一轮验证试验。' },
      { milestone: 1, kind: 'completion', note: '小试验证完成，关键参数达到方案预期，提交小试报告与测试数据。' },
    ],
    completionAccepted: c !== 0,
  };
}

/** A research organisation of the challenge's field neither owning nor applying to it (any such, failing one of the field). */
function expertFor(catalog: DemoCatalog, challenge: DemoDemand, applicants: string[]): DemoExpertPlan | null {
  const outside = catalog.organizations.filter((o) => ['university', 'institute'].includes(o.type) && o.key !== challenge.owner && !applicants.includes(o.key));
  const org = outside.find((o) => o.fields.includes(challenge.fieldCode)) ?? outside[0];
  const user = org?.users.find((u) => u.memberRole === 'owner');
  if (!org || !user) return null;
  const profile = { professionalTitle: org.type === 'university' ? '教授' : '研究员', fieldCodes: org.fields.slice(0, 5), specialties: '科技成果工程化评价、中试放大与产业化论证' };
  return { org: org.key, email: user.email, stages: ['site', 'panel'], siteScore: 86, profile };
}

function team(org: DemoOrganization): { teamLead: string; teamMembers: string[] } {
  const [lead, ...members] = org.users;
  return { teamLead: `${lead!.displayName} ${org.type === 'university' ? '教授' : '研究员'}`, teamMembers: members.map((m) => m.displayName) };
}

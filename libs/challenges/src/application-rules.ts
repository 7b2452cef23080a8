import { isCalendarDay } from '@techbridge/catalog';
import { type ApplicationStatus, type ChallengeApplication, ConflictError, type Milestone, ReviewStages, type ReviewStage, type TechDemand } from '@techbridge/domain';

/** The stages in review order: 项目初评 → 现场考察 → 综合论证. */
export const REVIEW_ORDER: readonly ReviewStage[] = ReviewStages.codes;

/**
 * What a reviewing side may decide about an application under review: pass it on to the next
 * stage, turn it down at its stage, or award it (挂帅) once it stands at the last one. Several
 * applications may be awarded (赛马制: teams racing in parallel).
 */
export const APPLICATION_DECISIONS = ['advance', 'reject', 'award'] as const;
export type ApplicationDecision = (typeof APPLICATION_DECISIONS)[number];

export interface ApplicationPosition {
  stage: ReviewStage;
  status: ApplicationStatus;
}

/** Where a decision leads, or why it cannot be taken from here (a message naming both ends). */
export function decisionOutcome(from: ApplicationPosition, decision: ApplicationDecision): { to: ApplicationPosition } | { refused: string } {
  if (from.status !== 'under_review') return { refused: `cannot ${decision} an application that is ${from.status}: only one under review can be decided` };
  const next = REVIEW_ORDER[REVIEW_ORDER.indexOf(from.stage) + 1];
  switch (decision) {
    case 'advance':
      return next ? { to: { stage: next, status: 'under_review' } } : { refused: `cannot advance past ${from.stage}, the last stage: award or reject it` };
    case 'award':
      return next ? { refused: `cannot award an application at ${from.stage}: it must pass ${REVIEW_ORDER.slice(REVIEW_ORDER.indexOf(from.stage) + 1).join(' and ')} first` } : { to: { stage: from.stage, status: 'awarded' } };
    case 'reject':
      return { to: { stage: from.stage, status: 'rejected' } };
  }
}

/** A flaw in the plan, with the field at fault (the service adds the error code). */
export interface PlanProblem {
  field: string;
  message: string;
}

export const MAX_MILESTONES = 12;

/** A plan is 1–12 steps on real calendar days, none in the past, in date order. */
export function milestoneProblems(milestones: readonly Milestone[], today: string): PlanProblem[] {
  if (!milestones.length) return [{ field: 'milestones', message: 'milestones must hold at least one step of the plan' }];
  if (milestones.length > MAX_MILESTONES) return [{ field: 'milestones', message: `milestones must hold at most ${MAX_MILESTONES} steps` }];
  const problems: PlanProblem[] = [];
  milestones.forEach((m, i) => {
    const field = `milestones.${i}.dueOn`;
    if (!isCalendarDay(m.dueOn)) problems.push({ field, message: `${field} must be a calendar day YYYY-MM-DD` });
    else if (m.dueOn < today) problems.push({ field, message: `${field} cannot be in the past` });
    else if (i > 0 && m.dueOn < milestones[i - 1]!.dueOn) problems.push({ field, message: `${field} comes before the step above it: list the steps in date order` });
  });
  return problems;
}

export interface StageScores {
  stage: ReviewStage;
  reviews: number;
  /** Mean of the reviewers' scores, to one decimal. */
  mean: number;
  min: number;
  max: number;
}

/** The reviewers' scores per stage, in review order (stages nobody scored left out). */
export function scoresByStage(reviews: ReadonlyArray<{ stage: ReviewStage; score: number }>): StageScores[] {
  return REVIEW_ORDER.flatMap((stage) => {
    const scores = reviews.filter((r) => r.stage === stage).map((r) => r.score);
    if (!scores.length) return [];
    const mean = Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10;
    return [{ stage, reviews: scores.length, mean, min: Math.min(...scores), max: Math.max(...scores) }];
  });
}

export interface ApplicationInput {
  teamLead: string;
  teamMembers?: string[];
  proposal: string;
  budgetWan: number;
  milestones: Milestone[];
  /** The applicant's own achievement the proposal builds on. */
  achievementId?: string | null;
}

/** The stored shape of an input: trimmed texts, members without blanks. */
export function cleaned(input: ApplicationInput): Pick<ChallengeApplication, 'teamLead' | 'teamMembers' | 'proposal' | 'budgetWan' | 'milestones' | 'achievementId'> {
  return {
    teamLead: input.teamLead.trim(),
    teamMembers: (input.teamMembers ?? []).map((m) => m.trim()).filter(Boolean),
    proposal: input.proposal.trim(),
    budgetWan: input.budgetWan,
    milestones: input.milestones.map((m) => ({ dueOn: m.dueOn, deliverable: m.deliverable.trim() })),
    achievementId: input.achievementId ?? null,
  };
}

/** A challenge archived by its owner or taken down by the platform (违规下架) is off the platform: its applications (and its panel) stand still. */
export function assertNotArchived(challenge: Pick<TechDemand, 'archivedAt' | 'takedownReason'>, what: string): void {
  if (!challenge.archivedAt) return;
  const how = challenge.takedownReason ? 'taken down by the platform (违规下架)' : 'archived by its owner';
  throw new ConflictError('challenge_archived', `the challenge was ${how}: its applications are no longer ${what}`);
}

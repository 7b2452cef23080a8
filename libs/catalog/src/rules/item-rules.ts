import { CooperationModes, type FieldProblem, IpKinds, MaturityStages, Regions, TRL_BY_STAGE, Visibilities } from '@techbridge/domain';
import { amountProblems, FINER_THAN_STORED, finerThanStored, MAX_WAN } from './amounts';
import type { AchievementInput, DemandInput } from './inputs';
import { IP_NUMBER_REASONS, ipNumberProblem } from './ip-rights';
import type { TaxonomySnapshot } from './taxonomy-snapshot';

/**
 * The catalogue's rules, beyond shapes: codes that exist, consistent maturity, valid amounts,
 * CNIPA numbers, dates in the future. The API (after DTO validation) and the spreadsheet import
 * both run exactly these, so a row is accepted exactly when the same form would be.
 */
type Problems = FieldProblem[];
const add = (problems: Problems, field: string, code: string, message: string) => problems.push({ field, code, message: `${field} ${message}` });

/**
 * Lengths (in UTF-16 units, as class-validator counts) and counts of every text and list, for the
 * API's request DTOs and the spreadsheet import alike; the database columns are sized to match.
 */
export const CATALOG_LIMITS = {
  externalRef: { max: 64 },
  title: { min: 2, max: 120 },
  neutralTitle: { max: 120 },
  fieldCode: { max: 40 },
  chainCodes: { items: 10, max: 40 },
  keywords: { items: 10, max: 30 },
  cooperationModes: { items: 7 },
  description: { min: 10, max: 5000 },
  indicators: { items: 20, max: 200 },
  existingBasis: { max: 2000 },
  evaluationPlan: { min: 1, max: 5000 },
  summary: { min: 10, max: 5000 },
  innovationPoints: { items: 10, max: 500 },
  applicationScenarios: { items: 10, max: 500 },
  ipRights: { items: 30 },
  ipNumber: { max: 40 },
  ipTitle: { max: 200 },
  teamLead: { min: 1, max: 100 },
} as const;

function textProblems(problems: Problems, field: string, value: string | null | undefined, limit: { min?: number; max: number }): void {
  if (value === null || value === undefined) return;
  if (limit.min !== undefined && value.trim().length < limit.min) add(problems, field, 'minLength', `must be at least ${limit.min} characters`);
  else if (value.length > limit.max) add(problems, field, 'maxLength', `must be at most ${limit.max} characters (has ${value.length})`);
}

function listProblems(problems: Problems, field: string, values: readonly string[], limit: { items: number; max?: number }): void {
  if (values.length > limit.items) add(problems, field, 'arrayMaxSize', `must have at most ${limit.items} entries (has ${values.length})`);
  if (limit.max === undefined) return;
  const long = values.findIndex((v) => v.length > limit.max!);
  if (long >= 0) add(problems, `${field}.${long}`, 'maxLength', `must be at most ${limit.max} characters (has ${values[long].length})`);
}

/** PostgreSQL text cannot hold U+0000; the API refuses it for every field, the import here. */
function nulProblems(problems: Problems, value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) add(problems, path, 'nulCharacter', 'must not contain the NUL character (U+0000)');
  } else if (Array.isArray(value)) value.forEach((v, i) => nulProblems(problems, v, `${path}.${i}`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) nulProblems(problems, v, path ? `${path}.${k}` : k);
}

/** Today's date in China (UTC+8), as YYYY-MM-DD: 有效期 are calendar dates there. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * A demand's 有效期 (validUntil) names its last valid day: it has passed only from the next day on.
 * The one rule for publishing, editing and lapsing; the SQL of the expiry job and of the lists'
 * lapse says the same (`valid_until < today`).
 */
export const validityPassed = (validUntil: string, today = todayInChina()): boolean => validUntil < today;

/**
 * A 揭榜挂帅 deadline names the last day applications are taken (China time), as 有效期 names the
 * last valid day: it has passed only from the next day on. The one rule for applying, publishing,
 * resuming and setting a deadline; the figures' SQL says the same (`challenge_deadline >= today` is open).
 */
export const challengeDeadlinePassed = (deadline: string, today = todayInChina()): boolean => deadline < today;

/** The calendar day `days` after `day` (both YYYY-MM-DD). */
export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** YYYY-MM-DD naming a day that exists (2026-02-30 does not, nor does year 0, which PostgreSQL refuses). */
export const isCalendarDay = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= '0001-01-01' && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

type CommonInput = Pick<DemandInput, 'externalRef' | 'fieldCode' | 'chainCodes' | 'keywords' | 'cooperationModes' | 'regionCode' | 'visibility' | 'title' | 'neutralTitle'>;

function commonProblems(problems: Problems, input: CommonInput, taxonomy: TaxonomySnapshot): void {
  nulProblems(problems, input, '');
  textProblems(problems, 'externalRef', input.externalRef, CATALOG_LIMITS.externalRef);
  textProblems(problems, 'title', input.title, CATALOG_LIMITS.title);
  textProblems(problems, 'neutralTitle', input.neutralTitle, CATALOG_LIMITS.neutralTitle);
  listProblems(problems, 'chainCodes', input.chainCodes, CATALOG_LIMITS.chainCodes);
  listProblems(problems, 'keywords', input.keywords, CATALOG_LIMITS.keywords);
  listProblems(problems, 'cooperationModes', input.cooperationModes, CATALOG_LIMITS.cooperationModes);
  const field = taxonomy.fields.get(input.fieldCode);
  if (!field) add(problems, 'fieldCode', 'unknown', `"${input.fieldCode}" is not a field of the taxonomy`);
  else if (!field.active) add(problems, 'fieldCode', 'inactive', `"${input.fieldCode}" is no longer in use`);
  for (const code of input.chainCodes) {
    const chain = taxonomy.chains.get(code);
    if (!chain) add(problems, 'chainCodes', 'unknown', `contains "${code}", not an industry chain of the taxonomy`);
    else if (!chain.active) add(problems, 'chainCodes', 'inactive', `contains "${code}", no longer in use`);
  }
  if (input.cooperationModes.length === 0) add(problems, 'cooperationModes', 'required', 'needs at least one cooperation mode');
  for (const mode of input.cooperationModes) if (!CooperationModes.is(mode)) add(problems, 'cooperationModes', 'unknown', `contains unknown mode "${mode}"`);
  if (!Regions.isValid(input.regionCode)) add(problems, 'regionCode', 'regionCode.unknown', 'is not a GB/T 2260 administrative division code');
  if (!Visibilities.is(input.visibility)) add(problems, 'visibility', 'unknown', `must be one of ${Visibilities.codes.join(', ')}`);
  if (input.neutralTitle && input.neutralTitle.trim() === input.title.trim()) {
    add(problems, 'neutralTitle', 'sameAsTitle', 'must not repeat the title: it is what others see of a confidential item');
  }
}

export function demandProblems(input: DemandInput, taxonomy: TaxonomySnapshot, today = todayInChina()): Problems {
  const problems: Problems = [];
  commonProblems(problems, input, taxonomy);
  textProblems(problems, 'description', input.description, CATALOG_LIMITS.description);
  listProblems(problems, 'indicators', input.indicators, CATALOG_LIMITS.indicators);
  textProblems(problems, 'existingBasis', input.existingBasis, CATALOG_LIMITS.existingBasis);
  problems.push(...amountProblems('budget', input.budget));
  if (!MaturityStages.is(input.desiredStage) || input.desiredStage === 'laboratory') {
    add(problems, 'desiredStage', 'unknown', 'must be one of pilot_small (小试), pilot (中试), industrial (工业化), commercial (产业化)');
  }
  if (!isCalendarDay(input.validUntil)) add(problems, 'validUntil', 'isDate', 'must be a date YYYY-MM-DD');
  else if (validityPassed(input.validUntil, today)) add(problems, 'validUntil', 'inFuture', `must be today (${today}) or later: it is the last day the demand is valid`);
  const challenge = input.challenge;
  if (challenge) {
    if (!(challenge.rewardWan > 0)) add(problems, 'challenge.rewardWan', 'positive', 'must be more than 0 万元');
    else if (challenge.rewardWan > MAX_WAN) add(problems, 'challenge.rewardWan', 'outOfRange', `must not exceed ${MAX_WAN} 万元`);
    else if (finerThanStored(challenge.rewardWan)) add(problems, 'challenge.rewardWan', 'decimals', FINER_THAN_STORED);
    const deadline = deadlineProblem(challenge.deadline, input.validUntil, today);
    if (deadline) add(problems, 'challenge.deadline', deadline.code, deadline.message);
    if (!challenge.evaluationPlan?.trim()) add(problems, 'challenge.evaluationPlan', 'required', 'is required for a 揭榜挂帅 challenge');
    else textProblems(problems, 'challenge.evaluationPlan', challenge.evaluationPlan, CATALOG_LIMITS.evaluationPlan);
  }
  return problems;
}

/** The 揭榜挂帅 challenge of either kind's input: an achievement (or an ordinary demand) has none. */
const challengeOf = (input: object): DemandInput['challenge'] => (input as Partial<DemandInput>).challenge ?? null;

/**
 * The problems an update (`before` → `after`, either kind) is refused for. A 揭榜挂帅 deadline must
 * not have passed when it is set (on create, or by an update giving a new one); once it has passed,
 * applications are closed, but the demand's other fields (its 有效期, a typo in its title) can
 * still be edited.
 */
export function updateProblems(problems: Problems, before: object, after: object): Problems {
  const was = challengeOf(before);
  const kept = !!was && was.deadline === challengeOf(after)?.deadline;
  return kept ? problems.filter((p) => !(p.field === 'challenge.deadline' && p.code === 'inFuture')) : problems;
}

/** A 揭榜挂帅 deadline as set: a real day, not passed, within the demand's 有效期 (checked only when that is a real day). */
function deadlineProblem(deadline: string, validUntil: string, today: string): { code: string; message: string } | null {
  if (!isCalendarDay(deadline)) return { code: 'isDate', message: 'must be a date YYYY-MM-DD' };
  if (challengeDeadlinePassed(deadline, today)) return { code: 'inFuture', message: `must be today (${today}) or later: it is the last day applications are taken` };
  if (isCalendarDay(validUntil) && deadline > validUntil) return { code: 'afterValidUntil', message: 'must not be after validUntil' };
  return null;
}

/** How far ahead a challenge reopened after a negotiation may set its new deadline: a new round of 揭榜, not an open-ended listing. */
export const MAX_REOPENED_DEADLINE_DAYS = 365;

/**
 * The new deadline a challenge is resumed (reopened for applications) with, after a negotiation
 * came to nothing: as any deadline, and at most MAX_REOPENED_DEADLINE_DAYS ahead. Named `deadline`,
 * as the request gives it.
 */
export function reopenedDeadlineProblems(deadline: string, validUntil: string, today = todayInChina()): Problems {
  const problem = deadlineProblem(deadline, validUntil, today);
  // validUntil is not edited in negotiation: say which day bounds it (resume by then, then extend both once published).
  if (problem) return [{ field: 'deadline', code: problem.code, message: `deadline ${problem.message}${problem.code === 'afterValidUntil' ? ` (${validUntil})` : ''}` }];
  const latest = addDays(today, MAX_REOPENED_DEADLINE_DAYS);
  if (deadline > latest) return [{ field: 'deadline', code: 'outOfRange', message: `deadline must be at most ${MAX_REOPENED_DEADLINE_DAYS} days ahead (${latest})` }];
  return [];
}

/** A 揭榜挂帅 challenge is published open for applications: its deadline when that has passed (else null). */
export function passedChallengeDeadline(input: object, today = todayInChina()): string | null {
  const deadline = challengeOf(input)?.deadline;
  return deadline !== undefined && challengeDeadlinePassed(deadline, today) ? deadline : null;
}

/** A client's own reference as stored: trimmed, and none (null) when blank, so that a blank is never a unique key. */
export const normalizeExternalRef = (ref: string | null | undefined): string | null => ref?.trim() || null;

export function achievementProblems(input: AchievementInput, taxonomy: TaxonomySnapshot): Problems {
  const problems: Problems = [];
  commonProblems(problems, input, taxonomy);
  textProblems(problems, 'summary', input.summary, CATALOG_LIMITS.summary);
  listProblems(problems, 'innovationPoints', input.innovationPoints, CATALOG_LIMITS.innovationPoints);
  listProblems(problems, 'applicationScenarios', input.applicationScenarios, CATALOG_LIMITS.applicationScenarios);
  textProblems(problems, 'teamLead', input.teamLead, CATALOG_LIMITS.teamLead);
  if (input.ipRights.length > CATALOG_LIMITS.ipRights.items) add(problems, 'ipRights', 'arrayMaxSize', `must have at most ${CATALOG_LIMITS.ipRights.items} entries (has ${input.ipRights.length})`);
  problems.push(...amountProblems('price', input.price));
  if (!MaturityStages.is(input.stage)) add(problems, 'stage', 'unknown', `must be one of ${MaturityStages.codes.join(', ')}`);
  if (!Number.isInteger(input.trl) || input.trl < 1 || input.trl > 9) add(problems, 'trl', 'range', 'must be an integer from 1 to 9 (GB/T 22900)');
  else if (MaturityStages.is(input.stage)) {
    const [low, high] = TRL_BY_STAGE[input.stage];
    if (input.trl < low || input.trl > high) {
      add(problems, 'trl', 'stageMismatch', `${input.trl} does not fit stage ${MaturityStages.label(input.stage)} (TRL ${low}–${high})`);
    }
  }
  input.ipRights.forEach((right, i) => {
    if (!IpKinds.is(right.kind)) return add(problems, `ipRights.${i}.kind`, 'unknown', `must be one of ${IpKinds.codes.join(', ')}`);
    textProblems(problems, `ipRights.${i}.number`, right.number, CATALOG_LIMITS.ipNumber);
    textProblems(problems, `ipRights.${i}.title`, right.title, CATALOG_LIMITS.ipTitle);
    const problem = ipNumberProblem(right.kind, right.number);
    if (problem) add(problems, `ipRights.${i}.number`, `ipNumber.${problem}`, IP_NUMBER_REASONS[problem]);
    if (right.kind === 'know_how' && right.status === 'granted') add(problems, `ipRights.${i}.status`, 'knowHowGranted', 'cannot be granted for 技术秘密');
  });
  return problems;
}

import { CooperationModes, type FieldProblem, IpKinds, MaturityStages, Regions, TRL_BY_STAGE, Visibilities } from '@techbridge/domain';
import { amountProblems } from './amounts';
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

/** Today's date in China (UTC+8), as YYYY-MM-DD: 有效期 are calendar dates there. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

function commonProblems(problems: Problems, input: Pick<DemandInput, 'fieldCode' | 'chainCodes' | 'cooperationModes' | 'regionCode' | 'visibility' | 'title' | 'neutralTitle'>, taxonomy: TaxonomySnapshot): void {
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
  problems.push(...amountProblems('budget', input.budget));
  if (!MaturityStages.is(input.desiredStage) || input.desiredStage === 'laboratory') {
    add(problems, 'desiredStage', 'unknown', 'must be one of pilot_small (小试), pilot (中试), industrial (工业化), commercial (产业化)');
  }
  if (!isDate(input.validUntil)) add(problems, 'validUntil', 'isDate', 'must be a date YYYY-MM-DD');
  else if (input.validUntil <= today) add(problems, 'validUntil', 'inFuture', 'must be in the future');
  const challenge = input.challenge;
  if (challenge) {
    if (!(challenge.rewardWan > 0)) add(problems, 'challenge.rewardWan', 'positive', 'must be more than 0 万元');
    if (!isDate(challenge.deadline)) add(problems, 'challenge.deadline', 'isDate', 'must be a date YYYY-MM-DD');
    else if (challenge.deadline <= today) add(problems, 'challenge.deadline', 'inFuture', 'must be in the future');
    else if (isDate(input.validUntil) && challenge.deadline > input.validUntil) add(problems, 'challenge.deadline', 'afterValidUntil', 'must not be after validUntil');
    if (!challenge.evaluationPlan?.trim()) add(problems, 'challenge.evaluationPlan', 'required', 'is required for a 揭榜挂帅 challenge');
  }
  return problems;
}

export function achievementProblems(input: AchievementInput, taxonomy: TaxonomySnapshot): Problems {
  const problems: Problems = [];
  commonProblems(problems, input, taxonomy);
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
    const problem = ipNumberProblem(right.kind, right.number);
    if (problem) add(problems, `ipRights.${i}.number`, `ipNumber.${problem}`, IP_NUMBER_REASONS[problem]);
    if (right.kind === 'know_how' && right.status === 'granted') add(problems, `ipRights.${i}.status`, 'knowHowGranted', 'cannot be granted for 技术秘密');
  });
  return problems;
}

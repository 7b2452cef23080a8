import { isCalendarDay } from '@techbridge/catalog';
import type { DealStage } from '@techbridge/domain';

/** The stages of a deal that stands: it counts in the statistics and holds its 技术合同登记号. */
export const LIVE_STAGES = ['intent', 'signed', 'registered'] as const satisfies readonly DealStage[];

/**
 * How a deal moves: 意向 → 签约 → 技术合同登记. It ends (out of every figure, its 登记号 free again)
 * when a party cancels an intent or a signed contract that fell through, when the party the other
 * side named disputes a record it never agreed to, or when a platform admin voids it.
 */
export const DEAL_TRANSITIONS = {
  sign: { from: ['intent'], to: 'signed' },
  register: { from: ['signed'], to: 'registered' },
  cancel: { from: ['intent', 'signed'], to: 'cancelled' },
  dispute: { from: LIVE_STAGES, to: 'disputed' },
  void: { from: LIVE_STAGES, to: 'voided' },
} as const satisfies Record<string, { from: readonly DealStage[]; to: DealStage }>;
export type DealAction = keyof typeof DEAL_TRANSITIONS;
export const DEAL_ACTIONS = Object.keys(DEAL_TRANSITIONS) as DealAction[];

/** The steps that end a deal: each needs the reason, kept on the deal and told to the parties. */
export const ENDING_ACTIONS = ['cancel', 'dispute', 'void'] as const satisfies readonly DealAction[];
export type EndingAction = (typeof ENDING_ACTIONS)[number];
export const endsDeal = (action: DealAction): action is EndingAction => (ENDING_ACTIONS as readonly string[]).includes(action);
export const isLive = (stage: DealStage): boolean => (LIVE_STAGES as readonly string[]).includes(stage);

/** The stages a deal may be recorded at: a contract is often recorded after it was signed or registered. */
export const RECORDABLE_STAGES = LIVE_STAGES;
export type RecordableStage = (typeof RECORDABLE_STAGES)[number];

/** 100 亿元: above any single technology contract on record; a larger figure is a typing error that would swamp the turnover. */
export const MAX_AMOUNT_WAN = 1_000_000;

/** What a stage's contract facts must hold (amount and dates from signing on, the number once registered). */
export interface ContractFacts {
  amountWan?: number | null;
  signedOn?: string | null;
  registrationNumber?: string | null;
  registeredOn?: string | null;
}

export interface MissingFact {
  field: keyof ContractFacts;
  message: string;
}

/**
 * Why a 技术合同登记号 cannot be one, or null. Registries number contracts by year, region code and
 * serial (2024210200001234); some add letters or dashes between them.
 */
export function registrationNumberProblem(value: string): string | null {
  if (!/^[0-9A-Za-z-]{1,40}$/.test(value)) return 'registrationNumber must be at most 40 digits, letters or dashes';
  if (/^-|-$|--/.test(value)) return 'registrationNumber has dashes only between characters, one at a time';
  const year = /^\d{4}/.test(value) ? Number(value.slice(0, 4)) : NaN;
  if (!(year >= 1985 && year <= 2099)) return 'registrationNumber must begin with its year (1985–2099)';
  if (value.replace(/\D/g, '').length < 10) return 'registrationNumber must hold at least 10 digits (year, region code, serial)';
  return null;
}

/**
 * The facts a deal at `stage` lacks or gets wrong, with the field at fault: dates are calendar
 * days in China, not in the future, and a contract is registered on or after the day it was signed.
 */
export function contractProblems(stage: DealStage, facts: ContractFacts, today: string): MissingFact[] {
  const problems: MissingFact[] = [];
  // Facts of a later stage are refused, not dropped: the caller meant something the deal cannot hold yet.
  const later: Array<keyof ContractFacts> = stage === 'intent' ? ['signedOn', 'registrationNumber', 'registeredOn'] : stage === 'signed' ? ['registrationNumber', 'registeredOn'] : [];
  for (const field of later) if (facts[field] != null) problems.push({ field, message: `${field} belongs to a later stage than ${stage}` });
  if (facts.amountWan != null && !(facts.amountWan >= 0 && facts.amountWan <= MAX_AMOUNT_WAN)) {
    problems.push({ field: 'amountWan', message: `amountWan (万元) must be between 0 and ${MAX_AMOUNT_WAN} (100 亿元)` });
  }
  if (problems.length || (stage !== 'signed' && stage !== 'registered')) return problems;
  for (const field of ['signedOn', 'registeredOn'] as const) {
    const day = facts[field];
    if (day && !isCalendarDay(day)) return [{ field, message: `${field} must be a calendar day YYYY-MM-DD` }];
  }
  if (facts.amountWan == null) problems.push({ field: 'amountWan', message: `amountWan (万元) is required for a ${stage} deal` });
  if (!facts.signedOn) problems.push({ field: 'signedOn', message: `signedOn is required for a ${stage} deal` });
  else if (facts.signedOn > today) problems.push({ field: 'signedOn', message: 'signedOn cannot be in the future' });
  if (stage !== 'registered') return problems;
  const numberProblem = facts.registrationNumber ? registrationNumberProblem(facts.registrationNumber) : null;
  if (!facts.registrationNumber) problems.push({ field: 'registrationNumber', message: 'registrationNumber (技术合同登记号) is required for a registered deal' });
  else if (numberProblem) problems.push({ field: 'registrationNumber', message: numberProblem });
  if (!facts.registeredOn) problems.push({ field: 'registeredOn', message: 'registeredOn is required for a registered deal' });
  else if (facts.registeredOn > today) problems.push({ field: 'registeredOn', message: 'registeredOn cannot be in the future' });
  else if (facts.signedOn && facts.registeredOn < facts.signedOn) problems.push({ field: 'registeredOn', message: 'a contract is registered on or after the day it was signed' });
  return problems;
}

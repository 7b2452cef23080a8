import { isCalendarDay } from '@techbridge/catalog';
import type { DealStage } from '@techbridge/domain';

/** How a deal moves: 意向 → 签约 → 技术合同登记; an intent or a signed contract may fall through. */
export const DEAL_TRANSITIONS = {
  sign: { from: ['intent'], to: 'signed' },
  register: { from: ['signed'], to: 'registered' },
  cancel: { from: ['intent', 'signed'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly DealStage[]; to: DealStage }>;
export type DealAction = keyof typeof DEAL_TRANSITIONS;
export const DEAL_ACTIONS = Object.keys(DEAL_TRANSITIONS) as DealAction[];

/** The stages a deal may be recorded at: a contract is often recorded after it was signed or registered. */
export const RECORDABLE_STAGES = ['intent', 'signed', 'registered'] as const satisfies readonly DealStage[];
export type RecordableStage = (typeof RECORDABLE_STAGES)[number];

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
 * The facts a deal at `stage` lacks or gets wrong, with the field at fault: dates are calendar
 * days in China, not in the future, and a contract is registered on or after the day it was signed.
 */
export function contractProblems(stage: DealStage, facts: ContractFacts, today: string): MissingFact[] {
  const problems: MissingFact[] = [];
  // Facts of a later stage are refused, not dropped: the caller meant something the deal cannot hold yet.
  const later: Array<keyof ContractFacts> = stage === 'intent' ? ['signedOn', 'registrationNumber', 'registeredOn'] : stage === 'signed' ? ['registrationNumber', 'registeredOn'] : [];
  for (const field of later) if (facts[field] != null) problems.push({ field, message: `${field} belongs to a later stage than ${stage}` });
  if (problems.length || (stage !== 'signed' && stage !== 'registered')) return problems;
  for (const field of ['signedOn', 'registeredOn'] as const) {
    const day = facts[field];
    if (day && !isCalendarDay(day)) return [{ field, message: `${field} must be a calendar day YYYY-MM-DD` }];
  }
  if (facts.amountWan == null) problems.push({ field: 'amountWan', message: `amountWan (万元) is required for a ${stage} deal` });
  if (!facts.signedOn) problems.push({ field: 'signedOn', message: `signedOn is required for a ${stage} deal` });
  else if (facts.signedOn > today) problems.push({ field: 'signedOn', message: 'signedOn cannot be in the future' });
  if (stage !== 'registered') return problems;
  if (!facts.registrationNumber) problems.push({ field: 'registrationNumber', message: 'registrationNumber (技术合同登记号) is required for a registered deal' });
  if (!facts.registeredOn) problems.push({ field: 'registeredOn', message: 'registeredOn is required for a registered deal' });
  else if (facts.registeredOn > today) problems.push({ field: 'registeredOn', message: 'registeredOn cannot be in the future' });
  else if (facts.signedOn && facts.registeredOn < facts.signedOn) problems.push({ field: 'registeredOn', message: 'a contract is registered on or after the day it was signed' });
  return problems;
}

import type { AchievementStatus, DemandStatus } from '@techbridge/domain';

/** An action and the states it may start from, and where it leads. */
export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  /** Publishing needs a verified organisation and a visible listing. */
  publishes?: boolean;
}

export const DEMAND_TRANSITIONS = {
  publish: { from: ['draft', 'expired'], to: 'published', publishes: true },
  start_negotiation: { from: ['published'], to: 'in_negotiation' },
  resume: { from: ['in_negotiation'], to: 'published' },
  // A negotiation goes on in its match after the demand's 有效期 lapses: it may still end in a solution.
  solve: { from: ['published', 'in_negotiation', 'expired'], to: 'solved' },
  // A draft was never listed: it is not closed but discarded (archived, DELETE …/:id).
  close: { from: ['published', 'in_negotiation', 'expired'], to: 'closed' },
} as const satisfies Record<string, Transition<DemandStatus>>;
export type DemandAction = keyof typeof DEMAND_TRANSITIONS;

export const ACHIEVEMENT_TRANSITIONS = {
  publish: { from: ['draft'], to: 'published', publishes: true },
  start_negotiation: { from: ['published'], to: 'in_negotiation' },
  resume: { from: ['in_negotiation'], to: 'published' },
  transfer: { from: ['published', 'in_negotiation'], to: 'transferred' },
  close: { from: ['published', 'in_negotiation'], to: 'closed' },
  reopen: { from: ['closed'], to: 'draft' },
} as const satisfies Record<string, Transition<AchievementStatus>>;
export type AchievementAction = keyof typeof ACHIEVEMENT_TRANSITIONS;

/** States a demand leaves for `expired` once its 有效期 has passed (the scheduled expiry job). */
export const EXPIRING_DEMAND: readonly DemandStatus[] = ['published', 'in_negotiation'];

/** States in which the owner may still edit the content. */
export const EDITABLE_DEMAND: readonly DemandStatus[] = ['draft', 'published', 'expired'];
export const EDITABLE_ACHIEVEMENT: readonly AchievementStatus[] = ['draft', 'published'];

/**
 * States others may see (drafts are the owner's alone), once the item has been published: an item
 * never published is the owner's alone whatever its status (see `isListed`).
 */
export const LISTED_DEMAND: readonly DemandStatus[] = ['published', 'in_negotiation', 'solved', 'closed', 'expired'];
export const LISTED_ACHIEVEMENT: readonly AchievementStatus[] = ['published', 'in_negotiation', 'transferred', 'closed'];

/** Archiving takes an item off every list; an item still open to counterparts must be closed first. */
export const ARCHIVABLE_DEMAND: readonly DemandStatus[] = ['draft', 'solved', 'closed', 'expired'];
export const ARCHIVABLE_ACHIEVEMENT: readonly AchievementStatus[] = ['draft', 'transferred', 'closed'];

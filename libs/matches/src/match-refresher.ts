import { Injectable } from '@nestjs/common';
import type { CatalogKind } from '@techbridge/domain';
import { type FeedbackPrior, learnFeedbackPrior, type MatchingEngine } from '@techbridge/matching';
import { MatchIndex } from './match-index';
import { MatchStore, TOP_MATCHES } from './match-store';

export type RefreshOutcome = 'matched' | 'unchanged' | 'withdrawn' | 'gone';

/** Feedback changes slowly and is read per job: learn it at most this often. */
const FEEDBACK_TTL_MS = 30_000;

/**
 * Brings one item's stored matches up to its latest committed version. Idempotent: when the
 * stored matches already belong to that version and weights, it does nothing, so a job
 * delivered twice, or an old job arriving after a newer one, leaves the rows as they are.
 */
@Injectable()
export class MatchRefresher {
  private feedback: { prior: FeedbackPrior; at: number } | undefined;

  constructor(
    private readonly index: MatchIndex,
    private readonly store: MatchStore,
  ) {}

  async refresh(kind: CatalogKind, id: string, options: { force?: boolean } = {}): Promise<RefreshOutcome> {
    return this.refreshWith(await this.index.current(), kind, id, options);
  }

  /**
   * A rebuild chunk's items, against one index snapshot taken at the start (one sync per chunk,
   * not per item). An item changed meanwhile has its own job, and the store never lets this
   * older result replace a newer one.
   */
  async refreshAll(kind: CatalogKind, ids: readonly string[], options: { force?: boolean } = {}): Promise<void> {
    const engine = await this.index.current();
    for (const id of ids) await this.refreshWith(engine, kind, id, options);
  }

  private async refreshWith(engine: MatchingEngine, kind: CatalogKind, id: string, options: { force?: boolean }): Promise<RefreshOutcome> {
    const state = await this.store.state(kind, id);
    if (!state) return 'gone';
    const weightsVersion = engine.weights.version;
    if (!options.force && state.matchedVersion === state.version && state.matchedWeights === weightsVersion) return 'unchanged';
    const indexedVersion = this.index.versionOf(kind, id);
    if (indexedVersion === undefined) {
      await this.store.withdraw(kind, id, state.version, weightsVersion);
      return 'withdrawn';
    }
    const pairs = engine.topMatches(kind, id, TOP_MATCHES, { feedback: await this.feedbackPrior() });
    await this.store.store(kind, id, indexedVersion, weightsVersion, pairs);
    return 'matched';
  }

  private async feedbackPrior(): Promise<FeedbackPrior> {
    if (!this.feedback || Date.now() - this.feedback.at > FEEDBACK_TTL_MS) {
      this.feedback = { prior: learnFeedbackPrior(await this.store.feedbackEvents()), at: Date.now() };
    }
    return this.feedback.prior;
  }
}

import { Injectable } from '@nestjs/common';
import type { CatalogKind } from '@techbridge/domain';
import { type FeedbackPrior, learnFeedbackPrior, type Match as ScoredPair, type MatchingEngine } from '@techbridge/matching';
import { MatchIndex } from './match-index';
import { type ComputedList, MatchStore, TOP_MATCHES } from './match-store';

export type RefreshOutcome = 'matched' | 'unchanged' | 'withdrawn' | 'gone';

/**
 * Items written per transaction. Batching saves PostgreSQL most of its per-item work; smaller
 * batches hold the lists lock briefly, so a live item's write does not queue behind whole chunks.
 */
const WRITE_BATCH = 10;

/** Lets the job's lock renewals run between items: a chunk computes for about a second. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Feedback changes slowly and is read per job: learn it at most this often. */
const FEEDBACK_TTL_MS = 30_000;

const NONE: ReadonlySet<string> = new Set();

/**
 * The engine's best pairs (asked for TOP_MATCHES more than the dismissed ones) up to the
 * TOP_MATCHES-th that can still be suggested. Dismissed pairs among them stay in the list,
 * scored, so restoring one shows it at its rank, but take no place: the next candidates fill in.
 */
function placesFor(kind: CatalogKind, ranked: readonly ScoredPair[], dismissed: ReadonlySet<string>): ScoredPair[] {
  const list: ScoredPair[] = [];
  let places = 0;
  for (const pair of ranked) {
    if (places === TOP_MATCHES) break;
    list.push(pair);
    if (!dismissed.has(kind === 'demand' ? pair.achievementId : pair.demandId)) places++;
  }
  return list;
}

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
    const outcomes = await this.refreshWith(await this.index.current(), kind, [id], options);
    return outcomes.get(id)!;
  }

  /**
   * A rebuild chunk's items, against one index snapshot taken at the start (one sync per chunk,
   * not per item), written WRITE_BATCH items per transaction. An item changed meanwhile has its
   * own job, and the store never lets this older result replace a newer one.
   */
  async refreshAll(kind: CatalogKind, ids: readonly string[], options: { force?: boolean } = {}): Promise<Map<string, RefreshOutcome>> {
    return this.refreshWith(await this.index.current(), kind, ids, options);
  }

  private async refreshWith(engine: MatchingEngine, kind: CatalogKind, ids: readonly string[], options: { force?: boolean }): Promise<Map<string, RefreshOutcome>> {
    const states = await this.store.states(kind, ids);
    const weightsVersion = engine.scoringVersion;
    const feedback = await this.feedbackPrior();
    const dismissedOf = await this.store.dismissedCounterparts(kind, ids);
    const outcomes = new Map<string, RefreshOutcome>();
    let computed: ComputedList[] = [];
    for (const id of ids) {
      const state = states.get(id);
      if (!state) {
        outcomes.set(id, 'gone');
        continue;
      }
      if (!options.force && state.matchedVersion === state.version && state.matchedWeights === weightsVersion) {
        outcomes.set(id, 'unchanged');
        continue;
      }
      const indexedVersion = this.index.versionOf(kind, id);
      if (indexedVersion === undefined) {
        await this.store.withdraw(kind, id, state.version, weightsVersion);
        outcomes.set(id, 'withdrawn');
        continue;
      }
      if (computed.length === WRITE_BATCH) {
        await this.store.storeAll(kind, computed, weightsVersion);
        computed = [];
      } else if (computed.length) await yieldToEventLoop();
      const dismissed = dismissedOf.get(id) ?? NONE;
      computed.push({ id, version: indexedVersion, pairs: placesFor(kind, engine.topMatches(kind, id, TOP_MATCHES + dismissed.size, { feedback }), dismissed) });
      outcomes.set(id, 'matched');
    }
    await this.store.storeAll(kind, computed, weightsVersion);
    return outcomes;
  }

  private async feedbackPrior(): Promise<FeedbackPrior> {
    if (!this.feedback || Date.now() - this.feedback.at > FEEDBACK_TTL_MS) {
      this.feedback = { prior: learnFeedbackPrior(await this.store.feedbackEvents()), at: Date.now() };
    }
    return this.feedback.prior;
  }
}

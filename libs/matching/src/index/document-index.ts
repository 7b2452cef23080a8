import { sectionBit } from '../analysis/sections';
import type { Side } from '../types';

const HEADLINE = sectionBit('title') | sectionBit('keywords');
import { EncodedText, TF_SCALE } from './encoded-text';
import type { ItemFacts } from './facts';
import { PostingList } from './posting-list';
import type { QueryVector } from './query-vector';

export interface IndexedItem {
  readonly slot: number;
  readonly facts: ItemFacts;
  readonly text: EncodedText;
}

/** An item's field and chains as numbers, for boosts in the retrieval loop. */
export interface RetrievalCodes {
  readonly fieldId: number;
  /** One bit per chain (chain id mod 32): a boost, so a rare collision only nudges a rank. */
  readonly chainMask: number;
}

export interface Bm25Params {
  readonly k1: number;
  readonly b: number;
}

/** Reusable score buffer for retrieval: scores by slot plus the list of slots touched. */
export class ScoreAccumulator {
  scores = new Float32Array(0);
  touched = new Int32Array(0);
  touchedCount = 0;

  ensure(capacity: number): void {
    if (this.scores.length >= capacity) return;
    const size = Math.max(capacity, this.scores.length * 2, 1024);
    this.scores = new Float32Array(size);
    this.touched = new Int32Array(size);
  }

  reset(): void {
    for (let i = 0; i < this.touchedCount; i++) this.scores[this.touched[i]!] = 0;
    this.touchedCount = 0;
  }
}

/**
 * One side's inverted index (demands or achievements), updated incrementally. Slots of removed
 * items are reused; postings are typed arrays keyed by interned term id, so 100,000 items take
 * tens of megabytes, not gigabytes.
 */
export class DocumentIndex {
  private readonly slotById = new Map<string, number>();
  private readonly items: (IndexedItem | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private postings: (PostingList | undefined)[] = [];
  private documentFrequency = new Int32Array(1024);
  /** Items whose headline (title, keywords) holds the term: the basis of co-occurrence. */
  private headlineFrequency = new Int32Array(1024);
  private lengths = new Float32Array(1024);
  /** Per slot, for retrieval boosts without touching objects: field id and a chain bit mask. */
  private fieldIds = new Int32Array(1024);
  private chainMasks = new Int32Array(1024);
  private totalLength = 0;
  private changes = 0;

  constructor(readonly side: Side) {}

  /** Moves on with every upsert and removal: what was derived from an earlier generation is stale. */
  get generation(): number {
    return this.changes;
  }

  get size(): number {
    return this.slotById.size;
  }

  get capacity(): number {
    return this.items.length;
  }

  get averageLength(): number {
    return this.size === 0 ? 1 : this.totalLength / this.size;
  }

  df(termId: number): number {
    return termId < this.documentFrequency.length ? this.documentFrequency[termId]! : 0;
  }

  headlineDf(termId: number): number {
    return termId < this.headlineFrequency.length ? this.headlineFrequency[termId]! : 0;
  }

  /** The posting list of a term (slots holding it), or undefined. */
  postingsOf(termId: number): PostingList | undefined {
    return this.postings[termId];
  }

  get(id: string): IndexedItem | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.items[slot];
  }

  atSlot(slot: number): IndexedItem | undefined {
    return this.items[slot];
  }

  *all(): IterableIterator<IndexedItem> {
    for (const item of this.items) if (item !== undefined) yield item;
  }

  /** Adds an item, replacing any earlier version with the same id. */
  upsert(facts: ItemFacts, text: EncodedText, codes: RetrievalCodes = { fieldId: -1, chainMask: 0 }): IndexedItem {
    this.remove(facts.id);
    this.changes++;
    const slot = this.freeSlots.pop() ?? this.items.length;
    const item: IndexedItem = { slot, facts, text };
    this.items[slot] = item;
    this.slotById.set(facts.id, slot);
    this.lengths = grow(this.lengths, slot + 1);
    this.lengths[slot] = text.length;
    this.fieldIds = grow(this.fieldIds, slot + 1);
    this.fieldIds[slot] = codes.fieldId;
    this.chainMasks = grow(this.chainMasks, slot + 1);
    this.chainMasks[slot] = codes.chainMask;
    this.totalLength += text.length;
    for (let i = 0; i < text.termCount; i++) {
      const termId = text.termId(i);
      this.documentFrequency = grow(this.documentFrequency, termId + 1);
      this.documentFrequency[termId]!++;
      if ((text.sections(i) & HEADLINE) !== 0) {
        this.headlineFrequency = grow(this.headlineFrequency, termId + 1);
        this.headlineFrequency[termId]!++;
      }
      let list = this.postings[termId];
      if (list === undefined) this.postings[termId] = list = new PostingList();
      list.add(slot, Math.round(text.tf(i) * TF_SCALE));
    }
    return item;
  }

  remove(id: string): boolean {
    const slot = this.slotById.get(id);
    if (slot === undefined) return false;
    this.changes++;
    const item = this.items[slot]!;
    for (let i = 0; i < item.text.termCount; i++) {
      const termId = item.text.termId(i);
      this.postings[termId]?.remove(slot);
      this.documentFrequency[termId]!--;
      if ((item.text.sections(i) & HEADLINE) !== 0) this.headlineFrequency[termId]!--;
    }
    this.totalLength -= item.text.length;
    this.lengths[slot] = 0;
    this.items[slot] = undefined;
    this.slotById.delete(id);
    this.freeSlots.push(slot);
    return true;
  }

  /**
   * Adds the BM25 score of every item sharing a term with the query into `acc`. Cost is the
   * total length of the query terms' postings: items without a shared term are never touched.
   */
  accumulate(query: QueryVector, params: Bm25Params, acc: ScoreAccumulator): void {
    acc.ensure(this.items.length);
    const { k1, b } = params;
    const avg = this.averageLength;
    const { scores, touched } = acc;
    for (let q = 0; q < query.ids.length; q++) {
      const termId = query.ids[q]!;
      const list = this.postings[termId];
      if (list === undefined || list.length === 0) continue;
      const weight = query.weights[q]! * query.idf[q]!;
      if (weight <= 0) continue;
      const { slots, tfs } = list;
      for (let j = 0; j < list.length; j++) {
        const slot = slots[j]!;
        const tf = tfs[j]! / TF_SCALE;
        const norm = k1 * (1 - b + (b * this.lengths[slot]!) / avg);
        if (scores[slot] === 0) touched[acc.touchedCount++] = slot;
        scores[slot]! += (weight * tf * (k1 + 1)) / (tf + norm);
      }
    }
  }

  /** Retrieval boost of a slot for a query in field `fieldId` with chains `chainMask`. */
  boost(slot: number, codes: RetrievalCodes, sameField: number, sharedChain: number): number {
    let boost = 1;
    if (this.fieldIds[slot] === codes.fieldId) boost += sameField;
    if ((this.chainMasks[slot]! & codes.chainMask) !== 0) boost += sharedChain;
    return boost;
  }

  /** Approximate heap bytes held by postings and stored vectors (for the speed bench). */
  approximateBytes(): number {
    let bytes = this.lengths.byteLength + this.documentFrequency.byteLength;
    for (const list of this.postings) if (list !== undefined) bytes += list.slots.byteLength + list.tfs.byteLength + 64;
    for (const item of this.items) if (item !== undefined) bytes += item.text.byteSize + 256;
    return bytes;
  }
}

function grow<T extends Float32Array | Int32Array>(array: T, needed: number): T {
  if (array.length >= needed) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

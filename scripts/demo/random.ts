/**
 * Deterministic choices for the demo set: every "random" pick is a hash of a stable key, so the
 * data is identical on every call and on every machine, and adding an item does not reshuffle the rest.
 */

/** FNV-1a over the key, then the MurmurHash3 finaliser so that keys differing in one character spread well. */
export function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** An integer in [low, high], chosen by key. */
export const between = (key: string, low: number, high: number): number => low + (hash(key) % (high - low + 1));

/** One element of a non-empty list, chosen by key. */
export const pick = <T>(key: string, list: readonly T[]): T => list[hash(key) % list.length];

/** Element i of a list, cycling: used to vary the items generated from one topic. */
export const cycle = <T>(list: readonly T[], i: number): T => list[i % list.length];

/** The keys ordered by their hash: a well-mixed but fixed order for assigning quotas. */
export const shuffled = <T>(items: readonly T[], keyOf: (item: T) => string, salt: string): T[] =>
  [...items].sort((a, b) => hash(`${salt}:${keyOf(a)}`) - hash(`${salt}:${keyOf(b)}`) || keyOf(a).localeCompare(keyOf(b)));

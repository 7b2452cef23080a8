import { join } from 'node:path';
import { readDataLines, TEXT_DATA_DIR } from './data-files';
import { isCjk, normalizeText } from './normalize';

let stopChars: ReadonlySet<string> | undefined;
const functionChars = (): ReadonlySet<string> =>
  (stopChars ??= new Set(readDataLines(join(TEXT_DATA_DIR, 'stopchars.txt')).flatMap((l) => l.split(/\s+/))));

/**
 * Character bigrams of the CJK runs of a text, as sorted unique codes (two UTF-16 units packed
 * into one number, so no hashing and no collisions). They let the scorer see that "空气耦合"
 * and "空耦" or an unsegmented compound share material even when jieba cuts them differently.
 * Pairs with a function character (的, 和, 在 …) are skipped: they span words, not meaning.
 */
export function charBigrams(text: string): Uint32Array {
  const normalized = normalizeText(text);
  const skip = functionChars();
  const codes = new Set<number>();
  for (let i = 0; i + 1 < normalized.length; i++) {
    const a = normalized[i]!;
    const b = normalized[i + 1]!;
    if (isCjk(a) && isCjk(b) && !skip.has(a) && !skip.has(b)) codes.add(((a.charCodeAt(0) << 16) | b.charCodeAt(0)) >>> 0);
  }
  return Uint32Array.from(codes).sort();
}

/** Size of the intersection of two sorted code arrays. */
export function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared;
}

/** The two characters a bigram code stands for (for explanations and debugging). */
export const bigramText = (code: number): string =>
  String.fromCharCode(code >>> 16) + String.fromCharCode(code & 0xffff);

/**
 * Finds thesaurus terms in normalised text with a character trie: from each position it walks
 * only as far as some term continues. Latin terms (abbreviations such as "ut" or "pla") must
 * stand alone, or they would match inside words. Patterns with `*` allow a short gap inside
 * one clause ("声音*大" → "声音越来越大").
 */
const MAX_GAP = 6;
const ASCII_WORD = /[a-z0-9]/;
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface CompiledPattern {
  readonly pattern: string;
  readonly anchor: string;
  readonly regex: RegExp;
}

export interface PhraseHit {
  /** The term or pattern as written in the thesaurus (normalised). */
  readonly term: string;
  /** Offset of the first character matched. */
  readonly start: number;
  /** The text matched: the term itself, or what a pattern's gaps spanned ("声音越来越大"). */
  readonly text: string;
}

/** Keyed by UTF-16 code unit: reading `text[i]` would allocate a string per CJK character. */
interface TrieNode {
  readonly next: Map<number, TrieNode>;
  /** The term ending here, if any. */
  term?: string;
  /** Indexes of the patterns whose anchor (longest literal part) ends here. */
  anchorOf?: number[];
}

export class PhraseFinder {
  private readonly root: TrieNode = { next: new Map() };
  private readonly patterns: CompiledPattern[] = [];

  constructor(terms: Iterable<string>) {
    for (const term of new Set(terms)) {
      if (term.includes('*')) {
        const pattern = compilePattern(term);
        // A pattern is tried only where its anchor occurs, which the same walk finds: the cost of
        // a text no longer grows with the number of patterns.
        const node = this.insert(pattern.anchor);
        (node.anchorOf ??= []).push(this.patterns.length);
        this.patterns.push(pattern);
        continue;
      }
      this.insert(term).term = term;
    }
  }

  find(text: string): PhraseHit[] {
    const hits: PhraseHit[] = [];
    let anchored: number[] | undefined;
    for (let i = 0; i < text.length; i++) {
      let node = this.root.next.get(text.charCodeAt(i));
      for (let j = i + 1; node !== undefined; j++) {
        if (node.term !== undefined && standsAlone(text, i, node.term)) hits.push({ term: node.term, start: i, text: node.term });
        if (node.anchorOf !== undefined) (anchored ??= []).push(...node.anchorOf);
        node = j < text.length ? node.next.get(text.charCodeAt(j)) : undefined;
      }
    }
    if (anchored === undefined) return hits;
    // In thesaurus order, each pattern once, as if every pattern had been tried.
    for (const index of [...new Set(anchored)].sort((a, b) => a - b)) {
      const { pattern, regex } = this.patterns[index]!;
      regex.lastIndex = 0;
      const match = regex.exec(text);
      if (match !== null) hits.push({ term: pattern, start: match.index, text: match[0] });
    }
    return hits;
  }

  private insert(literal: string): TrieNode {
    let node = this.root;
    for (let i = 0; i < literal.length; i++) {
      const code = literal.charCodeAt(i);
      let child = node.next.get(code);
      if (child === undefined) node.next.set(code, (child = { next: new Map() }));
      node = child;
    }
    return node;
  }
}

function standsAlone(text: string, start: number, term: string): boolean {
  if (!ASCII_WORD.test(term[0]!) && !ASCII_WORD.test(term[term.length - 1]!)) return true;
  const before = text[start - 1];
  const after = text[start + term.length];
  const glued = (ch: string | undefined, edge: string): boolean =>
    ch !== undefined && /[a-z]/.test(ch) && /[a-z]/.test(edge);
  return !glued(before, term[0]!) && !glued(after, term[term.length - 1]!);
}

function compilePattern(pattern: string): CompiledPattern {
  const parts = pattern.split('*').filter((p) => p.length > 0);
  const gap = `[^，。；;,.!?！？、：:()（）\\s]{0,${MAX_GAP}}?`;
  return {
    pattern,
    anchor: parts.reduce((a, b) => (b.length > a.length ? b : a), ''),
    regex: new RegExp(parts.map(escapeRegExp).join(gap), 'g'),
  };
}

import { Jieba } from '@node-rs/jieba';
import { dict as defaultDictionary } from '@node-rs/jieba/dict';
import { join } from 'node:path';
import { readDataLines, TEXT_DATA_DIR } from './data-files';
import { contentForms, normalizeText } from './normalize';
import { stopWords } from './stop-words';
import { Thesaurus } from './thesaurus/thesaurus';

/** A Latin word as jieba delimits it: a run of letters (and digits after them). */
const LATIN_WORD = /[a-z][a-z0-9]*/g;

/** Frequency given to domain words so jieba keeps them whole against common splits. */
const DOMAIN_WORD_FREQ = 2000;
/**
 * Parts of a domain word (熔覆 in 激光熔覆) get a token frequency: enough for search mode to
 * emit them as sub-words, too little to change how ordinary text is cut.
 */
const PART_FREQ = 5;

/**
 * Chinese word segmentation for matching: @node-rs/jieba loaded once per process (loading the
 * dictionary takes a few hundred milliseconds), normalised input, search-mode tokens (whole
 * words plus their dictionary sub-words, so 燃气轮机 also yields 燃气 and 轮机), stop words
 * and punctuation removed, figures kept (see `contentForms`).
 */
export class Segmenter {
  private static domainInstance: Segmenter | undefined;
  private static plainInstance: Segmenter | undefined;

  private constructor(
    private readonly jieba: Jieba,
    private readonly stops: ReadonlySet<string>,
  ) {}

  /** jieba's dictionary plus the domain lexicon and every thesaurus term. */
  static domain(): Segmenter {
    Segmenter.domainInstance ??= Segmenter.withUserWords(domainWords());
    return Segmenter.domainInstance;
  }

  /** jieba's dictionary only: what a plain BM25 baseline sees. */
  static plain(): Segmenter {
    Segmenter.plainInstance ??= new Segmenter(Jieba.withDict(defaultDictionary), stopWords());
    return Segmenter.plainInstance;
  }

  /** A segmenter with extra words (`word` or `word freq`), e.g. for tests or another domain. */
  static withUserWords(lines: readonly string[]): Segmenter {
    const jieba = Jieba.withDict(defaultDictionary);
    const words = new Map<string, number>();
    for (const line of lines) {
      const [word, freq] = normalizeText(line).trim().split(/\s+/);
      if (word !== undefined && !/\s/.test(word) && word.length > 1) words.set(word, Number(freq) || DOMAIN_WORD_FREQ);
    }
    const parts = new Map<string, number>();
    for (const word of words.keys()) {
      if (word.length < 3) continue;
      for (const part of jieba.cut(word, true)) if (part.length > 1 && part !== word) parts.set(part, PART_FREQ);
    }
    const known = wordsInDefaultDictionary(new Set([...words.keys(), ...parts.keys()]));
    const entries = [...parts, ...words].filter(([w]) => !known.has(w)).map(([w, f]) => `${w} ${f}`);
    if (entries.length > 0) jieba.loadDict(Buffer.from(entries.join('\n'), 'utf8'));
    return new Segmenter(jieba, stopWords());
  }

  /** A segmenter sharing this one's dictionary but with another stop-word list. */
  withStopWords(stops: ReadonlySet<string>): Segmenter {
    return new Segmenter(this.jieba, stops);
  }

  /** Raw search-mode tokens of the normalised text: no filtering at all (baselines, debugging). */
  searchTokens(text: string): string[] {
    return this.jieba.cutForSearch(normalizeText(text), true);
  }

  /**
   * Search-mode content terms, in text order, duplicates kept (term frequency matters). Latin
   * words stay whole: search mode would also emit dictionary fragments of them ("ro" inside
   * "shearography"), which are noise, not sub-words.
   */
  terms(text: string): string[] {
    const normalized = normalizeText(text);
    const latinWords = new Set(normalized.match(LATIN_WORD) ?? []);
    const tokens = this.jieba.cutForSearch(normalized, true).filter((t) => !/^[a-z]+$/.test(t) || latinWords.has(t));
    return this.keep(tokens);
  }

  /** Precise-mode content words (no sub-words), for display and phrase work. */
  words(text: string): string[] {
    return this.keep(this.jieba.cut(normalizeText(text), true));
  }

  /**
   * Precise-mode content words of a search query, with the fragments of Latin words that `terms`
   * leaves out of an index left out here too ("mx" inside "mxdp3000"): a query word the index
   * can never hold would make every search for a model number find nothing.
   */
  queryWords(text: string): string[] {
    const normalized = normalizeText(text);
    const latinWords = new Set(normalized.match(LATIN_WORD) ?? []);
    return this.keep(this.jieba.cut(normalized, true).filter((t) => !/^[a-z]+$/.test(t) || latinWords.has(t)));
  }

  isStopWord(term: string): boolean {
    return this.stops.has(term);
  }

  private keep(tokens: string[]): string[] {
    const kept: string[] = [];
    for (const token of tokens) for (const form of contentForms(token)) if (!this.stops.has(form)) kept.push(form);
    return kept;
  }
}

function domainWords(): string[] {
  return [...readDataLines(join(TEXT_DATA_DIR, 'lexicon.txt')), ...Thesaurus.shared().literalTerms()];
}

/** Which of `candidates` jieba's bundled dictionary already has (scanned once, not kept). */
function wordsInDefaultDictionary(candidates: ReadonlySet<string>): Set<string> {
  const known = new Set<string>();
  const text = Buffer.from(defaultDictionary).toString('utf8');
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    const word = line.slice(0, line.indexOf(' '));
    if (candidates.has(word)) known.add(word);
    start = end === -1 ? text.length : end + 1;
  }
  return known;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEXT_DATA_DIR } from './data-files';
import { normalizeText } from './normalize';

/** Sentence and clause boundaries; each piece keeps its closing mark, so pieces join back losslessly. */
const SENTENCE_END = /(?<=[。！？!?;；\n])/;
const CLAUSE_END = /(?<=[，,、：:])/;

/** A text split into what it says an item does and the limitations it states. */
export interface StatedLimits {
  readonly offer: string;
  readonly limits: string;
}

/**
 * How an achievement states its limitations (data/statements.txt). After what a technique does,
 * summaries often say what it does not: "但需调酸至pH 3左右", "不足之处是残余铁泥仍按危险废物
 * 管理", "仍需配套深度处理". Words there (危险废物, 深度处理) are not on offer, yet plain BM25
 * matches them like any other; splitting them off lets the engine weigh them less.
 */
export class StatementLexicon {
  private static sharedInstance: StatementLexicon | undefined;
  private readonly markers: readonly string[];
  private readonly turns: readonly string[];
  private readonly concessions: readonly string[];

  constructor(markers: readonly string[], turns: readonly string[], concessions: readonly string[] = []) {
    this.markers = markers.map(normalizeText);
    this.turns = turns.map(normalizeText);
    this.concessions = concessions.map(normalizeText);
  }

  static shared(): StatementLexicon {
    StatementLexicon.sharedInstance ??= StatementLexicon.parse(readFileSync(join(TEXT_DATA_DIR, 'statements.txt'), 'utf8'));
    return StatementLexicon.sharedInstance;
  }

  /** Lines "@limit word …" (a limitation from the word on), "@turn word …" (a clause opening with it), "@concede word …". */
  static parse(text: string): StatementLexicon {
    const markers: string[] = [];
    const turns: string[] = [];
    const concessions: string[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*$/, '').trim();
      if (line.length === 0) continue;
      const [head, ...words] = line.split(/\s+/);
      if (head === '@limit') markers.push(...words);
      else if (head === '@turn') turns.push(...words);
      else if (head === '@concede') concessions.push(...words);
      else throw new Error(`statements: expected "@limit|@turn|@concede word …", got: ${line}`);
    }
    return new StatementLexicon(markers, turns, concessions);
  }

  /**
   * Splits a text into what it offers and its stated limitations: in each sentence, from the
   * first limitation marker, or from the first clause that opens with a turn ("但"), to the
   * sentence end. After a concession ("虽然成本较高，但寿命提高3倍") the turn brings the strength
   * and the conceded clauses are the limitation. The rest is the offer.
   */
  limitations(text: string): StatedLimits {
    const offer: string[] = [];
    const limits: string[] = [];
    for (const sentence of text.split(SENTENCE_END)) {
      const [from, to] = this.limitSpan(sentence);
      offer.push(sentence.slice(0, from) + sentence.slice(to));
      limits.push(sentence.slice(from, to));
    }
    return { offer: offer.join(''), limits: limits.join('') };
  }

  /** The span of a sentence that states a limitation ([n, n] when none); markers are CJK, found in the raw text. */
  private limitSpan(sentence: string): [number, number] {
    let start = 0;
    let conceded = -1;
    for (const clause of sentence.split(CLAUSE_END)) {
      const trimmed = clause.trimStart();
      const at = start + clause.length - trimmed.length;
      if (this.turns.some((t) => trimmed.startsWith(t))) return conceded >= 0 ? [conceded, at] : [at, sentence.length];
      if (conceded < 0 && this.concessions.some((c) => trimmed.startsWith(c))) conceded = at;
      const found = this.markers.map((m) => clause.indexOf(m)).filter((i) => i >= 0);
      if (found.length > 0) return [start + Math.min(...found), sentence.length];
      start += clause.length;
    }
    return [sentence.length, sentence.length];
  }
}

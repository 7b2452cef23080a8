import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEXT_DATA_DIR } from '../data-files';
import { PhraseFinder, type PhraseHit } from './phrase-finder';
import { parseThesaurus, type ThesaurusEntry } from './thesaurus-file';

/**
 * How an expansion relates to the term it came from, strongest first:
 * synonym (same concept, incl. abbreviations), implies (symptom → mechanism or technique),
 * impliedBy (the reverse: a technique recalls the symptoms it cures), related (weak association).
 */
export type RelationKind = 'synonym' | 'implies' | 'impliedBy' | 'related';
export const RELATION_KINDS: readonly RelationKind[] = ['synonym', 'implies', 'impliedBy', 'related'];

export interface Expansion {
  readonly term: string;
  readonly kind: RelationKind;
  /** Fields whose knowledge this relation is; undefined when it is general. */
  readonly fields?: readonly string[];
}

interface Link {
  readonly kind: RelationKind;
  /** undefined = general; otherwise the union of the fields of the entries behind it. */
  readonly fields?: ReadonlySet<string>;
}

export const THESAURUS_DIR = join(TEXT_DATA_DIR, 'thesaurus');

/**
 * Synonyms, abbreviations and symptom → mechanism relations, kept as data (data/thesaurus/*.txt,
 * one file per field). Expansion takes one step along relations, closed over synonyms on both
 * ends, so "SOFC" reaches whatever "固体氧化物燃料电池" implies.
 */
export class Thesaurus {
  private static sharedInstance: Thesaurus | undefined;
  private readonly synonyms = new Map<string, Set<string>>();
  private readonly edges = new Map<string, Map<string, Link>>();
  private readonly finder: PhraseFinder;
  private readonly literals = new Set<string>();

  constructor(readonly entries: readonly ThesaurusEntry[]) {
    for (const entry of entries) {
      for (const term of [...entry.from, ...entry.to]) if (!term.includes('*')) this.literals.add(term);
      const fields = entry.fields.length === 0 ? undefined : entry.fields;
      if (entry.kind === 'synonym') this.joinSynonyms(entry.from);
      else if (entry.kind === 'related') {
        for (const a of entry.from) for (const b of entry.from) if (a !== b) this.link(a, b, 'related', fields);
      } else {
        for (const a of entry.from)
          for (const b of entry.to) {
            this.link(a, b, 'implies', fields);
            if (!a.includes('*')) this.link(b, a, 'impliedBy', fields);
          }
      }
    }
    this.finder = new PhraseFinder([...this.literals, ...this.edges.keys()]);
  }

  /** The thesaurus shipped with the lib (every file under data/thesaurus), loaded once. */
  static shared(): Thesaurus {
    Thesaurus.sharedInstance ??= Thesaurus.fromDirectory(THESAURUS_DIR);
    return Thesaurus.sharedInstance;
  }

  static fromDirectory(dir: string): Thesaurus {
    const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
    return new Thesaurus(files.flatMap((f) => parseThesaurus(readFileSync(join(dir, f), 'utf8'))));
  }

  static parse(text: string): Thesaurus {
    return new Thesaurus(parseThesaurus(text));
  }

  /** Terms without wildcards, for the segmenter's user dictionary. */
  literalTerms(): string[] {
    return [...this.literals];
  }

  /** Every term or pattern of the thesaurus occurring in normalised text. */
  find(text: string): PhraseHit[] {
    return this.finder.find(text);
  }

  /** Terms one relation away from `term`, each with the strongest kind that reaches it. */
  expand(term: string): Expansion[] {
    const best = new Map<string, Link>();
    const offer = (t: string, link: Link): void => {
      if (t === term) return;
      const prev = best.get(t);
      if (prev === undefined || RELATION_KINDS.indexOf(link.kind) < RELATION_KINDS.indexOf(prev.kind)) best.set(t, link);
      else if (prev.kind === link.kind && prev.fields !== undefined) best.set(t, mergeLinks(prev, link));
    };
    const group = this.synonymsOf(term);
    for (const s of group) offer(s, { kind: 'synonym' });
    for (const s of group) {
      for (const [target, link] of this.edges.get(s) ?? []) {
        for (const t of this.synonymsOf(target)) offer(t, link);
      }
    }
    return [...best].map(([t, link]) => ({ term: t, kind: link.kind, fields: link.fields && [...link.fields] }));
  }

  private synonymsOf(term: string): ReadonlySet<string> {
    return this.synonyms.get(term) ?? new Set([term]);
  }

  private joinSynonyms(terms: readonly string[]): void {
    const merged = new Set<string>(terms);
    for (const t of terms) for (const s of this.synonyms.get(t) ?? []) merged.add(s);
    for (const t of merged) this.synonyms.set(t, merged);
  }

  private link(from: string, to: string, kind: RelationKind, fields: readonly string[] | undefined): void {
    const out = this.edges.get(from) ?? new Map<string, Link>();
    const link: Link = { kind, fields: fields && new Set(fields) };
    const prev = out.get(to);
    if (prev === undefined || RELATION_KINDS.indexOf(kind) < RELATION_KINDS.indexOf(prev.kind)) out.set(to, link);
    else if (prev.kind === kind) out.set(to, mergeLinks(prev, link));
    this.edges.set(from, out);
  }
}

/** The same relation stated in several places: general if any statement is. */
function mergeLinks(a: Link, b: Link): Link {
  if (a.fields === undefined || b.fields === undefined) return { kind: a.kind };
  return { kind: a.kind, fields: new Set([...a.fields, ...b.fields]) };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_AFFINITY = 0.5;

/** How often one field's achievements answer another field's demands (data/field-affinity.txt). */
export class FieldAffinity {
  private static sharedInstance: FieldAffinity | undefined;

  constructor(private readonly pairs: ReadonlyMap<string, number>) {}

  static shared(): FieldAffinity {
    FieldAffinity.sharedInstance ??= FieldAffinity.parse(readFileSync(join(__dirname, '..', 'data', 'field-affinity.txt'), 'utf8'));
    return FieldAffinity.sharedInstance;
  }

  static parse(text: string): FieldAffinity {
    const pairs = new Map<string, number>();
    for (const raw of text.split(/\r?\n/)) {
      const [a, b, value] = raw.replace(/#.*$/, '').trim().split(/\s+/);
      if (a === undefined || a === '' || b === undefined) continue;
      const affinity = value === undefined ? DEFAULT_AFFINITY : Number(value);
      pairs.set(`${a} ${b}`, affinity);
      pairs.set(`${b} ${a}`, affinity);
    }
    return new FieldAffinity(pairs);
  }

  between(a: string, b: string): number {
    return a === b ? 1 : (this.pairs.get(`${a} ${b}`) ?? 0);
  }
}

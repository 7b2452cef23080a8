/** Interned terms: indexes and stored vectors hold small integer ids instead of strings. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];

  /** The id of `term`, assigning one if it is new. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
  }

  find(term: string): number | undefined {
    return this.ids.get(term);
  }

  term(id: number): string {
    const term = this.terms[id];
    if (term === undefined) throw new RangeError(`unknown term id ${id}`);
    return term;
  }

  get size(): number {
    return this.terms.length;
  }
}

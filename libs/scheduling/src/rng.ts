/**
 * Small seeded generator (xorshift32): the same seed gives the same schedule on every machine.
 * Shifts and xors only: the search draws millions of numbers, and `Math` calls are slow in some
 * embeddings (Jest's sandbox makes each one cost ~0.5 µs).
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Spread small seeds over all bits; xorshift must never start at 0.
    let s = (seed ^ 0x9e3779b9) | 0;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s | 0 || 0x2545f491;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return (x >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n), for n < 2^31. */
  int(n: number): number {
    return (this.next() * n) | 0;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

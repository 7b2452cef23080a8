import { Problem } from './problem';

/**
 * Keeping a published meeting means keeping its slot AND its table: participants go to the table
 * printed on their agenda. Tables are chosen after slots (tables.ts), a meeting that needs a table
 * (lock, booth) first, so such a meeting pushes a published meeting off the table it sat at.
 */

/** Whether r, held in its published slot, can sit at its published table as far as r itself goes. */
export function canKeepTable(problem: Problem, r: number): boolean {
  const t = problem.prevSlot[r];
  const table = problem.prevTable[r];
  if (t < 0 || table !== problem.instance.requests[r].previous?.table) return false; // the Int32Array truncated it
  if (table < 0 || table >= problem.sessionTables[problem.slotSession[t]]) return false;
  const required = problem.requiredTable[r];
  return required < 0 || required === table;
}

/** Published meetings now at another slot or table (`moved`), or not held at all (`dropped`). */
export function publishedChanges(problem: Problem, slotOf: Int32Array, tableOf: Int32Array): { moved: number; dropped: number } {
  let moved = 0;
  let dropped = 0;
  problem.instance.requests.forEach((request, r) => {
    if (!request.previous) return;
    const t = slotOf[r];
    if (t < 0) dropped++;
    else if (problem.slotIds[t] !== request.previous.slot || tableOf[r] !== request.previous.table) moved++;
  });
  return { moved, dropped };
}

/**
 * Published meetings without a table of their own, by published slot and table: those a meeting
 * needing that table would push off it. `of` returns undefined when no such clash can happen (no
 * lock or booth on a table a published meeting sat at), so the searches pay nothing for it.
 */
export class PublishedTables {
  private constructor(
    private readonly width: number,
    private readonly sitters: ReadonlyMap<number, readonly number[]>,
    private readonly sits: Uint8Array,
  ) {}

  static of(problem: Problem): PublishedTables | undefined {
    const width = Math.max(1, ...Array.from(problem.sessionTables));
    const sitters = new Map<number, number[]>();
    const sits = new Uint8Array(problem.requestCount);
    for (let r = 0; r < problem.requestCount; r++) {
      if (problem.requiredTable[r] >= 0 || !canKeepTable(problem, r)) continue;
      sits[r] = 1;
      const key = problem.prevSlot[r] * width + problem.prevTable[r];
      const list = sitters.get(key);
      if (list) list.push(r);
      else sitters.set(key, [r]);
    }
    let clash = false;
    for (let q = 0; q < problem.requestCount && !clash; q++) {
      const table = problem.requiredTable[q];
      if (table >= 0) clash = problem.domain[q].some((t) => sitters.has(t * width + table));
    }
    return clash ? new PublishedTables(width, sitters, sits) : undefined;
  }

  /** Whether r is a published meeting a table's holder could push off its published table. */
  has(r: number): boolean {
    return this.sits[r] === 1;
  }

  /**
   * Published meetings that a meeting needing table `table` in slot t pushes off it: those
   * published there that `slotOf` holds in t.
   */
  pushedOff(t: number, table: number, slotOf: (r: number) => number): number {
    if (t < 0 || table < 0) return 0;
    const list = this.sitters.get(t * this.width + table);
    if (!list) return 0;
    let n = 0;
    for (const r of list) if (slotOf(r) === t) n++;
    return n;
  }
}

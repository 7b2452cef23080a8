import { Problem } from './problem';

/**
 * Tables, once every meeting has its slot. Within a slot any free table will do, so: required
 * tables (locks, booths) first, then the table a meeting had in the published schedule, then the
 * lowest free one. The slot phases guarantee a slot never holds more meetings than tables and
 * never two meetings that require the same table, so this always succeeds. A required table taken
 * from a published meeting moves it here, so the slot phases count that as a move (published.ts).
 */
export function assignTables(problem: Problem, slotOf: Int32Array): Int32Array {
  const T = problem.slotCount;
  const tableOf = new Int32Array(problem.requestCount).fill(-1);
  const members: number[][] = Array.from({ length: T }, () => []);
  for (let r = 0; r < problem.requestCount; r++) if (slotOf[r] >= 0) members[slotOf[r]].push(r);

  for (let t = 0; t < T; t++) {
    const tables = problem.sessionTables[problem.slotSession[t]];
    const used = new Uint8Array(tables);
    const claim = (r: number, table: number): boolean => {
      if (table < 0 || table >= tables || used[table]) return false;
      used[table] = 1;
      tableOf[r] = table;
      return true;
    };
    for (const r of members[t]) claim(r, problem.requiredTable[r]);
    for (const r of members[t]) if (tableOf[r] < 0 && problem.prevSlot[r] === t) claim(r, problem.prevTable[r]);
    let next = 0;
    for (const r of members[t]) {
      if (tableOf[r] >= 0) continue;
      while (next < tables && used[next]) next++;
      claim(r, next);
    }
  }
  return tableOf;
}

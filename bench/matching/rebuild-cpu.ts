/**
 * CPU per demand of a rebuild's scoring, split between the main thread and V8's helper threads
 * (mostly garbage collection), so Node flags for the worker can be compared:
 *   node [flags] dist/bench/matching/rebuild-cpu.js [achievements] [demands] [samples]
 * (defaults 100000 20000 1000). Scores already indexed demands, as a rebuild does, and
 * serialises each result, as the store does. Linux only (reads /proc/self/task).
 */
import fs from 'node:fs';
import { MatchingEngine } from '@techbridge/matching';
import { random } from '../support/seeded-random';
import { SyntheticCatalogue } from './synthetic';

/** CPU milliseconds of this process's main thread and of all its other threads. */
function threadCpuMs(): { main: number; helpers: number } {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let main = 0;
  let helpers = 0;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    const fields = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * tick;
    if (tid === String(process.pid)) main += ms;
    else helpers += ms;
  }
  return { main, helpers };
}

function main(): void {
  const [achievements = 100_000, demands = 20_000, samples = 1_000] = process.argv.slice(2).map(Number);
  const catalogue = new SyntheticCatalogue(random(42));
  const engine = new MatchingEngine();
  for (let i = 0; i < achievements; i++) engine.upsertAchievement(catalogue.achievement(i));
  const ids: string[] = [];
  for (let i = 0; i < demands; i++) {
    const demand = catalogue.demand(i);
    engine.upsertDemand(demand);
    if (ids.length < samples + 100) ids.push(demand.id);
  }
  for (const id of ids.slice(0, 100)) engine.topMatches('demand', id, 50); // warm up the JIT
  const before = threadCpuMs();
  const started = performance.now();
  let bytes = 0;
  for (const id of ids.slice(100)) bytes += JSON.stringify(engine.topMatches('demand', id, 50)).length;
  const wall = performance.now() - started;
  const after = threadCpuMs();
  const n = ids.length - 100;
  const flags = process.execArgv.join(' ') || '(no flags)';
  process.stdout.write(
    `| ${flags} | ${(wall / n).toFixed(1)} | ${((after.main - before.main) / n).toFixed(1)} | ${((after.helpers - before.helpers) / n).toFixed(1)} | ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB | ${Math.round(bytes / n / 1024)} KiB |\n`,
  );
}

main();

/**
 * Matching latency and memory at catalogue scale: `node dist/bench/matching/speed.js
 * [achievements] [demands] [samples]` (defaults 100000 20000 200). Builds both indexes from a
 * synthetic catalogue, then times topMatches (analyse + retrieve + score + explain top 50) for
 * newly published items that are not yet indexed, in both directions, and reports heap and RSS.
 */
import { MatchingEngine } from '@techbridge/matching';
import { random } from '../support/seeded-random';
import { SyntheticCatalogue } from './synthetic';

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

function timings(label: string, run: (i: number) => void, samples: number): string {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return `| ${label} | ${samples} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.95).toFixed(1)} | ${times[times.length - 1]!.toFixed(1)} |`;
}

function main(): void {
  const [achievements = 100_000, demands = 20_000, samples = 200] = process.argv.slice(2).map(Number);
  const catalogue = new SyntheticCatalogue(random(42));
  const engine = new MatchingEngine();
  const gc = (globalThis as { gc?: () => void }).gc;

  let start = performance.now();
  for (let i = 0; i < achievements; i++) engine.upsertAchievement(catalogue.achievement(i));
  for (let i = 0; i < demands; i++) engine.upsertDemand(catalogue.demand(i));
  const buildMs = performance.now() - start;
  gc?.();
  const loaded = process.memoryUsage();

  const newDemands = Array.from({ length: samples }, (_, i) => catalogue.demand(demands + i));
  const newAchievements = Array.from({ length: samples }, (_, i) => catalogue.achievement(achievements + i));
  engine.topMatches('demand', newDemands[0]!); // warm up the JIT
  const rows = [
    timings('new demand → top 50 achievements', (i) => engine.topMatches('demand', newDemands[i]!, 50), samples),
    timings('new achievement → top 50 demands', (i) => engine.topMatches('achievement', newAchievements[i]!, 50), samples),
  ];
  start = performance.now();
  engine.pairsScored = 0;
  for (const d of newDemands) {
    engine.upsertDemand(d);
    engine.topMatches('demand', d.id, 50);
  }
  const publishMs = (performance.now() - start) / samples;
  const scoredPerQuery = engine.pairsScored / samples;
  const peakRss = process.resourceUsage().maxRSS * 1024;

  process.stdout.write(
    [
      `matching speed: ${achievements} achievements, ${demands} demands, node ${process.version}`,
      `index build: ${(buildMs / 1000).toFixed(1)} s (${((1000 * buildMs) / (achievements + demands)).toFixed(0)} µs per item)`,
      `memory with both indexes loaded${gc ? ' (after gc)' : ''}: heap used ${mib(loaded.heapUsed)}, typed arrays ${mib(loaded.arrayBuffers)}, RSS ${mib(loaded.rss)}; peak RSS ${mib(peakRss)}`,
      `pairs scored per query: ${scoredPerQuery.toFixed(0)} (candidates), of ${achievements} possible`,
      '',
      '| operation | samples | p50 ms | p95 ms | max ms |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows,
      `| publish a demand (upsert + top 50) | ${samples} | mean ${publishMs.toFixed(1)} | | |`,
      '',
    ].join('\n'),
  );
}

main();

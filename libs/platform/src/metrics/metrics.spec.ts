import { Metrics } from './metrics';

describe('Metrics', () => {
  it('keeps serving the other figures when a gauge cannot be read, and leaves that gauge without samples', async () => {
    const metrics = new Metrics('worker', false);
    metrics.counter('techbridge_things_total', 'things', ['kind']).inc({ kind: 'a' }, 2);
    let down = false;
    metrics.gauge('techbridge_depth', 'depth', ['queue'], async (gauge) => {
      if (down) throw new Error('connection refused');
      gauge.set({ queue: 'mail' }, 7);
    });
    expect(await metrics.registry.metrics()).toContain('techbridge_depth{queue="mail",service="worker"} 7');
    down = true;
    const text = await metrics.registry.metrics();
    expect(text).toContain('techbridge_things_total{kind="a",service="worker"} 2');
    expect(text).not.toMatch(/^techbridge_depth\{/m);
  });

  it('does not wait for a gauge whose backend never answers', async () => {
    jest.useFakeTimers();
    try {
      const metrics = new Metrics('worker', false);
      metrics.gauge('techbridge_hanging', 'never read', [], () => new Promise<void>(() => undefined));
      const scrape = metrics.registry.metrics();
      await jest.advanceTimersByTimeAsync(3_000);
      expect(await scrape).toContain('# TYPE techbridge_hanging gauge');
      expect(await scrape).not.toMatch(/^techbridge_hanging /m);
    } finally {
      jest.useRealTimers();
    }
  });
});

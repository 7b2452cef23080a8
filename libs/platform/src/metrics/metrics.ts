import { getHeapStatistics } from 'node:v8';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type ServiceName = 'api' | 'worker';

const COLLECT_TIMEOUT_MS = 3_000;

/**
 * This process's Prometheus metrics. Each process (and each Nest application in a test) has its
 * own registry rather than prom-client's global one, so two applications in one process never
 * collide over a metric's name.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(
    readonly service: ServiceName,
    served: boolean,
  ) {
    this.registry.setDefaultLabels({ service });
    // The process's own figures (memory, event-loop lag, GC) cost a timer each: only when someone reads them.
    if (served) collectDefaultMetrics({ register: this.registry });
    // The heap's ceiling (--max-old-space-size, WORKER_MAX_HEAP_MB): alert on nodejs_heap_size_used_bytes against it.
    this.gauge('techbridge_heap_limit_bytes', 'The V8 heap this process may grow to', [], async (gauge) => {
      gauge.set(getHeapStatistics().heap_size_limit);
    });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /**
   * A gauge read when scraped. Figures of the whole installation (queue depths, the outbox) are the
   * same from every process that reports them: aggregate them with `max`, not `sum`.
   */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect: (gauge: Gauge<L>) => Promise<void>): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      // A cluster's processes report the same reading: keep one, not their sum.
      aggregator: 'max',
      // A backend that is down must not take the process's other figures with it, nor hang the
      // scrape: the gauge then has no samples (alert on `absent(...)`), the rest is served.
      async collect() {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), COLLECT_TIMEOUT_MS);
        });
        try {
          await Promise.race([collect(this), timeout]);
        } catch {
          this.reset();
        } finally {
          clearTimeout(timer);
        }
      },
    });
  }
}

import { Processor } from '@nestjs/bullmq';
import type { WorkerOptions } from 'bullmq';

/**
 * `@Processor` whose worker does not fetch jobs as soon as it is built: WorkerLifecycle starts it
 * once its error listener is attached and its queue connection is ready. Built running, a worker
 * whose connection set-up fails (the database stopping under a starting worker) retries at once,
 * forever, printing the same error each time in a loop that never yields to timers or signals.
 */
export const QueueProcessor = (queue: string, options: Partial<Omit<WorkerOptions, 'autorun' | 'connection'>> = {}): ClassDecorator => Processor(queue, { ...options, autorun: false });

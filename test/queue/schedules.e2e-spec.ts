import { getQueueToken } from '@nestjs/bullmq';
import { type JobName, QUEUE_OF } from '@techbridge/queue';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { eventually, startTestApp, type TestApp } from '../support/harness';

const RECURRING: JobName[] = ['catalog.expire_demands', 'matching.reconcile', 'events.expire_requests', 'events.remind', 'queue.reconcile', 'accounts.purge_expired', 'challenges.remind_milestones', 'matches.remind_idle', 'notifications.digest', 'mail.purge'];

describe('recurring jobs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const queue = (name: JobName) => app.api.get<Queue>(getQueueToken(QUEUE_OF[name]), { strict: false });
  const present = async () => {
    const found = await Promise.all(RECURRING.map((name) => queue(name).getJobScheduler(name)));
    return found.every(Boolean) ? true : undefined;
  };

  it('come back without a restart after the queue store lost them', async () => {
    await eventually(present);
    if (app.env.queueBackend === 'redis') {
      // As FLUSHALL or a Redis restarted without persistence would, but only this test's namespace.
      const redis = new Redis(app.env.redisUrl!);
      try {
        const keys = await redis.keys(`${app.env.queueNamespace}:*`);
        expect(keys.length).toBeGreaterThan(0);
        await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    } else {
      for (const name of RECURRING) await queue(name).removeJobScheduler(name);
    }
    expect(await present()).toBeUndefined();
    await eventually(present, 30_000);
  });
});

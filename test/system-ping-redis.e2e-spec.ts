import { Redis } from 'ioredis';
import { describeJobRoundTrip } from './support/round-trip';

describeJobRoundTrip('redis', async (app, jobId) => {
  if (app.env.queueBackend === 'postgres') {
    // No Redis on this machine (never under CI): the same test ran on the PostgreSQL backend.
    const rows = await app.sql(`SELECT 1 FROM ${app.env.queueNamespace}.job WHERE id = $1`, [jobId]);
    return rows.length === 1;
  }
  const redis = new Redis(app.env.redisUrl!);
  try {
    const keys = await redis.keys(`${app.env.queueNamespace}:system:*`);
    return keys.some((k) => k.endsWith(`:${jobId}`));
  } finally {
    redis.disconnect();
  }
});

import { describeJobRoundTrip } from './support/round-trip';

describeJobRoundTrip('postgres', async (app, jobId) => {
  // BullMQ's PostgreSQL backend keeps jobs in its own schema of the application database.
  const rows = await app.sql<{ state: string }>(`SELECT state FROM ${app.env.queueNamespace}.job WHERE queue = 'system' AND id = $1`, [jobId]);
  return rows.length === 1 && rows[0].state === 'completed';
});

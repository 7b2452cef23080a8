import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Metrics, MetricsEndpoint } from '@techbridge/platform';
import { JobProducer, QueueMetrics } from '@techbridge/queue';
import type { DataSource } from 'typeorm';
import request from 'supertest';
import { loginAdmin } from './support/accounts';
import { publishedItem, verifiedOrganization } from './support/catalog';
import { eventually, startTestApp, type TestApp } from './support/harness';
import { allStopped, spawnEntry } from './support/processes';
import { freePort } from './support/ports';

const TOKEN = 'metrics-token-for-the-tests';
const bearer = { Authorization: `Bearer ${TOKEN}` };

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = exposition
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}:\n${found.join('\n')}`);
  return found.length ? Number(found[0]!.slice(found[0]!.lastIndexOf(' ') + 1)) : undefined;
}

const scrape = async (port: number | undefined, headers: Record<string, string> = bearer) => fetch(`http://127.0.0.1:${port}/metrics`, { headers });

describe('Prometheus metrics (METRICS_PORT)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => app.close());

  it('serve the API and the worker each on a port of their own, only to a scrape that carries the token', async () => {
    const apiPort = app.api.get(MetricsEndpoint).port;
    const workerPort = app.worker!.get(MetricsEndpoint).port;
    expect(apiPort).toEqual(expect.any(Number));
    expect(workerPort).not.toBe(apiPort);
    const refusals: Array<Record<string, string>> = [{}, { Authorization: 'Bearer wrong-token-of-the-same-size' }, { Authorization: TOKEN }];
    for (const headers of refusals) {
      const refused = await scrape(apiPort, headers);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ statusCode: 401, code: 'unauthorized' });
    }
    expect((await fetch(`http://127.0.0.1:${apiPort}/`, { headers: bearer })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${apiPort}/metrics`, { method: 'POST', headers: bearer })).status).toBe(405);
    const api = await scrape(apiPort);
    expect(api.status).toBe(200);
    expect(api.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await api.text();
    expect(sample(text, 'nodejs_heap_size_used_bytes', { service: 'api' })).toBeGreaterThan(0);
    expect(sample(text, 'techbridge_heap_limit_bytes', { service: 'api' })).toBeGreaterThan(sample(text, 'nodejs_heap_size_used_bytes')!);
    expect(sample(await (await scrape(workerPort)).text(), 'nodejs_heap_size_used_bytes', { service: 'worker' })).toBeGreaterThan(0);
  });

  it('count API requests by route pattern and status, never by the ids in the path', async () => {
    const port = app.api.get(MetricsEndpoint).port;
    const id = randomUUID();
    const route = { method: 'GET', route: '/api/v1/demands/:id', status: '404' };
    const before = sample(await (await scrape(port)).text(), 'techbridge_http_requests_total', route) ?? 0;
    for (let i = 0; i < 3; i++) await request(app.http).get(`/api/v1/demands/${id}`).expect(404);
    await request(app.http).get('/api/v1/no-such-route').expect(404);
    const text = await (await scrape(port)).text();
    expect(sample(text, 'techbridge_http_requests_total', route)).toBe(before + 3);
    expect(sample(text, 'techbridge_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/demands/:id' })).toBe(before + 3);
    expect(sample(text, 'techbridge_http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(id);
    expect(text).not.toContain('no-such-route');
  });

  it('report the size of the worker’s matching index', async () => {
    const port = app.worker!.get(MetricsEndpoint).port;
    const achievements = async () => sample(await (await scrape(port)).text(), 'techbridge_matching_index_items', { kind: 'achievement' });
    expect(await achievements()).toBe(0);
    await publishedItem(app, await verifiedOrganization(app, 'university'), 'achievements');
    await eventually(async () => ((await achievements()) === 1 ? true : undefined));
  });

  it('count and time the jobs the worker runs', async () => {
    const port = app.worker!.get(MetricsEndpoint).port;
    const job = { queue: 'system', job: 'system.ping', outcome: 'completed' };
    const before = sample(await (await scrape(port)).text(), 'techbridge_jobs_total', job) ?? 0;
    const admin = await loginAdmin(app);
    const ping = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({}).expect(202);
    await eventually(async () => ((await request(app.http).get(`/api/v1/system/pings/${ping.body.id}`).set(admin.auth)).body.status === 'processed' ? true : undefined));
    const text = await eventually(async () => {
      const body = await (await scrape(port)).text();
      return sample(body, 'techbridge_jobs_total', job) === before + 1 ? body : undefined;
    });
    expect(sample(text, 'techbridge_job_duration_seconds_count', { queue: 'system', job: 'system.ping' })).toBe(before + 1);
    expect(sample(text, 'techbridge_queue_jobs', { queue: 'matching', state: 'waiting' })).toEqual(expect.any(Number));
  });
});

describe.each(['redis', 'postgres'] as const)('What waits for the workers (QueueMetrics), on the %s queue backend', (queueBackend) => {
  let app: TestApp;
  // No worker: what is queued stays queued, and the outbox is not relayed.
  beforeAll(async () => {
    app = await startTestApp({ worker: false, queueBackend });
  });
  afterAll(() => app.close());

  it('report each queue by state, its oldest waiting job, and the outbox', async () => {
    const metrics = new Metrics('worker', false);
    new QueueMetrics(metrics, app.api.get(JobProducer), app.api.get<DataSource>(getDataSourceToken()));
    const producer = app.api.get(JobProducer);
    const empty = await metrics.registry.metrics();
    expect(sample(empty, 'techbridge_queue_jobs', { queue: 'system', state: 'waiting' })).toBe(0);
    expect(sample(empty, 'techbridge_queue_oldest_waiting_seconds', { queue: 'system' })).toBe(0);
    expect(sample(empty, 'techbridge_outbox_jobs')).toBe(0);
    expect(sample(empty, 'techbridge_outbox_oldest_seconds')).toBe(0);

    await producer.enqueue('system.ping', { pingId: randomUUID() }, { jobId: 'metrics-waiting', timestamp: Date.now() - 120_000 });
    await producer.enqueue('system.ping', { pingId: randomUUID() }, { jobId: 'metrics-delayed', delay: 3_600_000 });
    await app.sql(`INSERT INTO outbox (job_name, job_id, payload, created_at) VALUES ('system.ping', 'metrics-outbox', '{}', now() - interval '5 minutes')`);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'techbridge_queue_jobs', { queue: 'system', state: 'waiting' })).toBe(1);
    expect(sample(text, 'techbridge_queue_jobs', { queue: 'system', state: 'delayed' })).toBe(1);
    expect(sample(text, 'techbridge_queue_jobs', { queue: 'matching', state: 'waiting' })).toBe(0);
    expect(sample(text, 'techbridge_queue_oldest_waiting_seconds', { queue: 'system' })).toBeGreaterThanOrEqual(120);
    expect(sample(text, 'techbridge_outbox_jobs')).toBe(1);
    expect(sample(text, 'techbridge_outbox_oldest_seconds')).toBeGreaterThanOrEqual(300);
  });
});

describe('A clustered API (API_PROCESSES=2)', () => {
  it('serves one metrics endpoint from its primary, with the requests of every process summed', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const api = await spawnEntry('dist/apps/api/src/main.js', { PORT: String(port), HOST: '127.0.0.1', API_PROCESSES: '2', METRICS_PORT: String(metricsPort), METRICS_TOKEN: TOKEN });
    try {
      await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined), 60_000);
      const health = { method: 'GET', route: '/health', status: '200' };
      // Both processes must be up before counting: each answers the primary's request for its figures.
      await eventually(async () => ((sample(await (await scrape(metricsPort)).text(), 'nodejs_heap_size_used_bytes') ?? 0) > 0 ? true : undefined), 60_000);
      const before = sample(await (await scrape(metricsPort)).text(), 'techbridge_http_requests_total', health) ?? 0;
      // New connections each: the cluster spreads them over its processes.
      for (let i = 0; i < 20; i++) await fetch(`http://127.0.0.1:${port}/health`, { headers: { Connection: 'close' } });
      expect(sample(await (await scrape(metricsPort)).text(), 'techbridge_http_requests_total', health)).toBe(before + 20);
      expect((await scrape(metricsPort, {})).status).toBe(401);
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
      await allStopped([api.child.pid!]);
    }
  }, 120_000);

  it('whose processes cannot listen (the port is taken) exits 1 rather than restart them for ever', async () => {
    const other = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
    const api = await spawnEntry('dist/apps/api/src/main.js', { PORT: String(port), HOST: '127.0.0.1', API_PROCESSES: '2' });
    try {
      expect(await api.exited).toEqual({ code: 1, signal: null });
    } finally {
      // A primary left restarting copies must not outlive the test.
      if (api.child.exitCode === null) api.child.kill('SIGKILL');
      await new Promise((resolve) => other.close(resolve));
    }
  }, 60_000);
});

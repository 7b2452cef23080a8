// What the service benchmarks share: a database and queue for the run, the API and worker as
// real processes, and small HTTP helpers.
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';

export const BENCH_ADMIN = { email: 'bench-admin@techbridge.local', password: 'Bench-password-1' };

export async function redisUrl(): Promise<string | undefined> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG' ? url : undefined;
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/** Removes every queue key of a namespace, so a run never inherits an earlier run's jobs. */
export async function clearQueueNamespace(url: string | undefined, namespace: string): Promise<void> {
  if (!url) return;
  const client = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** A BullMQ queue handle of the benchmark's namespace (to pause or inspect one). */
export function benchQueue(url: string, namespace: string, name: string): Queue {
  return new Queue(name, { connection: { url, maxRetriesPerRequest: null } as never, prefix: namespace });
}

export async function api<T>(base: string, method: string, route: string, body?: unknown, token?: string, form?: FormData): Promise<T> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: form ?? (body ? JSON.stringify(body) : undefined),
  });
  const json = (await res.json().catch(() => ({}))) as T;
  if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export function creditCode(n: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91210211${String(n).padStart(9, '0')}`;
  const sum = [...body].reduce((s, ch, i) => s + alphabet.indexOf(ch) * weights[i]!, 0);
  return body + alphabet[(31 - (sum % 31)) % 31];
}

export const csv = (rows: string[][]) => rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');

/** Signs up an organisation of this type and has the admin verify it; returns its access token. */
export async function signUp(base: string, adminToken: string, type: string, n: number): Promise<string> {
  const s = await api<{ user: { organizationId: string }; tokens: { accessToken: string } }>(base, 'POST', '/api/v1/auth/register', {
    email: `${type}-${Date.now()}-${n}@bench.local`,
    password: 'Bench-password-1',
    displayName: type,
    organization: { type, name: `${type} bench ${n}`, creditCode: creditCode(n), regionCode: '210211' },
  });
  await api(base, 'POST', `/api/v1/admin/organizations/${s.user.organizationId}/verify`, {}, adminToken);
  return s.tokens.accessToken;
}

/** Uploads a CSV and waits for the worker to finish it. */
export async function importFile(base: string, token: string, kind: 'achievements' | 'demands', content: string, publish = true): Promise<{ seconds: number; rows: number; id: string }> {
  const started = Date.now();
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/csv' }), `${kind}.csv`);
  const created = await api<{ id: string }>(base, 'POST', `/api/v1/${kind}/import?publish=${publish}`, undefined, token, form);
  for (;;) {
    const state = await api<{ status: string; createdCount: number; problems: unknown[] }>(base, 'GET', `/api/v1/imports/${created.id}`, undefined, token);
    if (state.status === 'completed') return { seconds: (Date.now() - started) / 1000, rows: state.createdCount, id: created.id };
    if (['rejected', 'failed'].includes(state.status)) throw new Error(`import ${state.status}: ${JSON.stringify(state.problems.slice(0, 5))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

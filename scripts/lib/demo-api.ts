// A small client of the running API for the demo loaders: JSON in, JSON out, errors thrown with the answer.

export interface Session {
  token: string;
  userId: string;
  organizationId: string | null;
}

export const DEMO_LOADER = 'TechBridge demo loader (npm start)';

export class Api {
  constructor(private readonly base: string) {}

  async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      // Named, so the demo users' lists of sessions say where those sign-ins came from.
      headers: { 'user-agent': DEMO_LOADER, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as T;
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** Uploads one file as the multipart field "file", as a browser would. */
  async upload<T>(path: string, file: { name: string; type: string; content: Buffer }, token: string): Promise<T> {
    const form = new FormData();
    form.append('file', new Blob([file.content], { type: file.type }), file.name);
    const res = await fetch(`${this.base}/api/v1${path}`, { method: 'POST', headers: { 'user-agent': DEMO_LOADER, authorization: `Bearer ${token}` }, body: form });
    const json = (await res.json().catch(() => ({}))) as T;
    if (res.status >= 400) throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  async session(path: string, body: unknown): Promise<Session> {
    const r = await this.call<{ user: { id: string; organizationId: string | null }; tokens: { accessToken: string } }>('POST', path, body);
    return { token: r.tokens.accessToken, userId: r.user.id, organizationId: r.user.organizationId };
  }
}

/** Runs `work` over `items` with a few requests in flight (the API is the bottleneck, not the network). */
export async function inParallel<T>(items: T[], work: (item: T) => Promise<void>, concurrency = 4): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsListen {
  port: number;
  host: string;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
}

export type RenderMetrics = () => Promise<{ body: string; contentType: string }>;

function authorized(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function answer(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ statusCode: status, code, message }));
}

/**
 * `GET /metrics` on a port of its own, apart from the API's: kept off the public load balancer,
 * and answering even when the application's HTTP stack is saturated.
 */
export async function serveMetrics(listen: MetricsListen, render: RenderMetrics): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return answer(res, 404, 'not_found', 'only /metrics is served here');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'method_not_allowed', 'use GET', { Allow: 'GET, HEAD' });
    if (!authorized(req.headers.authorization, listen.token)) {
      return answer(res, 401, 'unauthorized', 'send the metrics token as Authorization: Bearer …', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    }
    render().then(
      ({ body, contentType }) => {
        res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: Error) => answer(res, 503, 'metrics_unavailable', `could not collect the metrics: ${err.message}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export const portOf = (server: http.Server): number => (server.address() as AddressInfo).port;

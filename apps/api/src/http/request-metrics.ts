import type { Metrics } from '@techbridge/platform';
import type { NextFunction, Request, Response } from 'express';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Counts and times every request by its route's pattern (`/api/v1/demands/:id`), never its path:
 * ids in a label would make one series per object. Requests no route took (404s, the docs'
 * files, Nest's catch-all `…*path` for unknown routes) share the pattern `unmatched`.
 */
export function requestMetrics(metrics: Metrics): (req: Request, res: Response, next: NextFunction) => void {
  const requests = metrics.counter('techbridge_http_requests_total', 'HTTP requests answered, by route pattern and status', ['method', 'route', 'status']);
  const seconds = metrics.histogram('techbridge_http_request_duration_seconds', 'Time to answer an HTTP request, by route pattern', ['method', 'route'], SECONDS);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      const labels = { method: req.method, route: typeof route === 'string' && !route.includes('*') ? `${req.baseUrl}${route}` : 'unmatched' };
      requests.inc({ ...labels, status: String(res.statusCode) });
      seconds.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

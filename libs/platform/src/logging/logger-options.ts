import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options as PinoHttpOptions } from 'pino-http';
import type { LogLevel } from '../config/env';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Keeps a caller's (or the load balancer's) X-Request-Id when it is sane, otherwise makes one,
 * and echoes it back so a user can quote it when reporting a problem.
 */
export function requestIdFor(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  req.id = id;
  return id;
}

/** Structured JSON logs, one line per event, secrets redacted. */
export function pinoHttpOptions(service: 'api' | 'worker', level: LogLevel): PinoHttpOptions {
  return {
    level,
    base: { service, pid: process.pid },
    genReqId: requestIdFor,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    // A 5xx is an error, except a 503 the API chose to answer (a capability not configured: no `res.err`).
    customLogLevel: (_req, res, err) =>
      err || (res.statusCode >= 500 && (res.statusCode !== 503 || (res as { err?: unknown }).err)) ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
    serializers: {
      // A calendar feed's address is its only key (calendar apps fetch it every few minutes): not for the log.
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.replace(/(\/calendars\/)[^/?]+/, '$1[redacted]') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

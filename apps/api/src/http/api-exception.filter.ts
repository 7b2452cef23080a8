import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@techbridge/domain';
import type { Request, Response } from 'express';
import { type ApiErrorBody, toApiError } from './api-error';

/**
 * Every error leaves the API through here, in one shape, with the request id. A 5xx is logged
 * with its stack (by pino-http) but never sends it to the client.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const { retryAfterSeconds, ...error } = toApiError(exception);
    const requestId = String(req.id ?? res.getHeader('x-request-id') ?? '');
    // pino-http logs `res.err` with the request line: the stack goes to the log, never to the client.
    // A typed domain error (a capability not configured) is an answer, not a fault.
    if (error.status >= 500 && !(exception instanceof DomainError)) res.err = exception instanceof Error ? exception : new Error(String(exception));
    if (res.headersSent) return;
    if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.ceil(retryAfterSeconds)));
    const body: ApiErrorBody = { ...error, requestId };
    res.status(error.status).json(body);
  }
}

import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type ApiErrorBody, toApiError } from './api-error';

/**
 * Every error leaves the API through here, in one shape, with the request id. A 5xx is logged
 * with its stack but never sends it to the client.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const { retryAfterSeconds, ...error } = toApiError(exception);
    const requestId = String(req.id ?? res.getHeader('x-request-id') ?? '');
    if (error.status >= 500) {
      this.logger.error({ err: exception, requestId, path: req.url }, 'request failed');
    }
    if (res.headersSent) return;
    if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.ceil(retryAfterSeconds)));
    const body: ApiErrorBody = { ...error, requestId };
    res.status(error.status).json(body);
  }
}

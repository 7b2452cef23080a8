import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from '@techbridge/database';
import { DomainError, type DomainErrorKind, type FieldProblem } from '@techbridge/domain';
import { QueueUnavailableError } from '@techbridge/queue';

/** The one JSON shape of every error the API returns. */
export interface ApiErrorBody {
  status: number;
  /** Stable, machine-readable; clients switch on this, never on `message`. */
  code: string;
  message: string;
  /** Present for validation errors: each field at fault and why. */
  fields?: FieldProblem[];
  /** Context: the states of a refused transition, or for a failed readiness check the state of each dependency. */
  details?: Record<string, unknown>;
  requestId: string;
}

export type ApiError = Omit<ApiErrorBody, 'requestId'> & { retryAfterSeconds?: number };

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** body-parser / raw-body failures, which arrive as plain errors carrying `status` and `type`. */
const CODE_OF_BODY_ERROR: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'malformed_json', message: 'the request body is not valid JSON' },
  'entity.too.large': { code: 'payload_too_large', message: 'the request body is larger than the allowed limit' },
  'encoding.unsupported': { code: 'unsupported_encoding', message: 'the request body encoding is not supported' },
  'charset.unsupported': { code: 'unsupported_charset', message: 'the request body charset is not supported' },
  'request.aborted': { code: 'request_aborted', message: 'the request was aborted' },
  'request.size.invalid': { code: 'bad_request', message: 'the request body length does not match Content-Length' },
};

/** PostgreSQL errors a request can legitimately provoke (races), mapped to 409 rather than 500. */
const CONFLICT_SQLSTATES: Record<string, string> = {
  '23505': 'already_exists',
  '40001': 'concurrent_update',
  '40P01': 'concurrent_update',
  '55P03': 'concurrent_update',
};

/**
 * A value the database refuses (too long for its column, out of a number's or a date's range, a
 * character its text cannot hold such as NUL): the validation should have named it; this is the net
 * under it, so such input is still no 500.
 */
const OUT_OF_RANGE = { code: 'value_out_of_range', message: 'a value is too long or out of range for what is stored' };
const VALUE_SQLSTATES: Record<string, { code: string; message: string }> = {
  '22001': OUT_OF_RANGE,
  '22003': OUT_OF_RANGE,
  '22007': OUT_OF_RANGE,
  '22008': OUT_OF_RANGE,
  // character_not_in_repertoire: a NUL, or bytes that are no UTF-8.
  '22021': { code: 'invalid_character', message: 'a value holds a character that cannot be stored (such as NUL)' },
  // invalid_text_representation: say, an id that is no UUID reaching a uuid column.
  '22P02': { code: 'invalid_value', message: 'a value is not of the type it is stored as (say, an id that is no UUID)' },
};

const INTERNAL: ApiError = { status: 500, code: 'internal_error', message: 'internal server error' };

export function toApiError(exception: unknown): ApiError {
  if (exception instanceof DomainError) {
    const status = STATUS_OF_KIND[exception.kind];
    const error: ApiError = { status, code: exception.code, message: exception.message };
    if (exception.fields.length > 0) error.fields = exception.fields;
    if (exception.details) error.details = exception.details;
    if ('retryAfterSeconds' in exception) error.retryAfterSeconds = Number(exception.retryAfterSeconds);
    return error;
  }
  if (exception instanceof QueueUnavailableError) {
    return { status: 503, code: 'queue_unavailable', message: 'the job queue is unavailable; try again shortly' };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  const bodyError = fromBodyParserError(exception);
  if (bodyError) return bodyError;
  if (isDatabaseUnavailable(exception)) {
    // A restart, a failover, a full server: not the request's fault, and a retry may succeed.
    return { status: 503, code: 'database_unavailable', message: 'the database is unavailable; try again shortly', retryAfterSeconds: 5 };
  }
  const sqlState = (exception as { code?: unknown; driverError?: unknown } | null)?.code;
  if (typeof sqlState === 'string' && CONFLICT_SQLSTATES[sqlState]) {
    return { status: 409, code: CONFLICT_SQLSTATES[sqlState], message: 'the request conflicts with a concurrent change; reload and retry' };
  }
  if (typeof sqlState === 'string' && VALUE_SQLSTATES[sqlState]) return { status: 400, ...VALUE_SQLSTATES[sqlState] };
  return INTERNAL;
}

function fromHttpException(exception: HttpException): ApiError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (status === 503 && typeof response === 'object' && response !== null && 'details' in response) {
    // A readiness check (terminus) that found a dependency down.
    return { status, code: 'not_ready', message: 'a dependency is unavailable', details: response.details as Record<string, unknown> };
  }
  if (status >= 500) return status === 503 ? { status, code: 'service_unavailable', message: exception.message } : INTERNAL;
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? [response.message].flat().join('; ')
      : exception.message;
  // Nest's own "Cannot GET /x" for an unknown route.
  if (status === 404 && /^Cannot [A-Z]+ /.test(message)) {
    return { status, code: 'route_not_found', message };
  }
  return { status, code: CODE_OF_STATUS[status] ?? 'bad_request', message };
}

function fromBodyParserError(exception: unknown): ApiError | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, type } = exception as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const known = typeof type === 'string' ? CODE_OF_BODY_ERROR[type] : undefined;
  return { status, code: known?.code ?? CODE_OF_STATUS[status] ?? 'bad_request', message: known?.message ?? 'bad request' };
}

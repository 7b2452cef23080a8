import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ConflictError, InvalidStateError, NotFoundError, RateLimitedError, ValidationError } from '@techbridge/domain';
import { QueueUnavailableError } from '@techbridge/queue';
import { toApiError } from './api-error';

describe('toApiError', () => {
  it('maps each domain error kind to its status once', () => {
    expect(toApiError(ValidationError.of('title', 'isNotEmpty', 'title is required'))).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'title: title is required',
      fields: [{ field: 'title', code: 'isNotEmpty', message: 'title is required' }],
    });
    expect(toApiError(new NotFoundError('demand', 'x'))).toMatchObject({ status: 404, code: 'demand_not_found' });
    expect(toApiError(new ConflictError('stale_version', 'changed meanwhile'))).toMatchObject({ status: 409, code: 'stale_version' });
    expect(toApiError(new InvalidStateError('closed', 'publish'))).toMatchObject({ status: 409, code: 'invalid_transition' });
    expect(toApiError(new RateLimitedError(30))).toMatchObject({ status: 429, retryAfterSeconds: 30 });
  });

  it('keeps unexpected errors opaque: no message, no stack', () => {
    const error = toApiError(new Error('connection string postgres://user:pw@db leaked'));
    expect(error).toEqual({ status: 500, code: 'internal_error', message: 'internal server error' });
  });

  it('turns races the database detects into 409s', () => {
    expect(toApiError(Object.assign(new Error('dup'), { code: '23505' }))).toMatchObject({ status: 409, code: 'already_exists' });
    expect(toApiError(Object.assign(new Error('ser'), { code: '40001' }))).toMatchObject({ status: 409, code: 'concurrent_update' });
  });

  it('turns a value the database refuses (too long, out of range, a NUL) into a 400, never a 500', () => {
    for (const code of ['22001', '22003', '22007', '22008']) expect(toApiError(Object.assign(new Error('value too long'), { code }))).toMatchObject({ status: 400, code: 'value_out_of_range' });
    expect(toApiError(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }))).toMatchObject({ status: 400, code: 'invalid_character' });
    expect(toApiError(Object.assign(new Error('invalid input syntax for type uuid: "---"'), { code: '22P02' }))).toMatchObject({ status: 400, code: 'invalid_value' });
    expect(toApiError(Object.assign(new Error('syntax'), { code: '42601' }))).toMatchObject({ status: 500 });
  });

  it('turns a database that cannot be reached into a 503 to retry, not a 500', () => {
    expect(toApiError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toEqual({
      status: 503,
      code: 'database_unavailable',
      message: 'the database is unavailable; try again shortly',
      retryAfterSeconds: 5,
    });
    expect(toApiError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toMatchObject({ status: 409 });
  });

  it('maps body-parser failures by their type', () => {
    expect(toApiError(Object.assign(new Error('x'), { status: 413, type: 'entity.too.large' }))).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(toApiError(Object.assign(new Error('x'), { status: 400, type: 'entity.parse.failed' }))).toMatchObject({ status: 400, code: 'malformed_json' });
  });

  it('maps HTTP exceptions, unknown routes and an unavailable queue', () => {
    expect(toApiError(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404, code: 'route_not_found' });
    expect(toApiError(new BadRequestException('nope'))).toMatchObject({ status: 400, code: 'bad_request', message: 'nope' });
    expect(toApiError(new QueueUnavailableError('system', new Error('down')))).toMatchObject({ status: 503, code: 'queue_unavailable' });
    expect(toApiError(new ServiceUnavailableException({ status: 'error', details: { db: { status: 'down' } } }))).toMatchObject({
      status: 503,
      code: 'not_ready',
      details: { db: { status: 'down' } },
    });
  });
});

/**
 * Typed errors raised by use cases. They carry a stable machine code and, for input problems,
 * the field at fault; the API maps each kind to an HTTP status in exactly one place.
 */
export type DomainErrorKind =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'invalid_state'
  | 'unauthenticated'
  | 'forbidden'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Machine-readable context for the client (e.g. the states of a refused transition). */
  details?: Record<string, unknown>;

  constructor(
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: names every field at fault and why. */
export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
  constructor(fields: FieldProblem[], message = 'the request is invalid') {
    super('validation_failed', message, fields);
  }

  static of(field: string, code: string, message: string): ValidationError {
    return new ValidationError([{ field, code, message }], `${field}: ${message}`);
  }

  /** Refuses input with every problem found, if any, as `field: message; …`. */
  static throwIfAny(problems: readonly FieldProblem[]): void {
    if (problems.length) throw new ValidationError([...problems], problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

/** Also used for things that exist but are not visible to the caller: existence must not leak. */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(resource: string, id?: string) {
    super(`${resource}_not_found`, id ? `${resource} ${id} was not found` : `${resource} was not found`);
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
}

/**
 * Optimistic concurrency: a change based on a version the row no longer has is refused (409 naming
 * `version`); `yours` undefined means the client sent none and takes its chances.
 */
export function assertVersion(resource: string, current: number, yours: number | undefined): void {
  if (yours !== undefined && current !== yours) {
    throw new ConflictError('stale_version', `the ${resource} was changed meanwhile (version ${current}, yours ${yours}); reload and retry`, [{ field: 'version', code: 'stale', message: 'reload and retry' }]);
  }
}

/** An action not allowed from the object's current state (e.g. publishing a closed demand). */
export class InvalidStateError extends DomainError {
  readonly kind = 'invalid_state' as const;
  constructor(
    readonly from: string,
    readonly action: string,
    readonly to?: string,
    message = `cannot ${action} from state ${from}${to ? ` (to ${to})` : ''}`,
  ) {
    super('invalid_transition', message);
    this.details = { from, to: to ?? null, action };
  }
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated' as const;
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
}

/** Input over a size limit: names the field and the limit. */
export class TooLargeError extends DomainError {
  readonly kind = 'too_large' as const;
  constructor(field: string, message: string) {
    super('payload_too_large', message, [{ field, code: 'maxSize', message }]);
  }
}

export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited' as const;
  constructor(
    readonly retryAfterSeconds: number,
    message = 'too many requests',
  ) {
    super('rate_limited', message);
  }
}

/** A capability this deployment does not offer (e.g. e-mail when no mail server is configured). */
export class ServiceUnavailableError extends DomainError {
  readonly kind = 'unavailable' as const;
}

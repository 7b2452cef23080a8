/**
 * SQLSTATEs of a server that is going, gone or full: class 08 (connection exception), 57P01–57P03
 * (shutting down, crashed, starting up), 53300 (too many connections). Not 08P01 (protocol
 * violation): the server answers it to a malformed message, such as a query bound with more
 * parameters than it uses, which is a bug that retrying repeats, not an outage.
 */
const UNAVAILABLE_SQLSTATE = /^((?!08P01)08...|57P0[123]|53300)$/;
/** The socket never got there, or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** pg and pg-pool say it in words only. */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * Whether an error means the database could not be reached or dropped the connection, rather than
 * that the query was wrong: the request may succeed if retried shortly. Looks through TypeORM's
 * `driverError` and `cause` wrappers.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let err = error, depth = 0; typeof err === 'object' && err !== null && depth < 4; depth += 1) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || NETWORK_CODES.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    const wrapped = err as { driverError?: unknown; cause?: unknown };
    err = wrapped.driverError ?? wrapped.cause;
  }
  return false;
}

import { NoDatabaseHostError } from './multi-host.js';

/**
 * SQLSTATEs of a database that is down, restarting, being failed over or no longer the primary:
 * the connection exceptions of class 08 (not 08P01, a protocol violation, which a request with
 * too many bound values causes: that is a bug to see as one, not an outage), 57P01..57P03 (shut
 * down by an administrator, crashed, not yet accepting connections), 25006 (a write reached a
 * server that was demoted to a standby).
 */
const UNAVAILABLE_STATES = /^(0800[0-46]|57P0[123]|25006)$/;

/**
 * Socket errors of a server that cannot be reached: any client (mail, storage, a web hook) sees
 * them, so they mean the database only on errors the database driver raised (markDatabaseError).
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** node-postgres's own words for a connection that ended or never came (it gives them no code). */
const DRIVER_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
];

const FROM_DATABASE_DRIVER = Symbol('lectern.fromDatabaseDriver');

/** Marks an error as raised by the database driver (a connection or a query); answers it. */
export function markDatabaseError<E>(error: E): E {
  if (error instanceof Error) Object.defineProperty(error, FROM_DATABASE_DRIVER, { value: true });
  return error;
}

function fromDatabaseDriver(error: Error): boolean {
  return (error as { [FROM_DATABASE_DRIVER]?: boolean })[FROM_DATABASE_DRIVER] === true;
}

/**
 * True when `error` (or an error it wraps as `cause`, as the query builder does) means the
 * database cannot be used right now rather than that the request or the code is wrong: the
 * answer is then 503, try again shortly, not a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof NoDatabaseHostError) return true;
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_STATES.test(code)) return true;
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code) && fromDatabaseDriver(current)) return true;
    if (DRIVER_MESSAGES.some((message) => current instanceof Error && current.message.startsWith(message))) return true;
  }
  return false;
}

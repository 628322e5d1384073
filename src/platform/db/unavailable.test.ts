import { describe, expect, it } from 'vitest';
import { NoDatabaseHostError } from './multi-host.js';
import { isDatabaseUnavailable } from './unavailable.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('knows a database that is down, restarting, failing over or demoted, also wrapped by the query builder', () => {
    expect(isDatabaseUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('cannot execute INSERT in a read-only transaction', '25006'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new NoDatabaseHostError('no database host accepts writes'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Failed query: insert …', { cause: withCode('connection failure', '08006') }))).toBe(true);
  });

  it('leaves the errors of a request or of the code alone (they stay 4xx or 500)', () => {
    expect(isDatabaseUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('syntax error at or near "selec"', '42601'))).toBe(false);
    // A protocol violation: what a request with too many bound values gets; a bug, not an outage.
    expect(isDatabaseUnavailable(withCode('bind message supplies 70000 parameters, but prepared statement "" requires 65536', '08P01'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Failed query: insert …', { cause: withCode('permission denied for table tenants', '42501') }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });
});

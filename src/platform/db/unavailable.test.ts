import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';
import { NoDatabaseHostError } from './multi-host.js';
import { isDatabaseUnavailable, markDatabaseError } from './unavailable.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function refusedSocketError(port: number): Promise<Error> {
  return new Promise((resolve) => net.connect(port, '127.0.0.1').on('error', resolve));
}

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('knows a database that is down, restarting, failing over or demoted, also wrapped by the query builder', () => {
    expect(isDatabaseUnavailable(markDatabaseError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')))).toBe(true);
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

  it('counts a refused or reset socket as the database only when the database driver raised it, not a mail server or a storage location', async () => {
    const port = await closedPort();
    const db = await openDatabase({ kind: 'postgres', url: `postgres://nobody@127.0.0.1:${port}/none`, poolSize: 1 });
    try {
      const fromDriver = await db.owner.execute('select 1').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(fromDriver).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(fromDriver)).toBe(true);
      const inTransaction = await db.withTenant('00000000-0000-4000-8000-000000000001', async () => 1).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isDatabaseUnavailable(inTransaction)).toBe(true);
    } finally {
      await db.close();
    }
    // A connection that was up and is reset under a query: the socket error reaches the query marked.
    const resetting = net.createServer((socket) => {
      let messages = 0;
      socket.on('data', () => {
        messages += 1;
        // The start-up message: AuthenticationOk and ReadyForQuery (idle); the next one, a query: a reset.
        if (messages === 1) socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]));
        else socket.resetAndDestroy();
      });
    });
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    const resetDb = await openDatabase({ kind: 'postgres', url: `postgres://nobody@127.0.0.1:${(resetting.address() as net.AddressInfo).port}/none`, poolSize: 1 });
    try {
      const reset = await resetDb.owner.execute('select 1').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(String((reset as Error).cause ?? reset)).toMatch(/ECONNRESET/);
      expect(isDatabaseUnavailable(reset)).toBe(true);
    } finally {
      await resetDb.close();
      resetting.close();
    }
    // The same refusal from another client (an SMTP server, an S3 endpoint): an error of that call, not an outage.
    const other = await refusedSocketError(port);
    expect((other as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(other)).toBe(false);
    expect(isDatabaseUnavailable(new Error('sending failed', { cause: other }))).toBe(false);
    expect(isDatabaseUnavailable(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(false);
  });
});

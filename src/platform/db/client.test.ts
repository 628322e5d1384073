import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventually } from '../../../test/eventually.js';
import { openDatabase, queryRows, type Db } from './client.js';

// The pool exists only on PostgreSQL (PGlite is one in-process connection): these tests always use the machine's server.
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Ends the server process behind a connection from outside, as an operator or a failover would. */
async function terminateBackend(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

async function idleBackendPid(db: Db): Promise<number> {
  const [row] = await queryRows<{ pid: number }>(db.owner, sql`select pg_backend_pid() as pid`);
  return row!.pid; // the connection is back in the pool, idle
}

describe('the PostgreSQL connection pool', () => {
  let db: Db | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await db?.close();
  });

  it("an idle connection whose server process ends is reported to the pool's error listener, and the next query works", async () => {
    const errors: Error[] = [];
    db = await openDatabase({ kind: 'postgres', url, poolSize: 1, onPoolError: (error) => errors.push(error) });
    await terminateBackend(await idleBackendPid(db));

    const [error] = await eventually(async () => (errors.length > 0 ? errors : undefined));
    expect(error).toMatchObject({ code: '57P01' }); // admin_shutdown: terminating connection due to administrator command
    const [row] = await queryRows<{ one: number }>(db.owner, sql`select 1 as one`);
    expect(row!.one).toBe(1);
  });

  it('without a listener the error is written to stderr as one JSON log line', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    db = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
    await terminateBackend(await idleBackendPid(db));

    const [line] = await eventually(async () => (lines.length > 0 ? lines : undefined));
    expect(JSON.parse(line!)).toMatchObject({ level: 50, msg: expect.stringMatching(/database connection/), err: { code: '57P01' } });
  });
});

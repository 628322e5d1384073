import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { fakeWebDir, testConfig } from '../../../test/app.js';
import { startPostgresPair, type PostgresPair } from '../../../test/postgres-pair.js';
import { freePort } from '../../../test/process.js';
import { openDatabase, queryRows, type Db } from './client.js';
import { MultiHostUrlError, parseMultiHostUrl } from './multi-host.js';
import { isDatabaseUnavailable } from './unavailable.js';

describe('multi-host DATABASE_URL: parsing', () => {
  it('reads each host with its port, and keeps user, password, database and other parameters for each', () => {
    const target = parseMultiHostUrl(
      'postgres://app:s%40cret@db1.example:6432,db2.example,[::1]:5433/lectern?target_session_attrs=read-write&sslmode=require&uselibpqcompat=true&application_name=lectern',
    );
    expect(target?.hosts).toEqual([
      { host: 'db1.example', port: 6432 },
      { host: 'db2.example', port: 5432 },
      { host: '::1', port: 5433 },
    ]);
    expect(target?.sessionAttrs).toBe('read-write');
    expect(target?.urlFor(0)).toBe('postgres://app:s%40cret@db1.example:6432/lectern?sslmode=require&uselibpqcompat=true&application_name=lectern');
    expect(target?.urlFor(1)).toBe('postgres://app:s%40cret@db2.example:5432/lectern?sslmode=require&uselibpqcompat=true&application_name=lectern');
    expect(target?.urlFor(2)).toBe('postgres://app:s%40cret@[::1]:5433/lectern?sslmode=require&uselibpqcompat=true&application_name=lectern');
  });

  it('reads an @ in an unencoded password as libpq does (the last @ ends the user information), so no part of it becomes a host', () => {
    const target = parseMultiHostUrl('postgres://app:p@ss@db1.example,db2.example/lectern');
    expect(target?.hosts).toEqual([
      { host: 'db1.example', port: 5432 },
      { host: 'db2.example', port: 5432 },
    ]);
    expect(target?.urlFor(1)).toBe('postgres://app:p@ss@db2.example:5432/lectern');
  });

  it('leaves a single-host URL to node-postgres unchanged', () => {
    expect(parseMultiHostUrl('postgres://postgres@127.0.0.1:5432/lectern?sslmode=require')).toBeUndefined();
    expect(parseMultiHostUrl('postgresql://u:p@localhost/db')).toBeUndefined();
  });

  it('takes `primary` as read-write, defaults to any, and reads connect_timeout in seconds', () => {
    expect(parseMultiHostUrl('postgres://a,b/db?target_session_attrs=primary')?.sessionAttrs).toBe('read-write');
    const any = parseMultiHostUrl('postgres://a,b/db?connect_timeout=2');
    expect(any?.sessionAttrs).toBe('any');
    expect(any?.connectTimeoutMs).toBe(2000);
    expect(any?.urlFor(1)).toBe('postgres://b:5432/db');
  });

  it('refuses what it cannot honour, naming it', () => {
    expect(() => parseMultiHostUrl('postgres://a,b/db?target_session_attrs=standby')).toThrow(/target_session_attrs=standby is not supported/);
    expect(() => parseMultiHostUrl('postgres://a:99999,b/db')).toThrow(MultiHostUrlError);
    expect(() => parseMultiHostUrl('postgres://a:x,b/db')).toThrow(/cannot read the host "a:x"/);
    expect(() => parseMultiHostUrl('postgres://a,b/db?connect_timeout=soon')).toThrow(/connect_timeout=soon/);
  });
});

const url = (...ports: number[]) => `postgres://postgres@${ports.map((port) => `127.0.0.1:${port}`).join(',')}/postgres?target_session_attrs=read-write&connect_timeout=2`;

async function serverPort(db: Db): Promise<number> {
  const [row] = await queryRows<{ port: string; recovery: boolean }>(db.owner, sql`select current_setting('port') as port, pg_is_in_recovery() as recovery`);
  expect(row?.recovery).toBe(false);
  return Number(row?.port);
}

async function backendPid(db: Db): Promise<number> {
  return db.withConnection(async (orm) => (await queryRows<{ pid: number }>(orm, sql`select pg_backend_pid() as pid`))[0]!.pid);
}

/** The error `work` fails with. */
async function failureOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

// Two throw-away servers on loopback: a primary and a streaming standby of it (so
// pg_is_in_recovery() is true there).
describe('multi-host DATABASE_URL: a primary and a standby', () => {
  let pair: PostgresPair;
  let servers: PostgresPair['ports'];
  beforeAll(async () => {
    pair = await startPostgresPair({ name: 'lectern-multihost-' });
    servers = pair.ports;
  });
  afterAll(() => pair?.close());

  it('connects to the writable host even when the standby is listed first', async () => {
    const db = await openDatabase({ kind: 'postgres', url: url(servers.standby, servers.primary), poolSize: 2 });
    try {
      expect(await serverPort(db)).toBe(servers.primary);
      await db.owner.execute(sql`create table if not exists written (id int)`);
    } finally {
      await db.close();
    }
  });

  it('with target_session_attrs=any takes the first host that answers', async () => {
    const db = await openDatabase({ kind: 'postgres', url: url(servers.standby, servers.primary).replace('read-write', 'any'), poolSize: 1 });
    try {
      const [row] = await queryRows<{ recovery: boolean }>(db.owner, sql`select pg_is_in_recovery() as recovery`);
      expect(row?.recovery).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('discards a pooled connection that a now read-only server refuses a write (SQLSTATE 25006)', async () => {
    const db = await openDatabase({ kind: 'postgres', url: url(servers.primary, servers.standby), poolSize: 1 });
    const admin = await openDatabase({ kind: 'postgres', url: pair.url('primary'), poolSize: 1 });
    try {
      await db.owner.execute(sql`create table if not exists written (id int)`);
      const before = await backendPid(db);
      expect(await backendPid(db)).toBe(before);
      // Every transaction on the server becomes read-only, as on a server that is being demoted.
      await admin.owner.execute(sql`alter system set default_transaction_read_only = on`);
      await admin.owner.execute(sql`select pg_reload_conf()`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const refused = await failureOf(db.withConnection((orm) => orm.execute(sql`insert into written values (1)`)));
      expect((refused as { cause?: { code?: string } }).cause?.code ?? (refused as { code?: string }).code).toBe('25006');
      expect(isDatabaseUnavailable(refused)).toBe(true);
      await admin.owner.execute(sql`alter system reset default_transaction_read_only`);
      await admin.owner.execute(sql`select pg_reload_conf()`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The refused connection was not handed out again: the next one is a new server process.
      expect(await backendPid(db)).not.toBe(before);
    } finally {
      await admin.owner.execute(sql`alter system reset default_transaction_read_only`).catch(() => {});
      await admin.owner.execute(sql`select pg_reload_conf()`).catch(() => {});
      await admin.close();
      await db.close();
    }
  });

  it('survives the server ending a connection in use (as a failover does), and the next query opens a new one', async () => {
    const db = await openDatabase({ kind: 'postgres', url: url(servers.primary, servers.standby), poolSize: 1 });
    const admin = await openDatabase({ kind: 'postgres', url: pair.url('primary'), poolSize: 1 });
    try {
      const before = await backendPid(db);
      const failed = await failureOf(
        db.withConnection(async (orm) => {
          await admin.owner.execute(sql`select pg_terminate_backend(${before})`);
          // The driver hears of the end between two queries: it must not take the process down.
          await new Promise((resolve) => setTimeout(resolve, 200));
          return orm.execute(sql`select 1`);
        }),
      );
      expect(isDatabaseUnavailable(failed)).toBe(true);
      expect(await backendPid(db)).not.toBe(before);
    } finally {
      await admin.close();
      await db.close();
    }
  });

  it('answers a request whose database is unreachable with 503 SERVICE_UNAVAILABLE, not a 500', async () => {
    const nowhere = await freePort();
    for (const target of [`postgres://postgres@127.0.0.1:${nowhere}/postgres`, url(nowhere, nowhere)]) {
      const db = await openDatabase({ kind: 'postgres', url: target, poolSize: 1 });
      const app = await buildApp({ config: testConfig(), db, logger: false, webDir: fakeWebDir() });
      try {
        const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: 'school.test' }, payload: { email: 'a@b.test', password: 'x' } });
        expect(res.statusCode).toBe(503);
        expect(res.json().error.code).toBe('SERVICE_UNAVAILABLE');
      } finally {
        await app.close();
        await db.close();
      }
    }
  });

  it('after a failover (primary gone, standby promoted) new connections go to the new primary by themselves', async () => {
    const db = await openDatabase({ kind: 'postgres', url: url(servers.primary, servers.standby), poolSize: 3 });
    try {
      expect(await serverPort(db)).toBe(servers.primary);
      await db.owner.execute(sql`create table if not exists written (id int)`);
      // The standby replicates asynchronously: the table must be there before the primary goes.
      const standby = await openDatabase({ kind: 'postgres', url: pair.url('standby'), poolSize: 1 });
      for (let attempt = 0; attempt < 50; attempt++) {
        const [row] = await queryRows<{ found: string | null }>(standby.owner, sql`select to_regclass('written')::text as found`);
        if (row?.found) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await standby.close();
      pair.stop('primary');
      // While nothing is writable the failure says the database is unavailable (a 503).
      const during = await failureOf(serverPort(db));
      expect(isDatabaseUnavailable(during)).toBe(true);
      pair.promote();
      // The pool's connections to the old primary are dead; the next query opens one to the new primary.
      let port: number | undefined;
      for (let attempt = 0; attempt < 20 && port === undefined; attempt++) {
        port = await serverPort(db).catch(() => undefined);
        if (port === undefined) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(port).toBe(servers.standby);
      await db.owner.execute(sql`insert into written values (2)`);
    } finally {
      await db.close();
    }
  });
});

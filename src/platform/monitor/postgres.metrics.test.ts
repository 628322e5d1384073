import { unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually.js';
import { startPostgresPair, type PostgresPair } from '../../../test/postgres-pair.js';
import { openDatabase, type Db } from '../db/client.js';
import { registerPostgresMetrics } from './postgres.metrics.js';

/** A fresh scrape of the PostgreSQL series of `db` (a new registry each time: no cached reading). */
async function scrape(db: Db): Promise<Map<string, number[]>> {
  const registry = new Registry();
  registerPostgresMetrics(registry, db);
  const series = new Map<string, number[]>();
  for (const line of (await registry.metrics()).split('\n')) {
    const match = /^(lectern_\w+)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (match) series.set(match[1]!, [...(series.get(match[1]!) ?? []), Number(match[2])]);
  }
  return series;
}

// A throw-away primary with WAL archiving (to a directory, switched to failing by adding a
// file) and a streaming standby, both on loopback: the series as an operator's PostgreSQL shows them.
describe('PostgreSQL replication and WAL archiving series against real servers', { timeout: 120_000 }, () => {
  let pair: PostgresPair;
  let archiveBroken: string;
  let primary: Db;
  let standby: Db;
  let unprivileged: Db;

  beforeAll(async () => {
    pair = await startPostgresPair({
      name: 'lectern-pg-metrics-',
      folders: ['archive'],
      primarySettings: (dir) => `archive_mode = on\narchive_command = 'test ! -f ${dir}/archive-broken && cp %p ${dir}/archive/%f'`,
      standbySettings: "cluster_name = 'standby_b'",
    });
    archiveBroken = path.join(pair.dirs.root, 'archive-broken');
    primary = await openDatabase({ kind: 'postgres', url: pair.url('primary') });
    standby = await openDatabase({ kind: 'postgres', url: pair.url('standby') });
    // A role as an application's usually is: no superuser, no pg_monitor.
    await primary.owner.execute(sql`create role lectern_probe login`);
    unprivileged = await openDatabase({ kind: 'postgres', url: pair.url('primary', 'lectern_probe') });
  });
  afterAll(async () => {
    await unprivileged?.close();
    await primary?.close();
    await standby?.close();
    pair?.close();
  });

  it('the primary shows each standby’s lag and the archiver; the standby its replay', async () => {
    await primary.owner.execute(sql`create table written (n int); insert into written values (1)`);
    await primary.owner.execute(sql`select pg_switch_wal()`);
    const onPrimary = await eventually(async () => {
      const series = await scrape(primary);
      return series.get('lectern_pg_replication_lag_bytes')?.length === 1 && (series.get('lectern_pg_wal_archive_archived_count')?.[0] ?? 0) >= 1 && series;
    });
    expect(onPrimary.get('lectern_pg_replication_lag_bytes')![0]).toBeGreaterThanOrEqual(0);
    expect(onPrimary.get('lectern_pg_replication_lag_seconds')).toHaveLength(1);
    expect(onPrimary.get('lectern_pg_wal_archive_last_success_age_seconds')![0]).toBeLessThan(60);
    expect(onPrimary.get('lectern_pg_wal_archive_last_failed')).toEqual([0]);
    expect(onPrimary.get('lectern_pg_wal_archive_failed_count')).toEqual([0]);
    expect(onPrimary.has('lectern_pg_standby_replay_age_seconds')).toBe(false);

    const onStandby = await eventually(async () => {
      const series = await scrape(standby);
      return series.get('lectern_pg_standby_replay_age_seconds')?.length === 1 && series;
    });
    expect(onStandby.get('lectern_pg_standby_replay_age_seconds')![0]).toBeLessThan(60);
    expect(onStandby.get('lectern_pg_standby_replay_lag_bytes')![0]).toBeGreaterThanOrEqual(0);
    expect(onStandby.has('lectern_pg_replication_lag_bytes')).toBe(false);
  });

  it('a failing archive command shows as the last attempt failed, with the count of failures', async () => {
    writeFileSync(archiveBroken, '');
    try {
      await primary.owner.execute(sql`insert into written values (2)`);
      await primary.owner.execute(sql`select pg_switch_wal()`);
      const series = await eventually(async () => {
        const read = await scrape(primary);
        return read.get('lectern_pg_wal_archive_last_failed')?.[0] === 1 && read;
      }, 30_000);
      expect(series.get('lectern_pg_wal_archive_failed_count')![0]).toBeGreaterThanOrEqual(1);
    } finally {
      unlinkSync(archiveBroken);
    }
    // Once the command works again the archiver catches up: the last attempt succeeded.
    await eventually(async () => (await scrape(primary)).get('lectern_pg_wal_archive_last_failed')?.[0] === 0, 90_000);
  });

  it('a role without pg_monitor gets the archiver but no standby positions: those series are left out, the scrape succeeds', async () => {
    const series = await scrape(unprivileged);
    expect(series.has('lectern_pg_replication_lag_bytes')).toBe(false);
    expect(series.has('lectern_pg_replication_lag_seconds')).toBe(false);
    expect(series.get('lectern_pg_wal_archive_archived_count')![0]).toBeGreaterThanOrEqual(1);
  });

  it('a database that does not answer leaves every series out without failing the scrape', async () => {
    const closed = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/postgres' });
    try {
      expect([...(await scrape(closed)).keys()]).toEqual([]);
    } finally {
      await closed.close();
    }
  });
});

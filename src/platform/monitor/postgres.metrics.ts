import type { Registry } from 'prom-client';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { cachedProbe, registerScrapeGauge, type Sample } from './scrape-gauge.js';

type Num = number | string | null;

interface Replication {
  /** On a standby: the primary is not asked, the standby's own replay is. */
  standby: boolean;
  standbys: { application_name: string; lag_bytes: Num; lag_seconds: Num }[];
  replay: { replay_age_seconds: Num; replay_lag_bytes: Num } | undefined;
}

/**
 * Replication as this server sees it. A primary lists its standbys (pg_stat_replication: the
 * WAL not yet replayed there, in bytes and, as PostgreSQL measured it, seconds); a standby
 * reports its own replay. Without pg_monitor (or superuser) the primary's view shows the
 * standbys with empty positions: those series are left out.
 */
async function readReplication(db: Db): Promise<Replication> {
  // (On a standby the received position trails the replayed one while it replays WAL it did not stream, such as a base backup's: 0 then.)
  const [{ standby }] = (await queryRows<{ standby: boolean }>(db.owner, sql`select pg_is_in_recovery() as standby`)) as [{ standby: boolean }];
  if (standby) {
    const [replay] = await queryRows<{ replay_age_seconds: Num; replay_lag_bytes: Num }>(
      db.owner,
      sql`select extract(epoch from now() - pg_last_xact_replay_timestamp()) as replay_age_seconds,
                 greatest(0, pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())) as replay_lag_bytes`,
    );
    return { standby, standbys: [], replay };
  }
  const standbys = await queryRows<{ application_name: string; lag_bytes: Num; lag_seconds: Num }>(
    db.owner,
    sql`select coalesce(nullif(application_name, ''), 'unnamed') as application_name,
               pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) as lag_bytes,
               case when replay_lsn is null then null else extract(epoch from coalesce(replay_lag, interval '0')) end as lag_seconds
        from pg_stat_replication`,
  );
  return { standby, standbys, replay: undefined };
}

interface Archiver {
  archive_mode: string;
  seconds_since_archived: Num;
  failed_count: Num;
  archived_count: Num;
  last_failed: boolean | null;
}

/** WAL archiving (pg_stat_archiver, readable by every role); undefined when archive_mode is off. */
async function readArchiver(db: Db): Promise<Archiver | undefined> {
  const [row] = await queryRows<Archiver>(
    db.owner,
    sql`select current_setting('archive_mode') as archive_mode,
               extract(epoch from now() - last_archived_time) as seconds_since_archived,
               failed_count, archived_count,
               coalesce(last_failed_time > coalesce(last_archived_time, '-infinity'::timestamptz), false) as last_failed
        from pg_stat_archiver`,
  );
  return row && row.archive_mode !== 'off' ? row : undefined;
}

const present = (value: Num): value is number | string => value !== null && value !== undefined;

/**
 * PostgreSQL only (nothing on PGlite): replication lag and WAL archiving, read at most every
 * 10 s. A query the role may not run leaves its series out; the scrape still succeeds.
 */
export function registerPostgresMetrics(registry: Registry, db: Db): void {
  if (db.kind !== 'postgres') return;
  const replication = cachedProbe(10_000, 2_000, () => readReplication(db));
  const archiver = cachedProbe(10_000, 2_000, () => readArchiver(db));
  const standbys = async (pick: (row: Replication['standbys'][number]) => Num): Promise<Sample[]> =>
    ((await replication())?.standbys ?? []).flatMap((row) => {
      const value = pick(row);
      return present(value) ? [{ labels: { standby: row.application_name }, value: Number(value) }] : [];
    });
  registerScrapeGauge(registry, 'lectern_pg_replication_lag_bytes', 'On the primary: WAL bytes each standby has not replayed yet, by standby (application_name)', () =>
    standbys((row) => row.lag_bytes),
  );
  registerScrapeGauge(registry, 'lectern_pg_replication_lag_seconds', "On the primary: each standby's replay lag as PostgreSQL measured it, by standby", () =>
    standbys((row) => row.lag_seconds),
  );
  registerScrapeGauge(registry, 'lectern_pg_standby_replay_age_seconds', 'On a standby: seconds since the last replayed transaction was committed on the primary', async () => {
    const value = (await replication())?.replay?.replay_age_seconds;
    return present(value ?? null) ? [{ value: Number(value) }] : [];
  });
  registerScrapeGauge(registry, 'lectern_pg_standby_replay_lag_bytes', 'On a standby: WAL bytes received but not replayed yet', async () => {
    const value = (await replication())?.replay?.replay_lag_bytes;
    return present(value ?? null) ? [{ value: Number(value) }] : [];
  });
  const archive = async (pick: (row: Archiver) => Num | boolean): Promise<Sample[]> => {
    const row = await archiver();
    const value = row ? pick(row) : null;
    return value === null || value === undefined ? [] : [{ value: Number(value) }];
  };
  registerScrapeGauge(registry, 'lectern_pg_wal_archive_last_success_age_seconds', 'Seconds since PostgreSQL last archived a WAL segment successfully (archive_mode on)', () =>
    archive((row) => row.seconds_since_archived),
  );
  registerScrapeGauge(registry, 'lectern_pg_wal_archive_failed_count', 'WAL segments whose archiving failed since the statistics were reset (archive_mode on)', () =>
    archive((row) => row.failed_count),
  );
  registerScrapeGauge(registry, 'lectern_pg_wal_archive_archived_count', 'WAL segments archived since the statistics were reset (archive_mode on)', () =>
    archive((row) => row.archived_count),
  );
  registerScrapeGauge(registry, 'lectern_pg_wal_archive_last_failed', 'Whether the last archive attempt failed (1) or succeeded (0) (archive_mode on)', () =>
    archive((row) => (row.last_failed === null ? null : row.last_failed ? 1 : 0)),
  );
}

import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { CheckResult } from '../check.js';

interface StandbyRow {
  name: string;
  connected: boolean;
  state: string | null;
  sync_state: string | null;
  lag_bytes: string | null;
  lag_seconds: number | null;
}

/**
 * The PostgreSQL standbys of the primary: each one streaming (pg_stat_replication), and each
 * replication slot no standby uses now (a standby that went away keeps its slot, and the primary
 * keeps WAL for it). Lag in bytes is how far replay is behind the primary's WAL; in seconds,
 * PostgreSQL's replay_lag. No standby and no slot: no component (nothing to check). On the
 * embedded database, or on a standby itself, there is nothing either.
 */
export async function checkStandbys(db: Db): Promise<CheckResult[]> {
  if (db.kind !== 'postgres') return [];
  const [{ recovery } = { recovery: false }] = await queryRows<{ recovery: boolean }>(db.owner, sql`select pg_is_in_recovery() as recovery`);
  if (recovery) return [];
  const rows = await queryRows<StandbyRow>(
    db.owner,
    sql`select coalesce(s.slot_name, r.application_name) as name, true as connected, r.state, r.sync_state,
               pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)::text as lag_bytes,
               extract(epoch from r.replay_lag)::float8 as lag_seconds
        from pg_stat_replication r left join pg_replication_slots s on s.active_pid = r.pid
        union all
        select s.slot_name, false, null, null, pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::text, null
        from pg_replication_slots s where not s.active and s.slot_type = 'physical'`,
  );
  return rows.map((row) => {
    const lagBytes = row.lag_bytes === null ? undefined : Number(row.lag_bytes);
    const values: Record<string, number> = { connected: row.connected ? 1 : 0 };
    if (lagBytes !== undefined) values.lag_bytes = lagBytes;
    // No replay_lag while nothing was written lately: then the standby is not behind in time.
    if (row.connected) values.lag_seconds = row.lag_seconds ?? 0;
    const mib = lagBytes === undefined ? '?' : (lagBytes / 1024 / 1024).toFixed(1);
    return {
      component: `standby:${row.name}`,
      status: row.connected ? 'ok' : 'critical',
      values,
      message: row.connected
        ? `${row.state ?? 'unknown'} (${row.sync_state ?? 'async'}), ${mib} MiB and ${(row.lag_seconds ?? 0).toFixed(1)} s behind`
        : `not connected; its slot holds ${mib} MiB of WAL`,
    };
  });
}

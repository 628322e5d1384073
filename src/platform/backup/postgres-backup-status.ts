import { execFile } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../db/client.js';

/**
 * The state of PostgreSQL's continuous archiving and replication (docs/postgres-operations.md):
 * what pgBackRest's repositories hold, whether WAL reaches them, and how far each standby is behind.
 * `lectern backup status` prints it and the monitor alerts on it.
 */
export interface PostgresBackupStatus {
  /** The newest backup in any repository. */
  latestBackup: { at: Date; type: string; repo: string } | null;
  /** Each repository of the stanza; when pgBackRest cannot be asked, one entry saying why. */
  repositories: { repo: string; ok: boolean; error?: string }[];
  /**
   * pg_stat_archiver: the last segment archived, and the age of the oldest segment still waiting
   * for archive_command (0 when none waits). `failed`: the last attempt failed.
   */
  archive: { lastArchivedAt: Date | null; lagSeconds: number | null; pendingSegments: number | null; failed: boolean; lastError?: string };
  /** pg_stat_replication, seen from the primary: bytes of WAL written here and not yet replayed there. */
  standbys: { name: string; address: string | null; state: string; ssl: boolean; lagBytes: number; lagSeconds: number | null; sync: string }[];
}

export interface PostgresBackupStatusOptions {
  /** pgBackRest's stanza (default: lectern). */
  stanza?: string;
  /** pgBackRest's configuration file (default: pgBackRest's own, /etc/pgbackrest/pgbackrest.conf). */
  pgbackrestConfig?: string;
  /** The pgbackrest command (default: pgbackrest on the PATH). */
  pgbackrestBin?: string;
  /**
   * pgBackRest's io-timeout for `pgbackrest info` (default 10 s): it tries an unreachable store for
   * about four times this long, so the configured one (60 s by default) would hold the answer for minutes.
   */
  ioTimeoutSeconds?: number;
}

// `pgbackrest info --output=json` (format 5, pgBackRest 2.x): only what is read here is checked.
const statusSchema = z.object({ code: z.number(), message: z.string() });
const infoSchema = z.array(
  z.object({
    name: z.string(),
    status: statusSchema,
    repo: z.array(z.object({ key: z.number(), status: statusSchema })).default([]),
    backup: z
      .array(
        z.object({
          label: z.string(),
          type: z.string(),
          error: z.boolean().optional(),
          timestamp: z.object({ start: z.number(), stop: z.number() }),
          database: z.object({ 'repo-key': z.number() }),
        }),
      )
      .default([]),
  }),
);

type Repositories = PostgresBackupStatus['repositories'];

function runPgbackrest(bin: string, args: string[], timeoutMs: number): Promise<{ stdout: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout });
      const { code, killed } = error as NodeJS.ErrnoException & { killed?: boolean };
      if (code === 'ENOENT') return resolve({ stdout, error: `pgBackRest is not installed (${bin} not found)` });
      if (killed) return resolve({ stdout, error: `pgbackrest info did not answer within ${timeoutMs / 1000} s` });
      resolve({ stdout, error: stderr.trim() || error.message });
    });
  });
}

type InfoPart = Pick<PostgresBackupStatus, 'latestBackup' | 'repositories'>;

const unknown = (message: string): InfoPart => ({ latestBackup: null, repositories: [{ repo: 'pgbackrest', ok: false, error: message }] });

/**
 * The repositories and the newest backup from the output of `pgbackrest info --output=json`
 * (`error`: how the command failed, if it did). A repository answers with its own status code:
 * 0 is ok; others (1 missing stanza path, 2 no valid backups, 99 other: e.g. a store that does
 * not answer) are reported with pgBackRest's message.
 */
export function parsePgbackrestInfo(stdout: string, stanza: string, error?: string): InfoPart {
  let parsed: z.infer<typeof infoSchema>;
  try {
    parsed = infoSchema.parse(JSON.parse(stdout));
  } catch {
    return unknown(error ?? `pgbackrest info gave no readable answer: ${stdout.slice(0, 200)}`);
  }
  const entry = parsed.find((s) => s.name === stanza);
  if (!entry) return unknown(error ?? `pgBackRest has no stanza "${stanza}" (not configured: see docs/postgres-operations.md)`);
  const repositories: Repositories = entry.repo.map((r) =>
    r.status.code === 0 ? { repo: `repo${r.key}`, ok: true } : { repo: `repo${r.key}`, ok: false, error: `${r.status.message} (status ${r.status.code})` },
  );
  if (repositories.length === 0) repositories.push({ repo: 'pgbackrest', ok: false, error: `${entry.status.message} (status ${entry.status.code})` });
  const newest = entry.backup.filter((b) => !b.error).sort((a, b) => b.timestamp.stop - a.timestamp.stop)[0];
  return {
    latestBackup: newest ? { at: new Date(newest.timestamp.stop * 1000), type: newest.type, repo: `repo${newest.database['repo-key']}` } : null,
    repositories,
  };
}

async function pgbackrestInfo(options: PostgresBackupStatusOptions): Promise<InfoPart> {
  const stanza = options.stanza ?? 'lectern';
  const bin = options.pgbackrestBin ?? 'pgbackrest';
  const ioTimeout = options.ioTimeoutSeconds ?? 10;
  const args = [
    ...(options.pgbackrestConfig ? [`--config=${options.pgbackrestConfig}`] : []),
    `--stanza=${stanza}`,
    `--io-timeout=${ioTimeout}`,
    // No log file: the command may run as a user that cannot write pgBackRest's log directory.
    '--log-level-file=off',
    '--output=json',
    'info',
  ];
  // Each repository is tried for about 4 io-timeouts, one after the other.
  const { stdout, error } = await runPgbackrest(bin, args, (ioTimeout * 10 + 30) * 1000);
  return parsePgbackrestInfo(stdout, stanza, error);
}

interface ArchiverRow {
  last_archived_time: Date | string | null;
  last_failed_time: Date | string | null;
  last_failed_wal: string | null;
}

interface PendingRow {
  pending: number | string;
  oldest_age: number | string | null;
}

interface StandbyRow {
  name: string;
  address: string | null;
  state: string;
  ssl: boolean | null;
  lag_bytes: number | string | null;
  lag_seconds: number | string | null;
  sync: string;
}

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));
const asNumber = (value: number | string | null) => (value === null ? null : Number(value));

async function archiveStatus(db: Db): Promise<PostgresBackupStatus['archive']> {
  const [row] = await queryRows<ArchiverRow>(db.owner, sql`select last_archived_time, last_failed_time, last_failed_wal from pg_stat_archiver`);
  const lastArchivedAt = asDate(row?.last_archived_time ?? null);
  const lastFailedAt = asDate(row?.last_failed_time ?? null);
  const failed = lastFailedAt !== null && (lastArchivedAt === null || lastFailedAt > lastArchivedAt);
  // Segments waiting for archive_command: the directory listing needs pg_monitor (or superuser);
  // without it the lag is unknown rather than guessed.
  let pending: PendingRow | undefined;
  try {
    [pending] = await queryRows<PendingRow>(
      db.owner,
      sql`select count(*) as pending, extract(epoch from now() - min(modification)) as oldest_age
          from pg_ls_archive_statusdir() where name like '%.ready'`,
    );
  } catch {
    pending = undefined;
  }
  const pendingSegments = pending ? Number(pending.pending) : null;
  return {
    lastArchivedAt,
    lagSeconds: pending ? Math.max(0, asNumber(pending.oldest_age) ?? 0) : null,
    pendingSegments,
    failed,
    ...(failed && row?.last_failed_wal ? { lastError: `archiving ${row.last_failed_wal} failed at ${lastFailedAt!.toISOString()}` } : {}),
  };
}

async function standbyStatus(db: Db): Promise<PostgresBackupStatus['standbys']> {
  // The position compared: where this server's WAL ends (on a cascading standby, what it received).
  const rows = await queryRows<StandbyRow>(
    db.owner,
    sql`select r.application_name as name, host(r.client_addr) as address, r.state, s.ssl, r.sync_state as sync,
          pg_wal_lsn_diff(case when pg_is_in_recovery() then pg_last_wal_receive_lsn() else pg_current_wal_lsn() end, r.replay_lsn) as lag_bytes,
          extract(epoch from r.replay_lag) as lag_seconds
        from pg_stat_replication r left join pg_stat_ssl s on s.pid = r.pid
        order by r.application_name`,
  );
  return rows.map((r) => ({
    name: r.name,
    address: r.address,
    state: r.state,
    ssl: r.ssl === true,
    lagBytes: Math.max(0, asNumber(r.lag_bytes) ?? 0),
    lagSeconds: asNumber(r.lag_seconds),
    sync: r.sync,
  }));
}

/** Asks pgBackRest and the database (connected to the primary) at once. */
export async function postgresBackupStatus(db: Db, options: PostgresBackupStatusOptions = {}): Promise<PostgresBackupStatus> {
  const [info, archive, standbys] = await Promise.all([pgbackrestInfo(options), archiveStatus(db), standbyStatus(db)]);
  return { ...info, archive, standbys };
}

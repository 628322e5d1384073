import { Gauge } from 'prom-client';
import { metricsRegistry } from './metrics.js';

/**
 * When the last backup of each kind succeeded (Unix time), set by whoever takes or checks it:
 * `embedded_snapshot` (a copy of the embedded database) or `pgbackrest` (PostgreSQL's backups).
 * A kind that was never seen since the process started has no sample.
 */
export const backupLastSuccess = new Gauge({
  name: 'lectern_backup_last_success_timestamp_seconds',
  help: 'When the last backup of each kind (embedded_snapshot, pgbackrest) succeeded (Unix time); alert when older than a day and a bit',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export type BackupKind = 'embedded_snapshot' | 'pgbackrest';

import { Registry } from 'prom-client';
import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import { registerCertificateMetrics } from './certificate.metrics.js';
import { registerDiskMetrics } from './disk.metrics.js';
import { registerJobQueueMetrics } from './jobs.metrics.js';
import { registerPostgresMetrics } from './postgres.metrics.js';
import { registerScrapeGauge } from './scrape-gauge.js';

/**
 * The metrics read at scrape time from what one application holds — its database, its
 * directories, its certificates — in a registry of the application's own (the process-wide
 * `metricsRegistry` holds the counters and histograms every part updates as it works).
 */
export function appMetricsRegistry(deps: { db: Db; config: Pick<Config, 'dataDir' | 'filesDir' | 'storage' | 'tls' | 'content'> }): Registry {
  const { db, config } = deps;
  const registry = new Registry();
  const pool = (pick: (stats: NonNullable<ReturnType<NonNullable<Db['poolStats']>>>) => number) => async () => {
    const stats = db.poolStats?.();
    return stats ? [{ labels: { engine: db.kind }, value: pick(stats) }] : [];
  };
  registerScrapeGauge(registry, 'lectern_db_pool_max_connections', 'The most connections the database pool opens (PGlite: its one connection)', pool((s) => s.max));
  registerScrapeGauge(registry, 'lectern_db_pool_connections', 'Database connections open now, busy or idle', pool((s) => s.total));
  registerScrapeGauge(registry, 'lectern_db_pool_idle_connections', 'Open database connections no one uses', pool((s) => s.idle));
  registerScrapeGauge(registry, 'lectern_db_pool_waiting_requests', 'Callers waiting for a database connection (alert when above 0 for minutes: the pool is too small or the database slow)', pool((s) => s.waiting));
  registerJobQueueMetrics(registry, db);
  registerPostgresMetrics(registry, db);
  registerDiskMetrics(registry, config);
  registerCertificateMetrics(registry, config);
  return registry;
}

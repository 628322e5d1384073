import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { metricsRegistry } from './metrics.js';
import { registerScrapeGauge } from './scrape-gauge.js';

/**
 * The monitor's state as gauges, read from its tables at scrape time, so every node shows the
 * same values whichever node ran the last evaluation. Component ids are few (the configured
 * locations, directories, certificates, standbys), so the series stay bounded.
 */
const STATUS_VALUE: Record<string, number> = { ok: 0, warning: 1, critical: 2, unknown: 3 };

let source: Db | undefined;

/** The database the gauges read (the app's, set when its monitor routes are registered). */
export function readMonitorMetricsFrom(db: Db): void {
  source = db;
}

registerScrapeGauge(
  metricsRegistry,
  'lectern_monitor_check_status',
  "Each component's status at the monitor's last check: 0 ok, 1 warning, 2 critical, 3 unknown",
  async () => {
    if (!source) return [];
    const rows = await queryRows<{ component: string; status: string }>(source.owner, sql`select component, status from monitor_components`);
    return rows.map((r) => ({ labels: { component: r.component }, value: STATUS_VALUE[r.status] ?? 3 }));
  },
);

registerScrapeGauge(metricsRegistry, 'lectern_alerts_firing', 'Alerts of the built-in monitor firing now, by severity (silenced ones included)', async () => {
  if (!source) return [];
  const rows = await queryRows<{ severity: string; n: number }>(source.owner, sql`select severity, count(*)::int as n from monitor_alerts where state = 'firing' group by severity`);
  return ['warning', 'critical'].map((severity) => ({ labels: { severity }, value: rows.find((r) => r.severity === severity)?.n ?? 0 }));
});

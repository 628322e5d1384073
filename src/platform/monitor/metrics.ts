import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's one metrics registry, served at /metrics in Prometheus text format. A feature
 * adds its metrics by creating them with `registers: [metricsRegistry]`. Names start with
 * `lectern_`; label values come from small fixed sets (codes, route patterns, scopes), never
 * from user input, so the number of series stays bounded.
 */
export const metricsRegistry = new Registry();

let processMetricsStarted = false;

/** Node's own metrics (CPU, memory, event-loop delay, GC, handles), started once per process. */
export function collectProcessMetrics(): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

/** Every request the app refused with an error code (4xx, and 503 while not ready). */
export const httpRefusedTotal = new Counter({
  name: 'lectern_http_refused_total',
  help: 'Requests refused, by error code and route pattern ("(unmatched)" when no route matched)',
  labelNames: ['code', 'route'] as const,
  registers: [metricsRegistry],
});

import type { Metric, Registry } from 'prom-client';

/** One sample of a gauge read at scrape time. */
export interface Sample {
  labels?: Record<string, string>;
  value: number;
}

/**
 * A gauge whose samples are read when /metrics is scraped. Unlike prom-client's Gauge it can
 * have no sample at all: a series that cannot be read (PostgreSQL only, no permission, a
 * missing file) is left out instead of showing a misleading 0.
 */
export function registerScrapeGauge(registry: Registry, name: string, help: string, read: () => Promise<Sample[]>): void {
  const metric = {
    name,
    help,
    type: 'gauge',
    aggregator: 'sum',
    async get() {
      const samples = await read().catch(() => []);
      return { name, help, type: 'gauge', aggregator: 'sum', values: samples.map((s) => ({ labels: s.labels ?? {}, value: s.value })) };
    },
    reset() {},
  };
  registry.registerMetric(metric as unknown as Metric);
}

/**
 * `load` at most once per `ttlMs` (concurrent scrapes share the one in flight), so a scrape
 * storm costs the database one query per interval. A failure or a time-out gives undefined
 * (the series are left out) and is kept for the interval too.
 */
export function cachedProbe<T>(ttlMs: number, timeoutMs: number, load: () => Promise<T>): () => Promise<T | undefined> {
  let cached: { at: number; value: Promise<T | undefined> } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at >= ttlMs) {
      cached = { at: now, value: withTimeout(Promise.resolve().then(load), timeoutMs).catch(() => undefined) };
    }
    return cached.value;
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

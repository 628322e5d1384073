import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '../monitor/metrics.js';

/** Label values are location names as configured (a handful), never keys or tenants. */
export const storageLocationUp = new Gauge({
  name: 'lectern_storage_location_up',
  help: 'Whether the storage location answered its last request (1) or failed it (0); alert when 0 for minutes',
  labelNames: ['location'] as const,
  registers: [metricsRegistry],
});

export const storageReadFallbacks = new Counter({
  name: 'lectern_storage_read_fallbacks_total',
  help: 'Reads that found a copy missing, damaged or unreachable at a location and went on at the next one',
  labelNames: ['location', 'reason'] as const,
  registers: [metricsRegistry],
});

export const storageRepairsQueued = new Counter({
  name: 'lectern_storage_repairs_queued_total',
  help: 'Repairs of a blob queued after a failed write or read',
  registers: [metricsRegistry],
});

export const storageRepairs = new Counter({
  name: 'lectern_storage_repairs_total',
  help: 'Copies rewritten from a good copy (outcome=repaired) or that could not be (outcome=unrepairable: no good copy left)',
  labelNames: ['location', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const storageScrubObjects = new Gauge({
  name: 'lectern_storage_scrub_objects',
  help: 'What the last scrub found at each location, by result (objects, missing, damaged, orphaned, repaired, unrepairable)',
  labelNames: ['location', 'result'] as const,
  registers: [metricsRegistry],
});

export const storageScrubBytes = new Gauge({
  name: 'lectern_storage_scrub_bytes',
  help: 'Bytes stored at each location, as the last scrub counted them',
  labelNames: ['location'] as const,
  registers: [metricsRegistry],
});

export const storageScrubLastSuccess = new Gauge({
  name: 'lectern_storage_scrub_last_success_timestamp_seconds',
  help: 'When the last scrub finished (Unix time); alert when it is older than two scrub intervals',
  registers: [metricsRegistry],
});

export const storagePutSeconds = new Histogram({
  name: 'lectern_storage_put_seconds',
  help: 'Time to store a blob durably at the write quorum (from the first byte received to the acknowledgement)',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

export const storageGetSeconds = new Histogram({
  name: 'lectern_storage_get_seconds',
  help: 'Time until a read has its first copy open (time to first byte of the store)',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

// Test files share their worker processes (vitest.config.ts: isolate false), so module state
// outlives a file: what one file's tests count must not show in the next file's /metrics.
import { metricsRegistry } from '../src/platform/monitor/metrics.js';

metricsRegistry.resetMetrics();

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LeanCounter, LeanHistogram } from './lean-metrics.js';

describe('lean metrics', () => {
  it('a reset forgets every series; a recorder kept from before brings its series back from zero, sharing it with a child made after', async () => {
    const registry = new Registry();
    const seconds = new LeanHistogram('test_seconds', 'test', ['route'], [0.1, 1], registry);
    const errors = new LeanCounter('test_errors_total', 'test', ['route'], registry);
    const kept = seconds.child({ route: '/a' });
    const keptErrors = errors.child({ route: '/a' });
    kept.observe(0.05);
    keptErrors.inc();
    expect(await registry.metrics()).toContain('test_seconds_count{route="/a"} 1');

    registry.resetMetrics();
    const text = await registry.metrics();
    expect(text).not.toContain('route="/a"');

    const later = seconds.child({ route: '/a' });
    kept.observe(0.5);
    later.observe(2);
    keptErrors.inc();
    const after = await registry.metrics();
    expect(after).toContain('test_seconds_count{route="/a"} 2');
    expect(after).toContain('test_seconds_bucket{route="/a",le="0.1"} 0');
    expect(after).toContain('test_seconds_bucket{route="/a",le="1"} 1');
    expect(after).toContain('test_errors_total{route="/a"} 1');
  });
});

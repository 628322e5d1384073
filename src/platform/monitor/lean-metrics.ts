import type { Metric, Registry } from 'prom-client';

/**
 * A histogram and a counter for hot paths (every request, every database statement). prom-client's
 * own build a label object and a key string at each observation, even through `labels()`; these
 * hand out a child per label set once and then only add to numbers, so an observation allocates
 * nothing. They are served by the registry like any other metric, in the same text format.
 */

type Labels = Record<string, string>;

interface HistogramChild {
  readonly labels: Labels;
  /** Per bucket (upper bound), not cumulative; the last slot is +Inf. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

export class LeanHistogram {
  private readonly children = new Map<string, HistogramChild>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** The recorder of one label set; callers keep it (the lookup builds a key). */
  child(labels: Labels = {}): { observe(seconds: number): void } {
    const key = this.labelNames.map((name) => labels[name] ?? '').join('\u0000');
    let child = this.children.get(key);
    if (!child) {
      child = { labels: { ...labels }, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
      this.children.set(key, child);
    }
    const target = child;
    const bounds = this.buckets;
    return {
      observe(value: number) {
        let i = 0;
        while (i < bounds.length && value > bounds[i]!) i++;
        target.counts[i]! += 1;
        target.sum += value;
        target.count += 1;
      },
    };
  }

  /** prom-client's registry reads this. */
  get() {
    const values: { metricName: string; labels: Labels; value: number }[] = [];
    for (const child of this.children.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += child.counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...child.labels, le: String(bound) }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...child.labels, le: '+Inf' }, value: child.count });
      values.push({ metricName: `${this.name}_sum`, labels: child.labels, value: child.sum });
      values.push({ metricName: `${this.name}_count`, labels: child.labels, value: child.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' };
  }

  /** Zeroes every child in place: recorders handed out keep recording into the same children. */
  reset(): void {
    for (const child of this.children.values()) {
      child.counts.fill(0);
      child.sum = 0;
      child.count = 0;
    }
  }
}

export class LeanCounter {
  private readonly children = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  child(labels: Labels = {}): { inc(): void } {
    const key = this.labelNames.map((name) => labels[name] ?? '').join('\u0000');
    let child = this.children.get(key);
    if (!child) this.children.set(key, (child = { labels: { ...labels }, value: 0 }));
    const target = child;
    return {
      inc() {
        target.value += 1;
      },
    };
  }

  get() {
    return { name: this.name, help: this.help, type: 'counter', values: [...this.children.values()].map(({ labels, value }) => ({ labels, value })), aggregator: 'sum' };
  }

  /** Zeroes every child in place (see LeanHistogram.reset). */
  reset(): void {
    for (const child of this.children.values()) child.value = 0;
  }
}

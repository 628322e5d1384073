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
  /** False after a reset until the next observation puts it back into the listing. */
  listed: boolean;
  /** Per bucket (upper bound), not cumulative; the last slot is +Inf. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * After a reset, a recorder's series comes back at its next observation: the one listed under its
 * key by then (made by a later child() call), or its own, listed again.
 */
function relisted<T extends { listed: boolean }>(children: Map<string, T>, key: string, own: T): T {
  const listed = children.get(key);
  if (listed) return listed;
  own.listed = true;
  children.set(key, own);
  return own;
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
      child = { labels: { ...labels }, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0, listed: true };
      this.children.set(key, child);
    }
    let target = child;
    const bounds = this.buckets;
    const children = this.children;
    return {
      observe(value: number) {
        if (!target.listed) target = relisted(children, key, target);
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

  /**
   * Forgets every series, as prom-client's reset does; a recorder handed out before puts its
   * series back, from zero, at its next observation.
   */
  reset(): void {
    for (const child of this.children.values()) {
      child.counts.fill(0);
      child.sum = 0;
      child.count = 0;
      child.listed = false;
    }
    this.children.clear();
  }
}

export class LeanCounter {
  private readonly children = new Map<string, { labels: Labels; value: number; listed: boolean }>();

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
    if (!child) this.children.set(key, (child = { labels: { ...labels }, value: 0, listed: true }));
    let target = child;
    const children = this.children;
    return {
      inc() {
        if (!target.listed) target = relisted(children, key, target);
        target.value += 1;
      },
    };
  }

  get() {
    return { name: this.name, help: this.help, type: 'counter', values: [...this.children.values()].map(({ labels, value }) => ({ labels, value })), aggregator: 'sum' };
  }

  /** Forgets every series (see LeanHistogram.reset). */
  reset(): void {
    for (const child of this.children.values()) {
      child.value = 0;
      child.listed = false;
    }
    this.children.clear();
  }
}

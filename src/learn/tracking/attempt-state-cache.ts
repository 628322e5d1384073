import type { AttemptProgressRow } from '../progress/progress.repository.js';

const DEFAULT_CAPACITY = 20_000;

/**
 * The progress rows of open attempts as this node last read or wrote them, so that a batch of
 * commits for attempts seen before needs no read: its write applies only where the attempt's
 * and the enrolment's row versions are still the cached ones, and a batch whose rows changed
 * meanwhile (another node, a launch, a reset, a due-date change) is read and written again.
 * A stale entry therefore costs a retry, never a wrong summary. The oldest entries give way
 * when the cache is full.
 */
export class AttemptStateCache {
  private readonly rows = new Map<string, { tenantId: string; row: AttemptProgressRow }>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  get(tenantId: string, attemptId: string): AttemptProgressRow | undefined {
    const entry = this.rows.get(attemptId);
    return entry && entry.tenantId === tenantId ? entry.row : undefined;
  }

  set(tenantId: string, row: AttemptProgressRow): void {
    this.rows.delete(row.id);
    if (this.rows.size >= this.capacity) this.rows.delete(this.rows.keys().next().value!);
    this.rows.set(row.id, { tenantId, row });
  }

  delete(attemptId: string): void {
    this.rows.delete(attemptId);
  }

  get size(): number {
    return this.rows.size;
  }
}

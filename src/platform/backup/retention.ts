/** How many snapshots are kept: the newest of each of the last `keepDaily` days, and of each of `keepWeekly` weeks before those. */
export interface RetentionPolicy {
  keepDaily: number;
  keepWeekly: number;
}

function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The Monday (UTC) of the ISO week `at` falls in. */
function weekOf(at: Date): string {
  const monday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return dayOf(monday);
}

/**
 * Which snapshots to keep, by their time (UTC): walking from the newest, the first snapshot of
 * each new day is kept until `keepDaily` days have one; then the first of each new week until
 * `keepWeekly` more weeks have one. The newest snapshot is always kept. Answers the ids kept.
 */
export function snapshotsToKeep(snapshots: { id: string; createdAt: Date }[], policy: RetentionPolicy): Set<string> {
  const newestFirst = [...snapshots].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  const keep = new Set<string>();
  const days = new Set<string>();
  /** Weeks that already have a kept snapshot (a daily one counts for its week). */
  const weeks = new Set<string>();
  let weekly = 0;
  for (const snapshot of newestFirst) {
    const day = dayOf(snapshot.createdAt);
    const week = weekOf(snapshot.createdAt);
    if (days.size < policy.keepDaily) {
      if (days.has(day)) continue;
      days.add(day);
      weeks.add(week);
      keep.add(snapshot.id);
    } else if (weekly < policy.keepWeekly && !weeks.has(week)) {
      weeks.add(week);
      weekly++;
      keep.add(snapshot.id);
    }
  }
  if (newestFirst[0]) keep.add(newestFirst[0].id);
  return keep;
}

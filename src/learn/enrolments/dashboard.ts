import { DASHBOARD_BUCKETS, DUE_SOON_DAYS, type DashboardBucket } from './enrolments.contract.js';
import type { PackageItem, PackageManifest } from '../packages/manifest.types.js';
import type { ProgressStatus } from './enrolments.schema.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the learner dashboard needs to know of an enrolment to place it. */
export interface Placeable {
  status: ProgressStatus;
  dueAt: Date | null;
  enrolledAt: Date;
  lastAccessAt: Date | null;
  completedAt: Date | null;
}

export interface Placement {
  bucket: DashboardBucket;
  overdue: boolean;
  dueSoon: boolean;
}

/** Completed or passed: nothing left to do. A failed course still is (another attempt). */
export function isDone(status: ProgressStatus): boolean {
  return status === 'completed' || status === 'passed';
}

/**
 * Where an enrolment goes on the dashboard at `now`: overdue once the due date has passed
 * and it is not done, due soon within the next DUE_SOON_DAYS days, else by its status.
 */
export function place(enrolment: Placeable, now: Date): Placement {
  const done = isDone(enrolment.status);
  const due = enrolment.dueAt?.getTime();
  const overdue = !done && due !== undefined && due < now.getTime();
  const dueSoon = !done && !overdue && due !== undefined && due - now.getTime() <= DUE_SOON_DAYS * DAY_MS;
  const bucket: DashboardBucket = done
    ? 'completed'
    : overdue
      ? 'overdue'
      : dueSoon
        ? 'due_soon'
        : enrolment.status === 'not_started'
          ? 'not_started'
          : 'in_progress';
  return { bucket, overdue, dueSoon };
}

const LAST = Number.MAX_SAFE_INTEGER;
const time = (d: Date | null, fallback: number) => d?.getTime() ?? fallback;

/**
 * Dashboard order: by bucket; inside a bucket the most urgent first (earliest due date), the
 * courses in progress by last access (most recent first), the completed most recent first.
 */
export function dashboardOrder<T extends Placeable>(items: T[], now: Date): (T & Placement)[] {
  const placed = items.map((item) => ({ ...item, ...place(item, now) }));
  const rank = (b: DashboardBucket) => DASHBOARD_BUCKETS.indexOf(b);
  return placed.sort((a, b) => {
    if (a.bucket !== b.bucket) return rank(a.bucket) - rank(b.bucket);
    switch (a.bucket) {
      case 'overdue':
      case 'due_soon':
        return time(a.dueAt, 0) - time(b.dueAt, 0);
      case 'in_progress':
        return time(b.lastAccessAt, 0) - time(a.lastAccessAt, 0) || time(a.dueAt, LAST) - time(b.dueAt, LAST);
      case 'not_started':
        return time(a.dueAt, LAST) - time(b.dueAt, LAST) || b.enrolledAt.getTime() - a.enrolledAt.getTime();
      case 'completed':
        return time(b.completedAt, 0) - time(a.completedAt, 0);
    }
  });
}

/** Share of the work done, 0-100: all of it once the course is finished, failed included (the status says how it went). */
export function progressPercent(status: ProgressStatus, scosDone: number, scoCount: number): number {
  if (isDone(status) || status === 'failed') return 100;
  if (scoCount <= 0 || status === 'not_started') return 0;
  return Math.min(99, Math.round((scosDone / scoCount) * 100));
}

/** How many SCOs a learner works through in the package: the SCO items of its default organization. */
export function scoCount(manifest: PackageManifest): number {
  const organization = manifest.organizations.find((o) => o.identifier === manifest.defaultOrganization) ?? manifest.organizations[0];
  const count = (items: PackageItem[]): number => items.reduce((n, item) => n + (item.scormType === 'sco' ? 1 : 0) + count(item.children), 0);
  return organization ? count(organization.items) : 0;
}

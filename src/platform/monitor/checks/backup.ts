import { errorMessage, type CheckResult } from '../check.js';

/** The newest backup that completed, null when there is none, or `unreachable` when the repository does not answer. */
export type LatestBackup = () => Promise<{ at: Date; kind: string } | null | 'unreachable'>;

/** The age of the newest backup, and whether its repository answers. */
export async function checkBackup(latestBackup: LatestBackup, now: () => Date = () => new Date()): Promise<CheckResult> {
  let latest: Awaited<ReturnType<LatestBackup>>;
  try {
    latest = await latestBackup();
  } catch (error) {
    return { component: 'backup', status: 'critical', values: { reachable: 0 }, message: `the backup repository did not answer: ${errorMessage(error)}` };
  }
  if (latest === 'unreachable') return { component: 'backup', status: 'critical', values: { reachable: 0 }, message: 'the backup repository is unreachable' };
  if (latest === null) return { component: 'backup', status: 'warning', values: { reachable: 1, backups: 0 }, message: 'no backup yet' };
  const hours = Math.round(((now().getTime() - latest.at.getTime()) / 3_600_000) * 10) / 10;
  return {
    component: 'backup',
    status: 'ok',
    values: { reachable: 1, backups: 1, age_hours: hours, last_success_timestamp_seconds: Math.floor(latest.at.getTime() / 1000) },
    message: `newest: ${latest.kind} at ${latest.at.toISOString()}`,
  };
}

import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import type { ReplicatedBlobStore } from '../storage/replicated-blob-store.js';
import type { Notifier } from './alert-notice.js';
import type { LatestBackup } from './checks/backup.js';
import { startDatabaseWatchdog } from './database-watchdog.js';
import { monitorChecks } from './monitor-checks.js';
import type { MonitorLog } from './monitor-run.js';
import { monitorRecurringJobs } from './monitor.jobs.js';
import { createNotifier } from './notify/index.js';

/**
 * The monitor of one node: the recurring job that checks every component and evaluates the rules
 * (the job queue runs it on one node at a time), and the database watchdog, which runs on every
 * node because it must alert when the database, and with it the job queue, is down.
 * `notifier` sends the notices (the channels of the monitor file's `notify` section).
 */
export function startMonitor(deps: { db: Db; config: Config; store: ReplicatedBlobStore; notifier: Notifier; log: MonitorLog; latestBackup?: LatestBackup }): { recurring: RecurringJob[]; stop(): void } {
  const { db, config, notifier, log } = deps;
  const checks = monitorChecks({ db, config, store: deps.store, latestBackup: deps.latestBackup });
  const watchdog = startDatabaseWatchdog({ db, config: config.monitor, notifier, log });
  return {
    recurring: monitorRecurringJobs({ db, config: config.monitor, checks, notifier, log, intervalMs: config.monitor.intervalMs }),
    stop: () => watchdog.stop(),
  };
}

/** Without notification channels: each notice is in the log (as an error, since no one was reached) and in the history only. */
export const noChannelNotifier: Notifier = () => Promise.resolve([]);

/**
 * The notifier of the monitor file's `notify` section (e-mail, XMPP, SMS and the rota), or none.
 * A secret file it names that cannot be read stops start-up (NotifyConfigError).
 */
export function configuredNotifier(config: Pick<Config, 'monitor' | 'mail'>, log: MonitorLog): Notifier {
  return config.monitor.notify ? createNotifier(config.monitor.notify, { mail: config.mail, logger: log }) : noChannelNotifier;
}

import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { logPoolErrorToStderr, POOL_ERROR_MESSAGE } from './platform/db/client.js';
import { openMigratedDatabase } from './platform/db/open.js';
import { localBaseUrl, startListeners, type Listeners } from './platform/http/listeners.js';
import { guardRecurringJobs } from './platform/guard/guard.jobs.js';
import { jobsRecurringJobs } from './platform/jobs/jobs.prune.js';
import { jobRegistry } from './platform/jobs/job-registry.js';
import { recurringJobHandlers, scheduleRecurringJobs } from './platform/jobs/recurring-jobs.js';
import { startJobWorker } from './platform/jobs/job-worker.js';
import { MAIL_DISABLED_WARNING, mailJobHandlers } from './platform/mail/mail.jobs.js';
import { identityJobHandlers, identityRecurringJobs } from './platform/identity/identity.jobs.js';
import { consentJobHandlers } from './platform/privacy/consent/consent.jobs.js';
import { consentMailChecks } from './platform/privacy/consent/update-mail-check.js';
import { staffRecurringJobs } from './platform/access/staff/staff.jobs.js';
import { notificationsRecurringJobs } from './platform/notifications/notifications.jobs.js';
import { accessReviewsRecurringJobs } from './platform/access/reviews/access-reviews.jobs.js';
import { sealStoredMfaSecrets } from './platform/identity/mfa/mfa-secrets.js';
import { openSecretBox } from './platform/secrets/secret-box.js';
import { verifyStorageMasterKey } from './platform/storage/storage-master-key.js';
import { modules } from './modules.js';
import { brandingBlobReferences } from './platform/branding/blob-references.js';
import { moduleBlobReferences, moduleJobHandlers, moduleRecurringJobs } from './platform/modules/module-jobs.js';
import { openBlobStore } from './platform/storage/open-blob-store.js';
import { storageJobHandlers, storageRecurringJobs } from './platform/storage/storage.jobs.js';
import { answerBackupRequests, backupRecurringJobs } from './platform/backup/backup.jobs.js';
import { installationBackupKey } from './platform/backup/backup-key.js';
import { seedDemoTenant } from './platform/tenancy/seed-demo-tenant.js';
import { configuredNotifier, startMonitor } from './platform/monitor/start-monitor.js';
import { installationLatestBackup } from './platform/monitor/latest-backup.js';
import { writeNewSecretFile } from './platform/secret-file.js';
import { auditRecurringJobs } from './platform/audit/audit.jobs.js';

/** Where a production node hands the first administrator's password over: a file in DATA_DIR. */
function firstAdminPasswordFile(config: Config): string {
  return path.join(config.dataDir, 'initial-admin-password.txt');
}

function signInUrl(config: Config): string {
  return `${localBaseUrl(config)}/sign-in`;
}

/** Development: the one-command start shows the first administrator's password on the console, once. */
function announceDemo(config: Config, admin: { email: string; password: string }): void {
  const lines = [
    'Lectern created the demo site and its first administrator.',
    `  Sign in at: ${signInUrl(config)}`,
    `  E-mail:     ${admin.email}`,
    `  Password:   ${admin.password}`,
    'This password is shown only now and works once: at the first sign-in you choose your own.',
    'Lost it? Stop the server, then: lectern user reset-password --tenant demo --email ' + admin.email,
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '='.repeat(width);
  console.log(`\n${rule}\n${lines.join('\n')}\n${rule}\n`);
}

/**
 * Production: standard output is the JSON log stream, which log shippers copy far and wide, so the
 * password goes to a new file only this user can read; the log names the file, never the password.
 */
function handOverDemoAdmin(config: Config, admin: { email: string; password: string }, log: FastifyBaseLogger): void {
  const file = firstAdminPasswordFile(config);
  const reset = `lectern user reset-password --tenant demo --email ${admin.email}`;
  try {
    writeNewSecretFile(file, `E-mail: ${admin.email}\nPassword: ${admin.password}\nSign in at: ${signInUrl(config)}\n`);
  } catch (error) {
    log.error({ file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, `Lectern created the demo site and its first administrator, but could not write the password file; set a password with: ${reset}`);
    return;
  }
  log.warn(
    { file, email: admin.email },
    "Lectern created the demo site and its first administrator. The password is in the file named here, readable only by this user; it works once: at the first sign-in a new password must be chosen. Delete the file afterwards.",
  );
}

/** Opens and migrates the database, seeds the demo site on first start, listens, and shuts down gracefully. */
export async function startServer(config: Config): Promise<void> {
  // The app's log, once there is one: the pool and the store opened before it write there (pool errors before it: stderr).
  const appLog: { to?: FastifyBaseLogger } = {};
  const db = await openMigratedDatabase(config, { holder: 'server', systemLogin: true, onPoolError: (error) => (appLog.to ? appLog.to.error({ err: error }, POOL_ERROR_MESSAGE) : logPoolErrorToStderr(error)) });
  const admin = config.seedDemo ? await seedDemoTenant(db) : undefined;
  const secretBox = openSecretBox(config);
  const sealed = await sealStoredMfaSecrets(db, secretBox, config.secretKeyFile);
  await verifyStorageMasterKey(db, secretBox, config.secretKeyFile);
  // One store for the node's requests and jobs; it logs to the app's log once there is one.
  const blobStore = await openBlobStore({
    db,
    config,
    secretBox,
    log: { info: (d, m) => appLog.to?.info(d, m), warn: (d, m) => appLog.to?.warn(d, m), error: (d, m) => appLog.to?.error(d, m) },
  });
  const app = await buildApp({ config, db, secretBox, modules, blobStore });
  appLog.to = app.log;
  if (sealed > 0) app.log.info({ sealed }, 'sealed the two-factor secrets stored before sealing existed');
  for (const warning of config.warnings) app.log.warn(warning);
  // Before listening: once the server answers, the file is there.
  if (admin && config.env === 'production') handOverDemoAdmin(config, admin, app.log);
  if (config.jobsEnabled && !config.mail) app.log.warn(MAIL_DISABLED_WARNING);
  if (!config.jobsEnabled) app.log.info('LECTERN_JOBS=false: this node runs no background jobs');
  const areaDeps = { db, config, storage: blobStore };
  const backupKey = installationBackupKey(config.secretKeyFile);
  const backupOptions = { db, config, locations: blobStore.locations, key: backupKey, log: app.log };
  // The built-in monitor (docs/monitoring/alerts.md): its database watchdog runs on every node, its round on the job queue.
  const monitor = startMonitor({ db, config, store: blobStore, notifier: configuredNotifier(config, app.log), log: app.log, latestBackup: installationLatestBackup(db, blobStore.locations, backupKey) });
  const recurring = [
    ...monitor.recurring,
    ...jobsRecurringJobs(db),
    ...auditRecurringJobs(db, { locations: blobStore.locations, writeQuorum: Math.min(config.storage.writeQuorum, blobStore.locations.length) }),
    ...guardRecurringJobs(db),
    ...identityRecurringJobs(db),
    ...staffRecurringJobs(db),
    ...notificationsRecurringJobs(db),
    ...accessReviewsRecurringJobs(db, config),
    ...moduleRecurringJobs(modules, areaDeps),
    ...storageRecurringJobs(blobStore, { db, log: app.log, references: [brandingBlobReferences(db), ...moduleBlobReferences(modules, areaDeps)] }),
    // The embedded database's snapshots, to the storage locations (none on PostgreSQL: pgBackRest backs it up).
    ...backupRecurringJobs(backupOptions),
  ];
  // `lectern backup --from-running` asks this server for a snapshot (embedded database only).
  const stopBackupRequests = answerBackupRequests(backupOptions);
  const jobs = config.jobsEnabled
    ? startJobWorker(
        db,
        jobRegistry(mailJobHandlers(config.mail, db, { checks: consentMailChecks(db), log: app.log }), identityJobHandlers(db, config), consentJobHandlers(db, config), moduleJobHandlers(modules, areaDeps), storageJobHandlers(blobStore), recurringJobHandlers(db, recurring)),
        { log: app.log },
      )
    : undefined;
  if (config.jobsEnabled) await scheduleRecurringJobs(db, recurring);

  let listeners: Listeners | undefined = undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.health.shuttingDown = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('in-flight requests did not finish within the grace period; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    await (listeners ? listeners.close() : app.close());
    monitor.stop();
    await jobs?.stop();
    await stopBackupRequests();
    await blobStore.close();
    await db.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  listeners = await startListeners(app, config);
  if (config.tls) process.on('SIGHUP', () => listeners?.reloadCertificate());
  if (admin && config.env !== 'production') announceDemo(config, admin);
  else app.log.info(`Lectern is serving on port ${config.port}${config.tls ? ` (HTTP) and ${config.httpsPort} (HTTPS)` : ''}`);
}

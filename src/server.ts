import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openMigratedDatabase } from './platform/db/open.js';
import { localBaseUrl, startListeners, type Listeners } from './platform/http/listeners.js';
import { guardRecurringJobs } from './platform/guard/guard.jobs.js';
import { jobRegistry } from './platform/jobs/job-registry.js';
import { recurringJobHandlers, scheduleRecurringJobs } from './platform/jobs/recurring-jobs.js';
import { startJobWorker } from './platform/jobs/job-worker.js';
import { MAIL_DISABLED_WARNING, mailJobHandlers } from './platform/mail/mail.jobs.js';
import { identityJobHandlers } from './platform/identity/identity.jobs.js';
import { learnJobHandlers, learnRecurringJobs } from './learn/learn.jobs.js';
import { seedDemoTenant } from './platform/tenancy/seed-demo-tenant.js';

function announceDemo(config: Config, admin: { email: string; password: string }): void {
  const url = `${localBaseUrl(config)}/sign-in`;
  const lines = [
    'Lectern created the demo site and its first administrator.',
    `  Sign in at: ${url}`,
    `  E-mail:     ${admin.email}`,
    `  Password:   ${admin.password}`,
    'This password is shown only now. Keep it, or set a new one with',
    '  lectern user reset-password --tenant demo --email ' + admin.email,
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '='.repeat(width);
  console.log(`\n${rule}\n${lines.join('\n')}\n${rule}\n`);
}

/** Opens and migrates the database, seeds the demo site on first start, listens, and shuts down gracefully. */
export async function startServer(config: Config): Promise<void> {
  const db = await openMigratedDatabase(config);
  const admin = config.seedDemo ? await seedDemoTenant(db) : undefined;
  const app = await buildApp({ config, db });
  if (config.jobsEnabled && !config.mail) app.log.warn(MAIL_DISABLED_WARNING);
  if (!config.jobsEnabled) app.log.info('LECTERN_JOBS=false: this node runs no background jobs');
  const recurring = [...guardRecurringJobs(db), ...learnRecurringJobs({ db, config })];
  const jobs = config.jobsEnabled
    ? startJobWorker(
        db,
        jobRegistry(mailJobHandlers(config.mail), identityJobHandlers(db, config), learnJobHandlers({ db, config }), recurringJobHandlers(db, recurring)),
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
    await jobs?.stop();
    await db.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  listeners = await startListeners(app, config);
  if (config.tls) process.on('SIGHUP', () => listeners?.reloadCertificate());
  if (admin) announceDemo(config, admin);
  else app.log.info(`Lectern is serving on port ${config.port}${config.tls ? ` (HTTP) and ${config.httpsPort} (HTTPS)` : ''}`);
}

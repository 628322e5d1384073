import { userInfo } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { withDb } from './with-db.js';
import { parseDuration } from '../platform/monitor/duration.js';
import { monitorChecks } from '../platform/monitor/monitor-checks.js';
import { expireSilence, insertSilence, listSilences } from '../platform/monitor/monitor.repository.js';
import { formatMonitorStatus, monitorStatus } from '../platform/monitor/monitor-status.js';
import { backupKeyIfPresent } from '../platform/backup/backup-key.js';
import { installationLatestBackup } from '../platform/monitor/latest-backup.js';
import { openBlobStore } from '../platform/storage/open-blob-store.js';

const duration = (value: string) => {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('a duration such as 30m, 2h or 1d');
  return ms;
};

/** A mistake of the operator's: said on stderr, exit code 1. */
function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `lectern monitor status|check|silence`: the built-in monitor (docs/monitoring/alerts.md). */
export function monitorCommand(): Command {
  const monitor = new Command('monitor').description('the built-in monitor: components, alerts, silences');
  monitor
    .command('status')
    .description('components, current alerts (firing, pending, silenced), silences and the last 20 history entries; exit 1 while an alert fires')
    .option('--json', 'print JSON (what GET /api/operator/monitor answers)')
    .action(async (opts: { json?: boolean }) => {
      const status = await withDb((db) => monitorStatus(db));
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatMonitorStatus(status));
      if (status.alerts.some((a) => a.state === 'firing' && !a.silenced)) process.exitCode = 1;
    });
  monitor
    .command('check')
    .description('run every check now and print what it measures (no alert is evaluated, no notice sent)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const results = await withDb(async (db, config) => {
        const store = await openBlobStore({ db, config });
        try {
          const checks = monitorChecks({ db, config, store, latestBackup: installationLatestBackup(db, store.locations, backupKeyIfPresent(config.secretKeyFile)) });
          return (
            await Promise.all(
              checks.map((check) =>
                check.run(new Map()).catch((error: unknown) => [{ component: `monitor:${check.name}`, status: 'unknown' as const, values: {}, message: `the check failed: ${(error as Error).message}` }]),
              ),
            )
          ).flat();
        } finally {
          await store.close();
        }
      });
      if (opts.json) console.log(JSON.stringify(results, null, 2));
      else for (const r of results) console.log(`${r.status.toUpperCase().padEnd(8)} ${r.component}: ${r.message}\n         ${JSON.stringify(r.values)}`);
    });

  const silence = monitor.command('silence').description('silences: alerts that match are shown but not notified until the silence ends');
  silence
    .command('add')
    .description('silence a rule (on every component, or those matching --component) for a while')
    .requiredOption('--rule <rule>', 'the rule name, or * for every rule')
    .option('--component <component>', 'a component or a pattern with *, e.g. disk:* or storage:s3://*', '*')
    .requiredOption('--for <duration>', 'how long, e.g. 2h, 30m, 1d', duration)
    .requiredOption('--comment <text>', 'why (shown with the silence)')
    .option('--by <name>', 'who silences it (default: the user running the command)')
    .action(async (opts: { rule: string; component: string; for: number; comment: string; by?: string }) => {
      if (!opts.comment.trim()) return fail('--comment must say why');
      const names = loadConfig().monitor.rules.map((r) => r.name);
      if (opts.rule !== '*' && !names.includes(opts.rule)) return fail(`--rule ${opts.rule}: no such rule; the rules are ${names.join(', ')} (or * for all)`);
      const created = await withDb(async (db) => {
        const now = new Date();
        return insertSilence(db.owner, {
          rule: opts.rule,
          component: opts.component,
          startsAt: now,
          endsAt: new Date(now.getTime() + opts.for),
          comment: opts.comment.trim(),
          createdBy: opts.by ?? userInfo().username,
        });
      });
      console.log(`Silenced ${created.rule} on ${created.component} until ${created.endsAt.toISOString()} (id ${created.id}).`);
    });
  silence
    .command('list')
    .description('the silences that have not ended')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const silences = await withDb((db) => listSilences(db.owner, new Date()));
      if (opts.json) console.log(JSON.stringify(silences, null, 2));
      else if (silences.length === 0) console.log('No silences.');
      else for (const s of silences) console.log(`${s.id}\t${s.rule}\t${s.component}\tuntil ${s.endsAt.toISOString()}\tby ${s.createdBy}\t${s.comment}`);
    });
  silence
    .command('remove')
    .description('end a silence now')
    .argument('<id>', 'the id that silence add and silence list show')
    .action(async (id: string) => {
      if (!UUID.test(id)) return fail(`${id}: not a silence id (see lectern monitor silence list)`);
      const ended = await withDb((db) => expireSilence(db.owner, id, new Date()));
      if (!ended) return fail(`no active silence ${id} (see lectern monitor silence list)`);
      console.log(`Silence ${id} ended.`);
    });
  return monitor;
}

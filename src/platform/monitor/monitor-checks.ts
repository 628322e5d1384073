import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import type { ReplicatedBlobStore } from '../storage/replicated-blob-store.js';
import type { Check } from './check.js';
import { checkBackup, type LatestBackup } from './checks/backup.js';
import { checkCertificates } from './checks/certificate.js';
import { checkDatabase, DATABASE_COMPONENT } from './checks/database.js';
import { checkDisks, type Statfs } from './checks/disk.js';
import { checkJobQueue } from './checks/job-queue.js';
import { checkSmtp } from './checks/smtp.js';
import { checkStandbys } from './checks/standby.js';
import { checkStorage, type StorageCheckOptions } from './checks/storage.js';

/** A check with the components it answers for: when it fails, their alerts stay as they were. */
export interface NamedCheck {
  name: string;
  owns: (component: string) => boolean;
  run: Check;
}

export interface CheckDeps {
  db: Db;
  config: Pick<Config, 'dataDir' | 'storage' | 'mail' | 'tls' | 'content'>;
  /** The blob store; without it, no storage check. */
  store?: ReplicatedBlobStore;
  /** The newest backup; without it, no backup check (no backup module to ask). */
  latestBackup?: LatestBackup;
  /** fs.statfs unless a test shows a full disk. */
  statfs?: Statfs;
  storage?: StorageCheckOptions;
  /** How often the SMTP server and the backup repositories are asked (default EXTERNAL_CHECK_MS); rounds between reuse the last answer. */
  externalEveryMs?: number;
}

const prefix = (p: string) => (component: string) => component.startsWith(p);

/** Peers outside Lectern (the SMTP server, the backup repositories) are asked at most this often per node. */
export const EXTERNAL_CHECK_MS = 5 * 60_000;

/** `run`, but its last result is reused for `ms` (a failure is not kept: the next round asks again). */
export function atMostEvery(ms: number, run: Check): Check {
  let last: { at: number; results: Awaited<ReturnType<Check>> } | undefined;
  return async (previous) => {
    if (last && Date.now() - last.at < ms) return last.results;
    const results = await run(previous);
    last = { at: Date.now(), results };
    return results;
  };
}

/** Every component of this installation: database, standbys, storage locations, SMTP, job queue, disks, certificates, backups. */
export function monitorChecks(deps: CheckDeps): NamedCheck[] {
  const { db, config } = deps;
  const localRoots = config.storage.locations.flatMap((l) => (l.kind === 'local' ? [l.root] : []));
  const certificates = [
    ...(config.tls ? [{ which: 'app', file: config.tls.certFile }] : []),
    ...(config.content.tls ? [{ which: 'content', file: config.content.tls.certFile }] : []),
  ];
  const checks: NamedCheck[] = [
    { name: 'database', owns: (c) => c === DATABASE_COMPONENT, run: async () => [await checkDatabase(db)] },
    { name: 'standby', owns: prefix('standby:'), run: () => checkStandbys(db) },
    { name: 'jobs', owns: (c) => c === 'jobs', run: async () => [await checkJobQueue(db)] },
    { name: 'disk', owns: prefix('disk:'), run: () => checkDisks([config.dataDir, ...localRoots], deps.statfs) },
  ];
  if (deps.store) {
    const store = deps.store;
    checks.push({ name: 'storage', owns: prefix('storage:'), run: (previous) => checkStorage(store, db, previous, deps.storage) });
  }
  const mail = config.mail;
  const external = deps.externalEveryMs ?? EXTERNAL_CHECK_MS;
  if (mail) checks.push({ name: 'smtp', owns: (c) => c === 'smtp', run: atMostEvery(external, async () => [await checkSmtp(mail)]) });
  if (certificates.length > 0) checks.push({ name: 'certificate', owns: prefix('certificate:'), run: () => checkCertificates(certificates) });
  const latestBackup = deps.latestBackup;
  if (latestBackup) checks.push({ name: 'backup', owns: (c) => c === 'backup', run: atMostEvery(external, async () => [await checkBackup(latestBackup)]) });
  return checks;
}

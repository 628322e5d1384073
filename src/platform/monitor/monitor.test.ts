import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTenantWithUser, testConfig } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import { databaseError } from '../../../test/db-error.js';
import { startTestSmtpServer } from '../../../test/smtp-server.js';
import { openDatabase, type Db } from '../db/client.js';
import { insertJob } from '../jobs/jobs.repository.js';
import { SecretBox } from '../secrets/secret-box.js';
import { blobKey } from '../storage/blob-key.js';
import { FaultyLocation } from '../storage/faulty-location.test-support.js';
import { LocalLocation } from '../storage/local-location.js';
import { ReplicatedBlobStore } from '../storage/replicated-blob-store.js';
import { SealedCodec } from '../storage/sealed-codec.js';
import { TenantDataKeys } from '../storage/tenant-data-keys.js';
import type { AlertNotice, Notifier } from './alert-notice.js';
import { checkBackup, type LatestBackup } from './checks/backup.js';
import { checkCertificates } from './checks/certificate.js';
import { checkDisks, type Statfs } from './checks/disk.js';
import { checkJobQueue } from './checks/job-queue.js';
import { checkSmtp } from './checks/smtp.js';
import { checkStandbys } from './checks/standby.js';
import { checkStorage } from './checks/storage.js';
import { startDatabaseWatchdog } from './database-watchdog.js';
import { defaultMonitorConfig } from './monitor-config.js';
import { atMostEvery, monitorChecks, type NamedCheck } from './monitor-checks.js';
import { runMonitor } from './monitor-run.js';
import { monitorStatus } from './monitor-status.js';
import { insertSilence } from './monitor.repository.js';
import { monitorComponents } from './monitor.schema.js';

/** A notifier that keeps what it is given and answers as one delivered e-mail: the channels are tested with real servers in notify/. */
function recordingNotifier(): Notifier & { notices: AlertNotice[] } {
  const notices: AlertNotice[] = [];
  const notifier = async (notice: AlertNotice) => {
    notices.push(notice);
    return [{ channel: 'email' as const, recipient: 'ops@example.test', ok: true }];
  };
  return Object.assign(notifier, { notices });
}

/** A clock the test moves. */
function fakeClock(start = new Date('2026-03-01T10:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const MINUTE = 60_000;

describe(`the monitor (${engine})`, () => {
  let db: Db;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDb();
    dir = await mkdtemp(path.join(process.env.TEST_SCRATCH_DIR ?? tmpdir(), 'lectern-monitor-'));
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.owner.execute(sql`delete from monitor_alerts`);
    await db.owner.execute(sql`delete from monitor_components`);
    await db.owner.execute(sql`delete from monitor_history`);
    await db.owner.execute(sql`delete from monitor_silences`);
  });

  /** Runs the rounds as the recurring job does, with these checks, this clock and this notifier. */
  function monitor(checks: NamedCheck[], clock = fakeClock(), notifier = recordingNotifier()) {
    const config = defaultMonitorConfig();
    return { clock, notifier, run: () => runMonitor({ db, config, checks, notifier, now: clock.now }) };
  }

  it('a full disk raises the disk alert: pending, warning after 2 minutes, critical, then resolved', async () => {
    const disk = { bsize: 4096, blocks: 1_000_000, bavail: 500_000 };
    const statfs: Statfs = async (p) => {
      if (p !== '/var/lib/lectern') throw new Error(`unexpected path ${p}`);
      return disk;
    };
    const m = monitor([{ name: 'disk', owns: (c) => c.startsWith('disk:'), run: () => checkDisks(['/var/lib/lectern'], statfs) }]);
    await m.run();
    expect(m.notifier.notices).toEqual([]);

    disk.bavail = 100_000; // 10 % free
    await m.run();
    let status = await monitorStatus(db, m.clock.now());
    expect(status.alerts).toMatchObject([{ rule: 'disk_free', component: 'disk:/var/lib/lectern', state: 'pending', severity: 'warning' }]);
    expect(status.components).toMatchObject([{ component: 'disk:/var/lib/lectern', status: 'warning', values: { free_percent: 10 } }]);
    m.clock.advance(2 * MINUTE);
    await m.run();
    expect(m.notifier.notices).toMatchObject([{ rule: 'disk_free', state: 'firing', severity: 'warning', value: 10 }]);

    disk.bavail = 30_000; // 3 % free: critical
    m.clock.advance(MINUTE);
    await m.run();
    await m.run(); // the next round (on whichever node) sends nothing new
    expect(m.notifier.notices.map((n) => `${n.state}:${n.severity}`)).toEqual(['firing:warning', 'firing:critical']);
    status = await monitorStatus(db, m.clock.now());
    expect(status.components[0]).toMatchObject({ status: 'critical' });

    disk.bavail = 800_000;
    m.clock.advance(MINUTE);
    await m.run();
    expect(m.notifier.notices.map((n) => `${n.state}:${n.severity}`)).toEqual(['firing:warning', 'firing:critical', 'resolved:critical']);
    status = await monitorStatus(db, m.clock.now());
    expect(status.alerts).toEqual([]);
    expect(status.history.map((h) => h.event)).toEqual(['notified', 'resolved', 'notified', 'escalated', 'notified', 'firing', 'pending']);
    expect(status.history[0]!.summary).toBe('resolved notice: delivered 1 of 1');
  });

  it('the state is in the database: a second node (another run with another notifier) continues it without sending again', async () => {
    const statfs: Statfs = async () => ({ bsize: 4096, blocks: 100, bavail: 1 });
    const check: NamedCheck = { name: 'disk', owns: (c) => c.startsWith('disk:'), run: () => checkDisks(['/data'], statfs) };
    const clock = fakeClock();
    const nodeA = monitor([check], clock);
    const nodeB = monitor([check], clock);
    await nodeA.run();
    clock.advance(2 * MINUTE);
    await nodeB.run();
    clock.advance(MINUTE);
    await nodeA.run();
    await nodeB.run();
    expect([...nodeA.notifier.notices, ...nodeB.notifier.notices].map((n) => `${n.rule}:${n.state}`)).toEqual(['disk_free:firing']);
    expect(nodeB.notifier.notices).toHaveLength(1);
  });

  it('a silence suppresses the notice but the alert is shown as silenced; after it ends the notice goes out', async () => {
    const statfs: Statfs = async () => ({ bsize: 4096, blocks: 100, bavail: 1 });
    const m = monitor([{ name: 'disk', owns: (c) => c.startsWith('disk:'), run: () => checkDisks(['/data'], statfs) }]);
    await insertSilence(db.owner, { rule: 'disk_free', component: 'disk:*', startsAt: m.clock.now(), endsAt: new Date(m.clock.now().getTime() + 60 * MINUTE), comment: 'new disk on order', createdBy: 'ops' });
    await m.run();
    m.clock.advance(2 * MINUTE);
    await m.run();
    expect(m.notifier.notices).toEqual([]);
    const status = await monitorStatus(db, m.clock.now());
    expect(status.alerts).toMatchObject([{ rule: 'disk_free', state: 'firing', severity: 'critical', silenced: true }]);
    expect(status.silences).toMatchObject([{ rule: 'disk_free', component: 'disk:*', comment: 'new disk on order', createdBy: 'ops' }]);
    m.clock.advance(60 * MINUTE);
    await m.run();
    expect(m.notifier.notices).toMatchObject([{ rule: 'disk_free', state: 'firing', severity: 'critical' }]);
  });

  it('the disk check covers DATA_DIR and each local storage location: a full location disk is critical there only', async () => {
    const config = testConfig({ DATA_DIR: '/var/lib/lectern', LECTERN_STORAGE: 'local:/srv/blobs-a,local:/mnt/blobs-b' });
    const statfs: Statfs = async (p) => ({ bsize: 4096, blocks: 1000, bavail: p === '/mnt/blobs-b' ? 20 : 600 });
    const disk = monitorChecks({ db, config, statfs }).find((c) => c.name === 'disk')!;
    const m = monitor([disk]);
    await m.run();
    m.clock.advance(2 * MINUTE);
    await m.run();
    expect(m.notifier.notices).toMatchObject([{ rule: 'disk_free', component: 'disk:/mnt/blobs-b', severity: 'critical', value: 2 }]);
    const status = await monitorStatus(db, m.clock.now());
    expect(status.components.map((c) => `${c.component}:${c.status}`)).toEqual(['disk:/mnt/blobs-b:critical', 'disk:/srv/blobs-a:ok', 'disk:/var/lib/lectern:ok']);
  });

  it('certificates: warning 21 days before they expire, critical 7 days before', async () => {
    const certificate = (days: number) => {
      const file = path.join(dir, `cert-${days}.pem`);
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', String(days), '-subj', '/CN=lectern.test', '-keyout', path.join(dir, `key-${days}.pem`), '-out', file], { stdio: 'ignore' });
      return file;
    };
    const files = [{ which: 'app', file: certificate(90) }, { which: 'content', file: certificate(15) }, { which: 'old', file: certificate(3) }];
    const m = monitor([{ name: 'certificate', owns: (c) => c.startsWith('certificate:'), run: () => checkCertificates(files) }], fakeClock(new Date()));
    await m.run();
    expect(m.notifier.notices.map((n) => `${n.component}:${n.severity}`).sort()).toEqual(['certificate:content:warning', 'certificate:old:critical']);
    expect(m.notifier.notices.find((n) => n.component === 'certificate:old')!.summary).toMatch(/^Certificate valid for 2\.\d days on certificate:old \(warning below 21 days, critical below 7 days\)/);
    const broken = await checkCertificates([{ which: 'app', file: path.join(dir, 'missing.pem') }]);
    expect(broken).toMatchObject([{ component: 'certificate:app', status: 'unknown', values: {} }]);
  });

  it('a check that fails keeps its alerts as they were instead of resolving them', async () => {
    let broken = false;
    const statfs: Statfs = async () => ({ bsize: 4096, blocks: 100, bavail: 1 });
    const m = monitor([
      {
        name: 'disk',
        owns: (c) => c.startsWith('disk:'),
        run: async () => {
          if (broken) throw new Error('statfs went away');
          return checkDisks(['/data'], statfs);
        },
      },
    ]);
    await m.run();
    m.clock.advance(2 * MINUTE);
    await m.run();
    broken = true;
    m.clock.advance(MINUTE);
    await m.run();
    const status = await monitorStatus(db, m.clock.now());
    expect(status.alerts).toMatchObject([{ rule: 'disk_free', state: 'firing' }]);
    expect(status.components.map((c) => `${c.component}:${c.status}`)).toEqual(['disk:/data:critical', 'monitor:disk:unknown']);
    expect(m.notifier.notices.map((n) => n.state)).toEqual(['firing']);
  });

  describe('storage locations', () => {
    let store: ReplicatedBlobStore;
    let faulty: FaultyLocation;
    let tenantId: string;

    beforeAll(async () => {
      const good = await LocalLocation.open(path.join(dir, 'a'));
      faulty = new FaultyLocation(await LocalLocation.open(path.join(dir, 'b')));
      store = new ReplicatedBlobStore({ db, codec: new SealedCodec(new TenantDataKeys(db, new SecretBox(randomBytes(32)))), locations: [good, faulty], writeQuorum: 1, spoolDir: path.join(dir, 'spool') });
      tenantId = (await createTenantWithUser(db, 'monitored')).tenant.id;
    });
    afterAll(() => store.close());

    const storageCheck = (): NamedCheck => ({ name: 'storage', owns: (c) => c.startsWith('storage:'), run: (previous) => checkStorage(store, db, previous) });

    it('a location that is down fires storage_down (critical) after 2 minutes, and resolves when it is back', async () => {
      const m = monitor([storageCheck()]);
      const component = `storage:${faulty.name}`;
      await m.run();
      expect((await monitorStatus(db, m.clock.now())).components.map((c) => `${c.component}:${c.status}`)).toEqual([`storage:${store.locations[0]!.name}:ok`, `${component}:ok`]);
      faulty.down = true;
      try {
        await m.run();
        m.clock.advance(2 * MINUTE);
        await m.run();
      } finally {
        faulty.down = false;
      }
      expect(m.notifier.notices).toMatchObject([{ rule: 'storage_down', component, state: 'firing', severity: 'critical' }]);
      expect(m.notifier.notices[0]!.summary).toMatch(/ECONNREFUSED/);
      m.clock.advance(MINUTE);
      await m.run();
      expect(m.notifier.notices.map((n) => `${n.rule}:${n.state}`)).toEqual(['storage_down:firing', 'storage_down:resolved']);
    });

    it('a replica answering with wrong bytes fires storage_damaged (warning) at that location only, until the copy is good again', async () => {
      const ref = await store.put(tenantId, randomBytes(50_000));
      const file = path.join(dir, 'b', blobKey(tenantId, ref.hash));
      const good = await readFile(file);
      const bad = Buffer.from(good);
      bad[200] = bad[200]! ^ 0xff;
      await writeFile(file, bad);
      const m = monitor([storageCheck()]);
      await m.run();
      expect(m.notifier.notices).toMatchObject([{ rule: 'storage_damaged', component: `storage:${faulty.name}`, state: 'firing', severity: 'warning', value: 1 }]);
      expect(m.notifier.notices[0]!.summary).toMatch(/answered with wrong bytes/);
      const status = await monitorStatus(db, m.clock.now());
      expect(status.components.find((c) => c.component === `storage:${store.locations[0]!.name}`)).toMatchObject({ status: 'ok', values: { damaged: 0 } });
      // More blobs arrive: the damaged one is no longer among the newest, but it is looked at again until it is good.
      for (let i = 0; i < 4; i++) await store.put(tenantId, randomBytes(1000));
      m.clock.advance(MINUTE);
      await m.run();
      expect(m.notifier.notices).toHaveLength(1);
      await writeFile(file, good);
      m.clock.advance(MINUTE);
      await m.run();
      expect(m.notifier.notices.map((n) => `${n.rule}:${n.state}`)).toEqual(['storage_damaged:firing', 'storage_damaged:resolved']);
    });
  });

  describe('SMTP', () => {
    it('a server with STARTTLS is ok; one without is critical (smtp_no_starttls) at once; one that does not answer is smtp_unreachable', async () => {
      const withTls = await startTestSmtpServer();
      const withoutTls = await startTestSmtpServer({ starttls: false });
      try {
        const mail = (url: string) => ({ smtpUrl: url, from: 'ops@example.test', tlsRejectUnauthorized: false });
        expect(await checkSmtp(mail(withTls.url))).toMatchObject({ component: 'smtp', status: 'ok', values: { up: 1, starttls: 1 } });
        const plain = await checkSmtp(mail(withoutTls.url));
        expect(plain).toMatchObject({ status: 'critical', values: { up: 1, starttls: 0 } });
        expect(plain.message).toMatch(/does not offer STARTTLS/);

        let url = withoutTls.url;
        const m = monitor([{ name: 'smtp', owns: (c) => c === 'smtp', run: async () => [await checkSmtp(mail(url))] }]);
        await m.run();
        expect(m.notifier.notices).toMatchObject([{ rule: 'smtp_no_starttls', component: 'smtp', state: 'firing', severity: 'critical' }]);
        url = withTls.url;
        await m.run();
        expect(m.notifier.notices.map((n) => `${n.rule}:${n.state}`)).toEqual(['smtp_no_starttls:firing', 'smtp_no_starttls:resolved']);
      } finally {
        await withTls.close();
        await withoutTls.close();
      }
      const gone = await checkSmtp({ smtpUrl: withTls.url, from: 'ops@example.test', tlsRejectUnauthorized: false });
      expect(gone).toMatchObject({ status: 'critical', values: { up: 0 } });
    });
  });

  it('a job queue backlog fires job_queue_oldest: warning past 5 minutes, critical past 30', async () => {
    await db.owner.execute(sql`delete from jobs`);
    const m = monitor([{ name: 'jobs', owns: (c) => c === 'jobs', run: async () => [await checkJobQueue(db)] }]);
    await insertJob(db.owner, { kind: 'test.slow', payload: {}, runAt: new Date(Date.now() - 10 * MINUTE), maxAttempts: 1 });
    await insertJob(db.owner, { kind: 'test.slow', payload: {}, runAt: new Date(Date.now() + 10 * MINUTE), maxAttempts: 1 });
    expect(await checkJobQueue(db)).toMatchObject({ values: { depth: 1, failed_last_hour: 0 } });
    await m.run();
    expect(m.notifier.notices).toMatchObject([{ rule: 'job_queue_oldest', component: 'jobs', severity: 'warning' }]);
    await db.owner.execute(sql`update jobs set run_at = now() - interval '45 minutes' where run_at < now()`);
    m.clock.advance(MINUTE);
    await m.run();
    expect(m.notifier.notices.map((n) => n.severity)).toEqual(['warning', 'critical']);
    await db.owner.execute(sql`update jobs set done_at = now()`);
    m.clock.advance(MINUTE);
    await m.run();
    expect(m.notifier.notices.map((n) => n.state)).toEqual(['firing', 'firing', 'resolved']);
  });

  it('backups: the age against 26 h / 50 h, and an unreachable repository', async () => {
    const clock = fakeClock();
    let latest: Awaited<ReturnType<LatestBackup>> = { at: new Date(clock.now().getTime() - 3 * 3_600_000), kind: 'pgbackrest full' };
    const check: NamedCheck = { name: 'backup', owns: (c) => c === 'backup', run: async () => [await checkBackup(async () => latest, clock.now)] };
    const m = monitor([check], clock);
    await m.run();
    expect(m.notifier.notices).toEqual([]);
    clock.advance(24 * 3_600_000); // 27 hours old
    await m.run();
    expect(m.notifier.notices).toMatchObject([{ rule: 'backup_age', severity: 'warning', value: 27 }]);
    clock.advance(24 * 3_600_000); // 51 hours
    await m.run();
    expect(m.notifier.notices.map((n) => `${n.rule}:${n.severity}`)).toEqual(['backup_age:warning', 'backup_age:critical']);

    latest = 'unreachable';
    await m.run();
    clock.advance(2 * MINUTE);
    await m.run();
    // The age is not known while the repository does not answer: that alert stays; the repository's fires.
    expect(m.notifier.notices.map((n) => `${n.rule}:${n.state}`)).toEqual(['backup_age:firing', 'backup_age:firing', 'backup_unreachable:firing']);
    const status = await monitorStatus(db, clock.now());
    expect(status.components).toMatchObject([{ component: 'backup', status: 'critical', message: 'the backup repository is unreachable' }]);

    latest = { at: clock.now(), kind: 'pgbackrest incr' };
    clock.advance(MINUTE);
    await m.run();
    expect(m.notifier.notices.slice(3).map((n) => `${n.rule}:${n.state}`).sort()).toEqual(['backup_age:resolved', 'backup_unreachable:resolved']);
  });

  it('the standby check reports no component when there is no standby (PostgreSQL without one; the embedded database has none)', async () => {
    expect(await checkStandbys(db)).toEqual([]);
  });

  it('the application role cannot read the monitor’s tables', async () => {
    const tenant = (await createTenantWithUser(db, 'nosy')).tenant;
    for (const table of ['monitor_alerts', 'monitor_components', 'monitor_history', 'monitor_silences']) {
      expect(await databaseError(db.withTenant(tenant.id, (tx) => tx.execute(sql.raw(`select * from ${table}`)))), table).toMatch(/permission denied/);
    }
  });
});

describe(`the database watchdog (${engine})`, () => {
  it('alerts from the node itself when the database does not answer, once, and resolves when it answers again', async () => {
    // A server that is not there: the node's connection fails as it does when the database host is down.
    const down = await openDatabase({ kind: 'postgres', url: 'postgres://lectern@127.0.0.1:1/lectern?connect_timeout=2' });
    const up = await createTestDb();
    let reachable = false;
    // The node's database as the watchdog sees it: first the one that is down, then the one that answers.
    const db = { get kind() { return (reachable ? up : down).kind; }, get owner() { return (reachable ? up : down).owner; } } as unknown as Db;
    const notifier = recordingNotifier();
    const clock = fakeClock();
    const config = { ...defaultMonitorConfig(), intervalMs: 1000 };
    try {
      const watchdog = startDatabaseWatchdog({ db, config, notifier, now: clock.now, timer: false, node: 'node-a' });
      await watchdog.tick();
      expect(watchdog.alerts()).toMatchObject([{ rule: 'database_unreachable', state: 'pending', severity: 'critical' }]);
      clock.advance(30_000);
      await watchdog.tick();
      clock.advance(30_000);
      await watchdog.tick();
      expect(notifier.notices).toMatchObject([{ rule: 'database_unreachable', component: 'database', state: 'firing', severity: 'critical' }]);
      expect(notifier.notices[0]!.summary).toMatch(/seen from node-a/);

      reachable = true;
      clock.advance(30_000);
      await watchdog.tick();
      expect(watchdog.alerts()).toEqual([]);
      expect(notifier.notices.map((n) => n.state)).toEqual(['firing', 'resolved']);
      // What happened while the database was down is in its history once it answers.
      const status = await monitorStatus(up, clock.now());
      expect(status.history.map((h) => h.event)).toEqual(['notified', 'resolved', 'firing', 'pending']);

      // The database answers, but no round ran for 20 minutes (no node runs the job queue): every node's watchdog says so.
      await up.owner.insert(monitorComponents).values({ component: 'jobs', status: 'ok', values: {}, message: '', checkedAt: new Date(clock.now().getTime() - 20 * MINUTE) });
      await watchdog.tick();
      expect(notifier.notices.slice(2)).toMatchObject([{ rule: 'monitor_stale', component: 'monitor', state: 'firing', severity: 'critical', value: 1200 }]);
      await up.owner.update(monitorComponents).set({ checkedAt: clock.now() });
      clock.advance(30_000);
      await watchdog.tick();
      expect(notifier.notices.map((n) => `${n.rule}:${n.state}`)).toEqual(['database_unreachable:firing', 'database_unreachable:resolved', 'monitor_stale:firing', 'monitor_stale:resolved']);
    } finally {
      await down.close();
      await up.close();
    }
  });
});

describe('peers outside Lectern', () => {
  it('are asked at most once per interval; a failure is asked again at the next round', async () => {
    let calls = 0;
    let failing = true;
    const run = atMostEvery(60_000, async () => {
      calls++;
      if (failing) throw new Error('no answer');
      return [{ component: 'smtp', status: 'ok' as const, values: { up: 1 }, message: '' }];
    });
    await expect(run(new Map())).rejects.toThrow('no answer');
    failing = false;
    await run(new Map());
    expect(await run(new Map())).toMatchObject([{ component: 'smtp' }]);
    expect(calls).toBe(2);
  });
});

describe('the monitor file', () => {
  it('changes shipped rules by name, adds new ones, and names the key of each mistake', async () => {
    const dir = await mkdtemp(path.join(process.env.TEST_SCRATCH_DIR ?? tmpdir(), 'lectern-monitor-file-'));
    const file = path.join(dir, 'monitor.json');
    try {
      await writeFile(
        file,
        JSON.stringify({
          intervalSeconds: 60,
          repeatInterval: '2h',
          rules: [
            { name: 'disk_free', warning: 20, critical: 10, for: '5m' },
            { name: 'storage_scrub_unhealthy', enabled: false },
            { name: 'srv_disk', component: 'disk:/srv', metric: 'free_percent', when: 'below', critical: 2, for: '1m' },
          ],
          notify: {
            channels: { mail: { type: 'email', smtpUrl: 'smtp://127.0.0.1:2525', from: 'monitor@example.test' } },
            people: { ada: { email: 'ada@example.test' } },
            rota: [{ people: ['ada'], channels: ['mail'] }],
          },
        }),
      );
      const config = testConfig({ LECTERN_MONITOR_FILE: file }).monitor;
      expect(config.intervalMs).toBe(60_000);
      expect(config.repeatMs).toBe(2 * 3_600_000);
      expect(config.rules.find((r) => r.name === 'disk_free')).toMatchObject({ warning: 20, critical: 10, forMs: 5 * MINUTE, metric: 'free_percent' });
      expect(config.rules.find((r) => r.name === 'storage_scrub_unhealthy')).toMatchObject({ enabled: false });
      expect(config.rules.find((r) => r.name === 'srv_disk')).toMatchObject({ component: 'disk:/srv', critical: 2, forMs: MINUTE });
      expect(config.notify).toMatchObject({ people: { ada: { email: 'ada@example.test' } }, rota: [{ people: ['ada'], channels: ['mail'], severities: ['warning', 'critical'] }] });

      const bad = async (content: unknown, message: RegExp) => {
        await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
        expect(() => testConfig({ LECTERN_MONITOR_FILE: file })).toThrow(message);
      };
      await bad({ rules: [{ name: 'disk_free', for: 'soon' }] }, /LECTERN_MONITOR_FILE=.*rules\[0\]\.for: expected a duration/);
      await bad({ rules: [{ name: 'disk_free', warning: 'ten' }] }, /rules\[0\]\.warning/);
      await bad({ intervalSeconds: 1 }, /intervalSeconds/);
      await bad({ rules: [{ name: 'my_rule', warning: 3 }] }, /rules\[0\] \(my_rule\): a new rule needs component, metric and when/);
      await bad({ rules: [{ name: 'disk_free', warning: 5, critical: 15 }] }, /rules\[0\] \(disk_free\): the critical threshold 15 must be at or below the warning threshold 5/);
      await bad({ rule: [] }, /rule/);
      await bad({ notify: { channels: {}, people: {}, rota: [{ people: ['bob'], channels: ['mail'] }] } }, /notify\.rota\[0\]\.people\[0\]: no person "bob" in people/);
      await bad('{ not json', /LECTERN_MONITOR_FILE=.*not valid JSON/);
      expect(() => testConfig({ LECTERN_MONITOR_FILE: path.join(dir, 'missing.json') })).toThrow(/LECTERN_MONITOR_FILE=.*cannot be read \(ENOENT\)/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});


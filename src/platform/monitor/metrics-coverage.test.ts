import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import { backupLastSuccess } from './backup.metrics.js';

/** Every sample of `name` whose labels include `labels`, as [labels, value]. */
function samples(text: string, name: string, labels: Record<string, string> = {}): { labels: Record<string, string>; value: number }[] {
  const found: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (Object.entries(labels).every(([key, value]) => own[key] === value)) found.push({ labels: own, value: Number(match[3]) });
  }
  return found;
}

function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples(text, name, labels);
  expect(found.length, `${name} ${JSON.stringify(labels)}: at most one sample`).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

const UUID = '3f2a9c4e-8b1d-4e6f-9a7c-2d5e8f1b3c6a';
const OVER_TLS = { 'x-forwarded-proto': 'https' };

describe(`what /metrics covers (${engine})`, () => {
  let ctx: TestContext;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;
  let certDir: string;
  let appNotAfter: Date;

  beforeAll(async () => {
    // Certificates for both listeners, expiring on known dates.
    certDir = mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'metrics-certs-'));
    appNotAfter = new Date(Date.now() + 30 * 86_400_000);
    appNotAfter.setMilliseconds(0);
    const contentNotAfter = new Date(Date.now() + 5 * 86_400_000);
    contentNotAfter.setMilliseconds(0);
    for (const [name, notAfterDate] of [
      ['app', appNotAfter],
      ['content', contentNotAfter],
    ] as const) {
      const pems = await generate([{ name: 'commonName', value: `${name}.localhost` }], { keySize: 2048, algorithm: 'sha256', notAfterDate });
      writeFileSync(path.join(certDir, `${name}.crt`), pems.cert);
      writeFileSync(path.join(certDir, `${name}.key`), pems.private);
    }
    mkdirSync(path.join(certDir, 'blobs'));
    ctx = await createTestApp({
      env: {
        LECTERN_TLS_CERT: path.join(certDir, 'app.crt'),
        LECTERN_TLS_KEY: path.join(certDir, 'app.key'),
        LECTERN_CONTENT_TLS_CERT: path.join(certDir, 'content.crt'),
        LECTERN_CONTENT_TLS_KEY: path.join(certDir, 'content.key'),
        DATA_DIR: certDir,
        LECTERN_STORAGE: `local:${path.join(certDir, 'blobs')}`,
        // With a certificate, plain-HTTP requests to the API are redirected: these arrive as from a TLS-terminating proxy.
        LECTERN_TRUST_PROXY: '127.0.0.1',
      },
    });
    site = await createTenantWithUser(ctx.db, 'covered');
    // A job due two minutes ago that no worker claims (test apps run none), before the first scrape reads the queue.
    await ctx.db.owner.execute(sql`insert into jobs (kind, payload, run_at) values ('metrics.test_due', '{}'::jsonb, now() - interval '120 seconds')`);
    await ctx.db.owner.execute(sql`insert into jobs (kind, payload, run_at) values ('metrics.test_due', '{}'::jsonb, now() + interval '1 hour')`);
  });
  afterAll(() => ctx.close());

  const scrape = async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { host: 'monitor.internal' } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('shows the job queue: waiting, scheduled and the age of the oldest due job, read at most every few seconds', async () => {
    const first = await scrape();
    expect(value(first, 'lectern_jobs_waiting', { kind: 'metrics.test_due' })).toBe(1);
    expect(value(first, 'lectern_jobs_scheduled', { kind: 'metrics.test_due' })).toBe(1);
    expect(value(first, 'lectern_jobs_running', { kind: 'metrics.test_due' })).toBe(0);
    const age = value(first, 'lectern_jobs_oldest_waiting_age_seconds', { kind: 'metrics.test_due' })!;
    expect(age).toBeGreaterThanOrEqual(120);
    expect(age).toBeLessThan(300);
    expect(first).toContain('# TYPE lectern_jobs_failed gauge');

    // A second due job right away is not seen yet: a scrape storm costs the database one query per interval.
    await ctx.db.owner.execute(sql`insert into jobs (kind, payload, run_at) values ('metrics.test_due', '{}'::jsonb, now())`);
    expect(value(await scrape(), 'lectern_jobs_waiting', { kind: 'metrics.test_due' })).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    expect(value(await scrape(), 'lectern_jobs_waiting', { kind: 'metrics.test_due' })).toBe(2);
  });

  it('times requests per route pattern, method and status class; never under a raw address with ids', async () => {
    const route = { origin: 'app', route: '/api/users/:id', method: 'GET', status_class: '4xx' };
    const before = await scrape();
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/users/${UUID}`, headers: { host: site.host, ...OVER_TLS } });
      expect(res.statusCode).toBe(401);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz', headers: { host: site.host, ...OVER_TLS } })).statusCode).toBe(200);
    // GET of an unknown path is the web app's route (`/*`); other methods match no route.
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/no-such-thing/${UUID}`, headers: { host: site.host, ...OVER_TLS } })).statusCode).toBe(404);
    expect((await ctx.app.contentApp.inject({ method: 'GET', url: '/healthz', headers: { host: 'content.localhost' } })).statusCode).toBe(200);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) => (value(after, name, labels) ?? 0) - (value(before, name, labels) ?? 0);
    expect(delta('lectern_http_request_duration_seconds_count', route)).toBe(3);
    expect(delta('lectern_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(3);
    expect(delta('lectern_http_errors_total', route)).toBe(3);
    expect(delta('lectern_http_request_duration_seconds_count', { origin: 'app', route: '/healthz', method: 'GET', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    // A 2xx answer is never an error (another file's 503 of /healthz may have left its series, zeroed, in this process).
    expect(value(after, 'lectern_http_errors_total', { route: '/healthz', status_class: '2xx' })).toBeUndefined();
    expect(delta('lectern_http_request_duration_seconds_count', { origin: 'app', route: '(unmatched)', method: 'PATCH', status_class: '4xx' })).toBe(1);
    expect(delta('lectern_http_request_duration_seconds_count', { origin: 'content', route: '/healthz', method: 'GET', status_class: '2xx' })).toBe(1);
    expect(after).not.toContain(UUID);
    // The buckets are cumulative and the sum is a time in seconds.
    const buckets = samples(after, 'lectern_http_request_duration_seconds_bucket', route).map((s) => s.value);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(value(after, 'lectern_http_request_duration_seconds_sum', route)).toBeLessThan(60);
  });

  it('times database statements and shows the connection pool', async () => {
    const before = value(await scrape(), 'lectern_db_query_duration_seconds_count') ?? 0;
    await queryRows(ctx.db.owner, sql`select 1`);
    await ctx.db.withTenant(site.tenant.id, (tx) => queryRows(tx, sql`select 2`));
    const text = await scrape();
    // The two statements, the transaction's own (begin, settings, commit) and the scrape's reads.
    expect(value(text, 'lectern_db_query_duration_seconds_count')! - before).toBeGreaterThanOrEqual(2);
    expect(value(text, 'lectern_db_query_duration_seconds_bucket', { le: '+Inf' })).toBe(value(text, 'lectern_db_query_duration_seconds_count'));
    const pool = { engine };
    if (engine === 'pglite') {
      expect(value(text, 'lectern_db_pool_max_connections', pool)).toBe(1);
      expect(value(text, 'lectern_db_pool_connections', pool)).toBe(1);
    } else {
      // The owner's pool and the application role's (the test databases log in as it, DATABASE_APP_PASSWORD), five each.
      expect(value(text, 'lectern_db_pool_max_connections', pool)).toBe(10);
      expect(value(text, 'lectern_db_pool_connections', pool)).toBeGreaterThanOrEqual(1);
      expect(value(text, 'lectern_db_pool_idle_connections', pool)).toBeGreaterThanOrEqual(0);
    }
    expect(value(text, 'lectern_db_pool_waiting_requests', pool)).toBe(0);
  });

  it('shows free disk of DATA_DIR and the storage location, and the expiry of both certificates', async () => {
    const text = await scrape();
    const data = { use: 'data', path: certDir };
    expect(value(text, 'lectern_disk_free_bytes', data)).toBeGreaterThan(0);
    expect(value(text, 'lectern_disk_size_bytes', data)).toBeGreaterThanOrEqual(value(text, 'lectern_disk_free_bytes', data)!);
    const ratio = value(text, 'lectern_disk_free_ratio', data)!;
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(1);
    expect(value(text, 'lectern_disk_free_bytes', { use: 'storage', path: path.join(certDir, 'blobs') })).toBeGreaterThan(0);

    const app = value(text, 'lectern_tls_certificate_expiry_seconds', { listener: 'app', file: path.join(certDir, 'app.crt') })!;
    expect(Math.abs(app - 30 * 86_400)).toBeLessThan(120);
    const content = value(text, 'lectern_tls_certificate_expiry_seconds', { listener: 'content', file: path.join(certDir, 'content.crt') })!;
    expect(Math.abs(content - 5 * 86_400)).toBeLessThan(120);
    expect(value(text, 'lectern_tls_certificate_not_after_timestamp_seconds', { listener: 'app' })).toBe(appNotAfter.getTime() / 1000);
  });

  it('shows the backup age once a backup reported it', async () => {
    expect(samples(await scrape(), 'lectern_backup_last_success_timestamp_seconds')).toHaveLength(0);
    backupLastSuccess.set({ kind: 'embedded_snapshot' }, 1_765_000_000);
    expect(value(await scrape(), 'lectern_backup_last_success_timestamp_seconds', { kind: 'embedded_snapshot' })).toBe(1_765_000_000);
    backupLastSuccess.reset();
  });

  it('reads replication and WAL archiving from PostgreSQL when there is something to show, and nothing on PGlite', async () => {
    const text = await scrape();
    if (engine === 'pglite') {
      expect(text).not.toContain('lectern_pg_');
      return;
    }
    const [archiver] = await queryRows<{ mode: string }>(ctx.db.owner, sql`select current_setting('archive_mode') as mode`);
    expect(samples(text, 'lectern_pg_wal_archive_failed_count')).toHaveLength(archiver!.mode === 'off' ? 0 : 1);
    const [{ standbys } = { standbys: 0 }] = await queryRows<{ standbys: number }>(ctx.db.owner, sql`select count(*)::int as standbys from pg_stat_replication`);
    expect(samples(text, 'lectern_pg_replication_lag_bytes').length).toBeLessThanOrEqual(standbys);
    expect(text).toContain('# TYPE lectern_pg_replication_lag_bytes gauge');
  });
});

describe(`LECTERN_METRICS=false (${engine})`, () => {
  it('leaves requests untimed; the rest of /metrics stays', async () => {
    const ctx = await createTestApp({ env: { LECTERN_METRICS: 'false' } });
    try {
      const count = async () => {
        const res = await ctx.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { host: 'monitor.internal' } });
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('lectern_jobs_');
        return samples(res.body, 'lectern_http_request_duration_seconds_count', { route: '/healthz' }).reduce((n, s) => n + s.value, 0);
      };
      const before = await count();
      await ctx.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'monitor.internal' } });
      expect(await count()).toBe(before);
    } finally {
      await ctx.close();
    }
  });
});

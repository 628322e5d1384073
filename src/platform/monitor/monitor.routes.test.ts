import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import type { AlertNotice } from './alert-notice.js';
import { checkDisks } from './checks/disk.js';
import { defaultMonitorConfig } from './monitor-config.js';
import { runMonitor } from './monitor-run.js';
import { insertSilence } from './monitor.repository.js';

const TOKEN = 'a-scrape-token-of-at-least-32-characters';

describe(`GET /api/operator/monitor (${engine})`, () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_METRICS_ALLOW: '127.0.0.1, 10.0.0.0/8', LECTERN_METRICS_TOKEN: TOKEN } });
    // One full disk and one silenced alert, as a monitor round leaves them.
    const notices: AlertNotice[] = [];
    const statfs = async (p: string) => ({ bsize: 4096, blocks: 100, bavail: p === '/full' ? 2 : 3 });
    const checks = [{ name: 'disk', owns: (c: string) => c.startsWith('disk:'), run: () => checkDisks(['/full', '/known'], statfs) }];
    const notifier = async (notice: AlertNotice) => {
      notices.push(notice);
      return [];
    };
    await insertSilence(ctx.db.owner, { rule: 'disk_free', component: 'disk:/known', startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000), comment: 'known', createdBy: 'ops' });
    await runMonitor({ db: ctx.db, config: { ...defaultMonitorConfig(), rules: defaultMonitorConfig().rules.map((r) => ({ ...r, forMs: 0 })) }, checks, notifier });
    expect(notices.map((n) => n.component)).toEqual(['disk:/full']);
  });
  afterAll(() => ctx.close());

  const get = (remoteAddress: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'GET', url: '/api/operator/monitor', remoteAddress, headers: { host: 'monitor.internal', ...headers } });

  it('answers the monitoring addresses with components, alerts (firing, silenced), silences and history', async () => {
    const res = await get('10.1.2.3');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.components).toMatchObject([
      { component: 'disk:/full', status: 'critical', values: { free_percent: 2 } },
      { component: 'disk:/known', status: 'critical', values: { free_percent: 3 } },
    ]);
    expect(body.alerts).toMatchObject([
      { alertKey: 'disk_free/disk:/full', state: 'firing', severity: 'critical', silenced: false },
      { alertKey: 'disk_free/disk:/known', state: 'firing', severity: 'critical', silenced: true },
    ]);
    expect(body.silences).toMatchObject([{ rule: 'disk_free', component: 'disk:/known', comment: 'known' }]);
    expect(body.history.length).toBeGreaterThan(0);
  });

  it('admits the scrape token from any address; others get the 404 of a route that does not exist', async () => {
    expect((await get('203.0.113.9', { authorization: `Bearer ${TOKEN}` })).statusCode).toBe(200);
    for (const res of [await get('203.0.113.9'), await get('203.0.113.9', { authorization: 'Bearer wrong-token-wrong-token-wrong-token' }), await get('203.0.113.9', { 'x-forwarded-for': '127.0.0.1' })]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('HTTP_NOT_FOUND');
    }
  });

  it('shows the same as a page for operators, in German or English, with hostile text escaped; others get the 404', async () => {
    await insertSilence(ctx.db.owner, { rule: 'job_queue', component: 'jobs', startsAt: new Date(), endsAt: new Date(Date.now() + 60_000), comment: '<script>alert(1)</script>', createdBy: 'ops' });
    const page = (remoteAddress: string, language: string) =>
      ctx.app.inject({ method: 'GET', url: '/operator/status', remoteAddress, headers: { host: 'monitor.internal', 'accept-language': language } });
    const german = await page('10.1.2.3', 'de-DE,de;q=0.9');
    expect(german.statusCode).toBe(200);
    expect(german.headers['content-type']).toContain('text/html');
    expect(german.body).toContain('<html lang="de">');
    expect(german.body).toContain('<h1>Plattformstatus</h1>');
    expect(german.body).toContain('<th scope="row">disk:/full</th><td>ausgelöst</td><td>kritisch</td>');
    expect(german.body).toContain('<th scope="row">disk:/known</th><td>stummgeschaltet</td>');
    expect(german.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(german.body).not.toContain('<script>');
    const english = await page('10.1.2.3', 'en');
    expect(english.body).toContain('<h1>Platform status</h1>');
    expect(english.body).toContain('<th scope="row">disk:/full</th><td>firing</td><td>critical</td>');
    const stranger = await page('203.0.113.9', 'en');
    expect(stranger.statusCode).toBe(404);
    expect(stranger.body).not.toContain('disk:/full');
  });

  it('the gauges lectern_monitor_check_status and lectern_alerts_firing read the same state', async () => {
    const metrics = await ctx.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { host: 'monitor.internal' } });
    expect(metrics.body).toContain('lectern_monitor_check_status{component="disk:/full"} 2');
    expect(metrics.body).toContain('lectern_monitor_check_status{component="disk:/known"} 2');
    expect(metrics.body).toContain('lectern_alerts_firing{severity="critical"} 2');
    expect(metrics.body).toContain('lectern_alerts_firing{severity="warning"} 0');
    await ctx.db.owner.execute(sql`update monitor_alerts set severity = 'warning' where component = 'disk:/known'`);
    const after = await ctx.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { host: 'monitor.internal' } });
    expect(after.body).toContain('lectern_alerts_firing{severity="warning"} 1');
  });
});

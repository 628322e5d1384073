import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentTo, startTestSmtpServer, type TestSmtpServer } from '../../../../test/smtp-server.js';
import { metricsRegistry } from '../metrics.js';
import { createNotifier, NotifyConfigError } from './index.js';
import { notifyConfigSchema, type NotifyConfigInput, type TimeWindowInput } from './notify-config.js';
import { notice, recordingLogger, startSmsGateway } from './notify.test-support.js';

// Real peers: an SMTP server with STARTTLS, one without, and a local HTTP endpoint as the SMS gateway.
let smtp: TestSmtpServer;
let plainSmtp: TestSmtpServer;
let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
let secrets: string;

beforeAll(async () => {
  [smtp, plainSmtp, gateway] = await Promise.all([startTestSmtpServer(), startTestSmtpServer({ starttls: false }), startSmsGateway()]);
  secrets = await mkdtemp(join(tmpdir(), 'lectern-notify-'));
  await writeFile(join(secrets, 'sms-token'), 'gw-token-123\n');
});
afterAll(async () => {
  await Promise.all([smtp?.close(), plainSmtp?.close(), gateway?.close()]);
});

const officeHours: TimeWindowInput = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00', timezone: 'Europe/Berlin' };

function config(overrides: { smtpUrl?: string; sms?: Record<string, unknown> } = {}) {
  return notifyConfigSchema.parse({
    channels: {
      mail: { type: 'email', ...(overrides.smtpUrl ? { smtpUrl: overrides.smtpUrl } : {}) },
      sms: {
        type: 'sms',
        url: `${gateway.url}/api/sms`,
        bodyTemplate: '{"recipient":"{{to}}","message":"{{text}}","sender":"Lectern"}',
        auth: { type: 'bearer', tokenFile: join(secrets, 'sms-token') },
        headers: { 'x-account': 'ops' },
        timeoutMs: 1_000,
        ...overrides.sms,
      },
    },
    people: { ops: { email: 'ops@example.com', phone: '+4915112345678' }, lead: { email: 'lead@example.com' } },
    rota: [
      { people: ['ops', 'lead'], channels: ['mail'] },
      { people: ['ops'], outside: officeHours, severities: ['critical'], channels: ['sms'] },
    ],
  } satisfies NotifyConfigInput);
}

const reparse = (input: unknown) => notifyConfigSchema.parse(input);

const appMail = () => ({ smtpUrl: smtp.url, from: 'Lectern <monitor@lectern.test>', tlsRejectUnauthorized: false });

describe('alerts by e-mail and SMS', () => {
  it('mails an alert over STARTTLS (the app SMTP settings by default) and texts the on-call person out of hours', async () => {
    const before = gateway.requests.length;
    const notify = createNotifier(config(), { mail: appMail() });
    const results = await notify(notice({ summary: 'Free disk "4.2%" on /var\nsee the runbook' }));

    expect(results).toEqual([
      { channel: 'email', recipient: 'ops@example.com', ok: true },
      { channel: 'sms', recipient: '+4915112345678', ok: true },
      { channel: 'email', recipient: 'lead@example.com', ok: true },
    ]);
    const mail = await smtp.waitForMail(sentTo('ops@example.com'));
    expect(mail.secure).toBe(true);
    expect(mail.subject).toBe('[CRITICAL] disk_free on disk:/var/lib/lectern');
    expect(mail.from).toContain('monitor@lectern.test');
    expect(mail.text).toContain('Free disk "4.2%" on /var');
    expect(mail.text).toContain('Component: disk:/var/lib/lectern');
    await smtp.waitForMail(sentTo('lead@example.com'));

    const [sms] = gateway.requests.slice(before);
    expect(sms?.method).toBe('POST');
    expect(sms?.url).toBe('/api/sms');
    expect(sms?.headers.authorization).toBe('Bearer gw-token-123');
    expect(sms?.headers['x-account']).toBe('ops');
    expect(sms?.headers['content-type']).toBe('application/json');
    // The template's placeholders were filled JSON-escaped: quotes and the line break survive intact.
    expect(JSON.parse(sms!.body)).toEqual({
      recipient: '+4915112345678',
      message: '[CRITICAL] disk_free on disk:/var/lib/lectern: Free disk "4.2%" on /var\nsee the runbook',
      sender: 'Lectern',
    });
  });

  it('sends a warning out of hours by e-mail only, and its resolution to the same people and channels', async () => {
    const before = gateway.requests.length;
    const notify = createNotifier(config(), { mail: appMail() });
    const warning = notice({ alertKey: 'backup_age:database', rule: 'backup_age', component: 'database', severity: 'warning', summary: 'Last backup 30 h ago' });
    expect((await notify(warning)).map((r) => r.channel)).toEqual(['email', 'email']);
    const resolved = await notify({ ...warning, state: 'resolved', at: new Date('2026-07-15T21:00:00Z') });
    expect(resolved).toEqual([
      { channel: 'email', recipient: 'ops@example.com', ok: true },
      { channel: 'email', recipient: 'lead@example.com', ok: true },
    ]);
    const mail = await smtp.waitForMail((m) => m.subject === '[RESOLVED] backup_age on database' && sentTo('ops@example.com')(m));
    expect(mail.text).toContain('Resolved:  2026-07-15T21:00:00Z');
    expect(gateway.requests.length).toBe(before);
  });

  it('after a restart, sends a resolved notice to whom the rota picked when the alert started firing', async () => {
    const before = gateway.requests.length;
    const fresh = createNotifier(config(), { mail: appMail() });
    // Fired critical on Wednesday night (SMS then), resolved next morning in office hours.
    const results = await fresh(
      notice({ alertKey: 'restart:resolved', state: 'resolved', since: new Date('2026-07-15T22:00:00Z'), at: new Date('2026-07-16T08:00:00Z') }),
    );
    expect(results).toEqual([
      { channel: 'email', recipient: 'ops@example.com', ok: true },
      { channel: 'sms', recipient: '+4915112345678', ok: true },
      { channel: 'email', recipient: 'lead@example.com', ok: true },
    ]);
    expect(JSON.parse(gateway.requests[before]!.body)).toMatchObject({ message: expect.stringMatching(/^\[RESOLVED\] disk_free on disk:\/var\/lib\/lectern: /) });
  });

  it('counts deliveries by channel and outcome on /metrics', async () => {
    const count = async (channel: string, outcome: string) =>
      (await metricsRegistry.getSingleMetric('lectern_alert_deliveries_total')!.get()).values.find(
        (v) => v.labels.channel === channel && v.labels.outcome === outcome,
      )?.value ?? 0;
    const [delivered, failed] = [await count('email', 'delivered'), await count('email', 'failed')];
    const broken = createNotifier(config({ smtpUrl: plainSmtp.url }), { mail: appMail() });
    await broken(notice({ severity: 'warning', alertKey: 'metrics' }));
    expect(await count('email', 'failed')).toBe(failed + 2);
    expect(await count('email', 'delivered')).toBe(delivered);
  });

  it('refuses an SMTP server without STARTTLS (nothing sent in the clear) and alerts by SMS, saying why', async () => {
    const logger = recordingLogger();
    const before = gateway.requests.length;
    const notify = createNotifier(config({ smtpUrl: plainSmtp.url }), { mail: { ...appMail(), smtpUrl: plainSmtp.url }, logger });
    // A warning out of hours: the rota says e-mail only, so SMS is the fallback.
    const results = await notify(notice({ severity: 'warning' }));

    expect(results[0]).toMatchObject({ channel: 'email', recipient: 'ops@example.com', ok: false });
    expect(results[0]?.error).toMatch(/TLS|STARTTLS/i);
    expect(results[1]).toEqual({ channel: 'sms', recipient: '+4915112345678', ok: true });
    // lead has no other channel: the failure is reported, not hidden.
    expect(results[2]).toMatchObject({ channel: 'email', recipient: 'lead@example.com', ok: false });
    expect(plainSmtp.messages).toEqual([]);
    const sms = JSON.parse(gateway.requests[before]!.body) as { message: string };
    expect(sms.message).toMatch(/^\[WARNING\] disk_free on disk:\/var\/lib\/lectern: .* \/ e-mail delivery failed: .*TLS/);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      'alert delivery failed through e-mail',
      'alert delivery failed through e-mail',
    ]);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([expect.objectContaining({ object: { alertKey: 'disk_free:disk:/var/lib/lectern', person: 'lead' } })]);
  });

  it('gives up on an SMS gateway that does not answer within timeoutMs and falls back to e-mail', async () => {
    gateway.answer('hang');
    const logger = recordingLogger();
    try {
      // SMS first in the fallback order, so e-mail is the fallback for the (out-of-hours critical) SMS.
      const notify = createNotifier(reparse({ ...config(), fallbackOrder: ['sms', 'mail'], rota: [{ people: ['ops'], channels: ['sms'] }] }), { mail: appMail(), logger });
      const started = Date.now();
      const results = await notify(notice({ alertKey: 'db:timeout' }));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(results).toEqual([
        { channel: 'sms', recipient: '+4915112345678', ok: false, error: 'the SMS gateway did not answer within 1000 ms' },
        { channel: 'email', recipient: 'ops@example.com', ok: true },
      ]);
      const mail = await smtp.waitForMail((m) => m.text.includes('db:timeout'));
      expect(mail.text).toContain('SMS delivery failed: the SMS gateway did not answer within 1000 ms');
      // No secret in the logs: neither the token nor the gateway's address.
      expect(JSON.stringify(logger.lines)).not.toMatch(/gw-token-123|127\.0\.0\.1/);
    } finally {
      gateway.answer({ status: 202 });
    }
  });

  it('counts a 5xx from the gateway as a failure, and accepts only the configured statuses', async () => {
    gateway.answer({ status: 500 });
    try {
      const notify = createNotifier(reparse({ ...config(), rota: [{ people: ['ops'], channels: ['sms'] }] }), { mail: appMail() });
      const results = await notify(notice({ alertKey: 'db:5xx' }));
      expect(results[0]).toEqual({ channel: 'sms', recipient: '+4915112345678', ok: false, error: 'the SMS gateway answered 500' });
      expect(results[1]).toMatchObject({ channel: 'email', ok: true });
      gateway.answer({ status: 202 });
      const strict = createNotifier(reparse({ ...config({ sms: { successStatus: [200] } }), rota: [{ people: ['ops'], channels: ['sms'] }] }), { mail: appMail() });
      expect((await strict(notice()))[0]).toMatchObject({ ok: false, error: 'the SMS gateway answered 202' });
    } finally {
      gateway.answer({ status: 202 });
    }
  });

  it('sends form-encoded GET requests with basic auth, values URL-encoded', async () => {
    const before = gateway.requests.length;
    await writeFile(join(secrets, 'sms-basic'), 's3cret');
    const notify = createNotifier(
      reparse({
        ...config({
          sms: {
            url: `${gateway.url}/send?to={{to}}&msg={{text}}`,
            method: 'GET',
            bodyTemplate: undefined,
            auth: { type: 'basic', username: 'lectern', passwordFile: join(secrets, 'sms-basic') },
            maxLength: 40,
          },
        }),
        rota: [{ people: ['ops'], channels: ['sms'] }],
      }),
      { mail: appMail() },
    );
    expect(await notify(notice())).toEqual([{ channel: 'sms', recipient: '+4915112345678', ok: true }]);
    const request = gateway.requests[before]!;
    expect(request.method).toBe('GET');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('lectern:s3cret').toString('base64')}`);
    const query = new URL(request.url, 'http://x').searchParams;
    expect(query.get('to')).toBe('+4915112345678');
    expect(query.get('msg')).toBe('[CRITICAL] disk_free on disk:/var/lib/l…');
  });

  it('refuses to start with a secret file that cannot be read, or without any SMTP settings', () => {
    const missing = notifyConfigSchema.parse({ ...config(), channels: { ...config().channels, sms: { ...config().channels.sms, auth: { type: 'bearer', tokenFile: '/nonexistent/token' } } } });
    expect(() => createNotifier(missing, { mail: appMail() })).toThrow(new NotifyConfigError('notify.channels.sms.auth.tokenFile: cannot read /nonexistent/token (ENOENT)'));
    expect(() => createNotifier(config())).toThrow(/notify\.channels\.mail\.smtpUrl: not set, and LECTERN_SMTP_URL is not set either/);
  });
});

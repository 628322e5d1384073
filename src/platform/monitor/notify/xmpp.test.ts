import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentTo, startTestSmtpServer, type TestSmtpServer } from '../../../../test/smtp-server.js';
import { startTestXmppServer, type TestXmppReceiver, type TestXmppServer } from '../../../../test/xmpp-server.js';
import { createNotifier } from './index.js';
import { notifyConfigSchema } from './notify-config.js';
import { notice, recordingLogger, startSmsGateway } from './notify.test-support.js';

// A real prosody (started once for this file, on loopback, with a certificate from a CA of its own),
// a real SMTP server with STARTTLS, one without, and a local HTTP endpoint as the SMS gateway.
let xmpp: TestXmppServer;
let alice: TestXmppReceiver;
let bob: TestXmppReceiver;
let smtp: TestSmtpServer;
let plainSmtp: TestSmtpServer;
let gateway: Awaited<ReturnType<typeof startSmsGateway>>;

beforeAll(async () => {
  [xmpp, smtp, plainSmtp, gateway] = await Promise.all([
    startTestXmppServer({
      users: [
        { username: 'monitor', password: 'monitor-pw' },
        { username: 'alice', password: 'alice-pw' },
        { username: 'bob', password: 'bob-pw' },
      ],
    }),
    startTestSmtpServer(),
    startTestSmtpServer({ starttls: false }),
    startSmsGateway(),
  ]);
  [alice, bob] = await Promise.all([xmpp.receiver('alice', 'alice-pw'), xmpp.receiver('bob', 'bob-pw')]);
}, 60_000);
afterAll(async () => {
  await Promise.all([xmpp?.close(), smtp?.close(), plainSmtp?.close(), gateway?.close()]);
});

const appMail = () => ({ smtpUrl: smtp.url, from: 'Lectern <monitor@lectern.test>', tlsRejectUnauthorized: false });

function config(xmppChannel: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return notifyConfigSchema.parse({
    channels: {
      mail: { type: 'email' },
      chat: { type: 'xmpp', service: xmpp.service, domain: xmpp.domain, username: 'monitor', password: 'monitor-pw', caFile: xmpp.caFile, timeoutMs: 10_000, ...xmppChannel },
      sms: { type: 'sms', url: gateway.url, bodyTemplate: 'to={{to}}&text={{text}}', contentType: 'application/x-www-form-urlencoded' },
    },
    people: {
      alice: { email: 'alice@example.com', jid: alice.jid, phone: '+4915111111111' },
      bob: { email: 'bob@example.com', jid: bob.jid },
    },
    rota: [{ people: ['alice'], channels: ['chat'] }],
    ...extra,
  });
}

describe('alerts by XMPP', () => {
  it('sends the alert as a chat message to the right JID, over STARTTLS with the certificate verified', async () => {
    const notify = createNotifier(config(), { mail: appMail() });
    const results = await notify(notice({ alertKey: 'xmpp:one', summary: 'Database unreachable for 60 s' }));
    expect(results).toEqual([{ channel: 'xmpp', recipient: 'alice@lectern.test', ok: true }]);
    const message = await alice.waitForMessage((m) => m.body.includes('xmpp:one'));
    expect(message.from).toMatch(/^monitor@lectern\.test\/lectern-monitor-[0-9a-f]{8}$/);
    expect(message.body).toMatch(/^\[CRITICAL\] disk_free on disk:\/var\/lib\/lectern\nDatabase unreachable for 60 s\n/);
    expect(bob.messages.some((m) => m.body.includes('xmpp:one'))).toBe(false);
    expect(await xmpp.log()).toMatch(/Authenticated as monitor@lectern\.test/);
  });

  it('works over direct TLS (xmpps://) too', async () => {
    const notify = createNotifier(config({ service: xmpp.directTlsService }), { mail: appMail() });
    expect(await notify(notice({ alertKey: 'xmpp:direct' }))).toEqual([{ channel: 'xmpp', recipient: 'alice@lectern.test', ok: true }]);
    await alice.waitForMessage((m) => m.body.includes('xmpp:direct'));
  });

  it('refuses a server certificate from an untrusted CA, and falls back to e-mail with the reason', async () => {
    const logger = recordingLogger();
    // alice without a phone: after XMPP, e-mail is the next channel she has.
    const notify = createNotifier(config({ caFile: undefined }, { people: { alice: { jid: alice.jid, email: 'alice@example.com' } } }), { mail: appMail(), logger });
    const results = await notify(notice({ alertKey: 'xmpp:untrusted' }));
    expect(results).toEqual([
      { channel: 'xmpp', recipient: 'alice@lectern.test', ok: false, error: 'TLS with the XMPP server failed: unable to verify the first certificate' },
      { channel: 'email', recipient: 'alice@example.com', ok: true },
    ]);
    const mail = await smtp.waitForMail((m) => m.text.includes('xmpp:untrusted'));
    expect(mail.to).toEqual(['alice@example.com']);
    expect(mail.text).toContain('XMPP delivery failed: TLS with the XMPP server failed: unable to verify the first certificate');
    expect(logger.lines[0]).toMatchObject({ level: 'warn', object: { person: 'alice', channel: 'chat', fallback: 'mail' } });
    expect(alice.messages.some((m) => m.body.includes('xmpp:untrusted'))).toBe(false);
  });

  it('delivers to a server with an unverifiable certificate only when tlsRejectUnauthorized is false', async () => {
    const notify = createNotifier(config({ caFile: undefined, tlsRejectUnauthorized: false }), { mail: appMail() });
    expect(await notify(notice({ alertKey: 'xmpp:insecure' }))).toEqual([{ channel: 'xmpp', recipient: 'alice@lectern.test', ok: true }]);
    await alice.waitForMessage((m) => m.body.includes('xmpp:insecure'));
  });

  it('reports a wrong password and an unknown recipient as failures', async () => {
    const wrongPassword = createNotifier(config({ password: 'nope' }), { mail: appMail() });
    expect((await wrongPassword(notice({ alertKey: 'xmpp:pw' })))[0]).toMatchObject({ channel: 'xmpp', ok: false, error: expect.stringMatching(/not-authorized/) });

    const unknown = createNotifier(config({}, { people: { alice: { jid: 'ghost@lectern.test', email: 'alice@example.com' } } }), { mail: appMail() });
    const results = await unknown(notice({ alertKey: 'xmpp:ghost' }));
    expect(results[0]).toEqual({ channel: 'xmpp', recipient: 'ghost@lectern.test', ok: false, error: 'the XMPP server bounced the message to ghost@lectern.test: service-unavailable' });
    expect(results[1]).toEqual({ channel: 'email', recipient: 'alice@example.com', ok: true });
  });

  it('refuses a server that offers no STARTTLS before sending the password', async () => {
    const plain = await startTestXmppServer({ tls: false, users: [{ username: 'monitor', password: 'monitor-pw' }, { username: 'alice', password: 'alice-pw' }] });
    try {
      const notify = createNotifier(config({ service: plain.service, caFile: undefined }), { mail: appMail() });
      const results = await notify(notice({ alertKey: 'xmpp:plain' }));
      expect(results[0]).toEqual({
        channel: 'xmpp',
        recipient: 'alice@lectern.test',
        ok: false,
        error: 'the XMPP server does not offer STARTTLS (refusing to sign in without TLS)',
      });
      // The password never went out: the server saw no sign-in attempt.
      expect(await plain.log()).not.toMatch(/Authenticated|authentication|SASL/i);
      // SMS is next after XMPP in the default order.
      expect(results[1]).toMatchObject({ channel: 'sms', ok: true });
    } finally {
      await plain.close();
    }
  }, 30_000);

  it('when SMTP has no STARTTLS, sends the e-mail alert by XMPP instead, and its resolution there too', async () => {
    const notify = createNotifier(config({}, { rota: [{ people: ['alice', 'bob'], channels: ['mail'] }] }), {
      mail: { ...appMail(), smtpUrl: plainSmtp.url },
    });
    const results = await notify(notice({ alertKey: 'xmpp:smtp-plain' }));
    expect(results).toEqual([
      { channel: 'email', recipient: 'alice@example.com', ok: false, error: expect.stringMatching(/TLS/) },
      { channel: 'xmpp', recipient: 'alice@lectern.test', ok: true },
      { channel: 'email', recipient: 'bob@example.com', ok: false, error: expect.stringMatching(/TLS/) },
      { channel: 'xmpp', recipient: 'bob@lectern.test', ok: true },
    ]);
    expect(plainSmtp.messages).toEqual([]);
    const message = await bob.waitForMessage((m) => m.body.includes('xmpp:smtp-plain'));
    expect(message.body).toMatch(/e-mail delivery failed: .*TLS/);

    // The resolution goes where the alert went: XMPP (e-mail never worked).
    const resolved = await notify(notice({ alertKey: 'xmpp:smtp-plain', state: 'resolved' }));
    expect(resolved).toEqual([
      { channel: 'xmpp', recipient: 'alice@lectern.test', ok: true },
      { channel: 'xmpp', recipient: 'bob@lectern.test', ok: true },
    ]);
    await alice.waitForMessage((m) => m.body.startsWith('[RESOLVED] disk_free') && m.body.includes('xmpp:smtp-plain'));
    expect(smtp.messages.some((m) => sentTo('alice@example.com')(m) && m.text.includes('xmpp:smtp-plain'))).toBe(false);
  });

  it('falls back from XMPP to SMS when e-mail is not available either', async () => {
    const before = gateway.requests.length;
    const notify = createNotifier(config({ caFile: undefined }, { people: { alice: { jid: alice.jid, phone: '+4915111111111' } } }), { mail: appMail() });
    const results = await notify(notice({ alertKey: 'xmpp:to-sms' }));
    expect(results.map((r) => [r.channel, r.ok])).toEqual([
      ['xmpp', false],
      ['sms', true],
    ]);
    const body = new URLSearchParams(gateway.requests[before]!.body);
    expect(body.get('to')).toBe('+4915111111111');
    expect(body.get('text')).toMatch(/^\[CRITICAL\] disk_free on disk:\/var\/lib\/lectern: .* \/ XMPP delivery failed: TLS with the XMPP server failed/);
  });
});

import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/smtp-server.js';
import { loadConfig, type ConfigError, type MailConfig } from '../../config.js';
import { renderMail } from './mail-templates.js';
import { createMailTransport, sendMail } from './mail-transport.js';

const FROM = 'Lectern <no-reply@lectern.test>';
const message = { to: 'ada@acme.test', subject: 'Grüße aus Köln', text: 'Hallo Ada,\nein Link: https://acme.test/x', html: '<p>Hallo</p>' };

describe('mail settings', () => {
  it('mail is off without LECTERN_SMTP_URL, and jobs run by default', () => {
    const config = loadConfig({});
    expect(config.mail).toBeUndefined();
    expect(config.jobsEnabled).toBe(true);
    expect(loadConfig({ LECTERN_JOBS: 'false' }).jobsEnabled).toBe(false);
  });

  it('reads the SMTP server, the sender and certificate checking (on unless switched off)', () => {
    const config = loadConfig({ LECTERN_SMTP_URL: 'smtp://u:p@mail.example.com:587', LECTERN_MAIL_FROM: FROM });
    expect(config.mail).toEqual({ smtpUrl: 'smtp://u:p@mail.example.com:587', from: FROM, tlsRejectUnauthorized: true });
  });

  it('refuses a non-SMTP URL, and an SMTP server without a sender', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    // The URL may hold the SMTP password: the message names the setting, not its value.
    const wrongScheme = problems({ LECTERN_SMTP_URL: 'http://mailer:hunter2@mail.example.com', LECTERN_MAIL_FROM: FROM }).join();
    expect(wrongScheme).toMatch(/LECTERN_SMTP_URL: .*smtp:\/\//);
    expect(wrongScheme).not.toContain('hunter2');
    expect(problems({ LECTERN_SMTP_URL: 'smtp://mail.example.com' }).join()).toMatch(/LECTERN_MAIL_FROM: required/);
    expect(problems({ LECTERN_SMTP_URL: 'smtp://mail.example.com', LECTERN_MAIL_FROM: 'not an address' }).join()).toMatch(
      /LECTERN_MAIL_FROM=/,
    );
  });
});

describe('mail templates', () => {
  const data = { tenantName: 'ACME Academy', firstName: 'Ada', link: 'https://learn.acme.test/reset-password?token=abc' };

  it('speak German and English and carry the site name and the link in text and HTML', () => {
    const en = renderMail('password_reset', 'en', data);
    const de = renderMail('password_reset', 'de', data);
    expect(en.subject).toBe('Reset your password for ACME Academy');
    expect(de.subject).toBe('Passwort zurücksetzen für ACME Academy');
    for (const mail of [en, de]) {
      expect(mail.text).toContain(data.link);
      expect(mail.html).toContain(`href="${data.link}"`);
    }
    expect(de.text).toContain('30 Minuten');
    expect(en.text).toContain('30 minutes');
  });

  it('every template exists in both languages', () => {
    for (const template of ['invitation', 'password_reset', 'email_change', 'password_changed'] as const) {
      const en = renderMail(template, 'en', data);
      const de = renderMail(template, 'de', data);
      expect(en.subject).toContain('ACME Academy');
      expect(de.subject).toContain('ACME Academy');
      expect(de.subject).not.toBe(en.subject);
      expect(de.html).toContain('<html lang="de">');
    }
  });

  it('escapes names in HTML and keeps the subject on one line', () => {
    const mail = renderMail('invitation', 'en', { ...data, tenantName: 'Evil <script>x</script>\r\nBcc: a@b', firstName: '"Bob" & <i>' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Evil &#60;script&#62;');
    expect(mail.html).toContain('&#34;Bob&#34; &#38; &#60;i&#62;');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('sending over SMTP', () => {
  let smtp: TestSmtpServer;
  let plain: TestSmtpServer;
  const config = (server: TestSmtpServer, overrides: Partial<MailConfig> = {}): MailConfig => ({
    smtpUrl: server.url,
    from: FROM,
    tlsRejectUnauthorized: false,
    ...overrides,
  });

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ auth: { user: 'lectern', pass: 's3cret:/@x' } });
    plain = await startTestSmtpServer({ starttls: false });
  });
  afterAll(async () => {
    await smtp.close();
    await plain.close();
  });

  it('delivers over STARTTLS with the credentials from the URL', async () => {
    await sendMail(createMailTransport(config(smtp)), FROM, message);
    const mail = await smtp.waitForMail((m) => m.to.includes('ada@acme.test'));
    expect(mail).toMatchObject({ secure: true, user: 'lectern', subject: 'Grüße aus Köln', envelopeFrom: 'no-reply@lectern.test' });
    expect(mail.from).toBe(FROM);
    expect(mail.text).toContain('https://acme.test/x');
    expect(mail.html).toContain('<p>Hallo</p>');
  });

  it('refuses to send to a server that does not offer STARTTLS, and sends nothing in the clear', async () => {
    const before = plain.messages.length;
    await expect(sendMail(createMailTransport(config(plain)), FROM, message)).rejects.toThrow(/STARTTLS/i);
    expect(plain.messages.length).toBe(before);
    // The same server takes mail from a client that does not insist on encryption: the refusal above is ours.
    const careless = nodemailer.createTransport({ host: '127.0.0.1', port: plain.port, secure: false, ignoreTLS: true });
    await careless.sendMail({ from: FROM, ...message });
    expect(plain.messages.length).toBe(before + 1);
    expect(plain.messages.at(-1)?.secure).toBe(false);
  });

  it('verifies the server certificate unless told otherwise', async () => {
    await expect(sendMail(createMailTransport(config(smtp, { tlsRejectUnauthorized: true })), FROM, message)).rejects.toThrow(
      /self[- ]signed|certificate/i,
    );
  });

  it('fails on wrong credentials', async () => {
    const wrong = config(smtp, { smtpUrl: smtp.url.replace('lectern:', 'intruder:') });
    await expect(sendMail(createMailTransport(wrong), FROM, message)).rejects.toThrow(/Invalid username or password|auth/i);
  });
});

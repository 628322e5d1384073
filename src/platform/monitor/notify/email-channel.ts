import nodemailer from 'nodemailer';
import type { Channel } from './channel.js';

export interface EmailChannelSettings {
  smtpUrl: string;
  from: string;
  /** Overrides the URL's password (read from a file). */
  password?: string;
  tlsRejectUnauthorized: boolean;
  ca?: string;
}

/**
 * E-mail straight to the SMTP server, not through the job queue: an alert must go out while the
 * database is down. The same rules as the app's mail (platform/mail/mail-transport.ts): smtp://
 * must upgrade with STARTTLS (a server without it gets nothing, not even the envelope), smtps:// is
 * TLS from the first byte, TLS 1.2 or later, certificates verified unless turned off. Shorter
 * timeouts than the app's, so a hanging server delays the fallback channel by seconds, not minutes.
 */
export function createEmailChannel(settings: EmailChannelSettings): Channel {
  const url = new URL(settings.smtpUrl);
  const implicitTls = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  const pass = settings.password ?? decodeURIComponent(url.password);
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : implicitTls ? 465 : 587,
    secure: implicitTls,
    requireTLS: true,
    ...(user ? { auth: { user, pass } } : {}),
    tls: { rejectUnauthorized: settings.tlsRejectUnauthorized, minVersion: 'TLSv1.2', ...(settings.ca ? { ca: settings.ca } : {}) },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    type: 'email',
    async send(address, message) {
      const info = await transport.sendMail({ from: settings.from, to: address, subject: message.subject, text: message.text });
      if (info.rejected.length > 0) throw new Error(`the SMTP server refused the recipient ${address}`);
    },
  };
}


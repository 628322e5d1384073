import nodemailer from 'nodemailer';
import type { MailConfig } from '../../config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one-click unsubscribe address of an update e-mail (RFC 8058); service mail has none. */
  unsubscribeUrl?: string | undefined;
}

export type MailTransport = ReturnType<typeof createMailTransport>;

/**
 * An SMTP transport that never sends in the clear: smtp:// must upgrade with STARTTLS
 * (a server that does not offer it fails the send), smtps:// is TLS from the first byte.
 * Certificates are verified unless LECTERN_SMTP_TLS_REJECT_UNAUTHORIZED=false.
 */
export function createMailTransport(config: MailConfig) {
  const url = new URL(config.smtpUrl);
  const implicitTls = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : implicitTls ? 465 : 587,
    secure: implicitTls,
    requireTLS: true,
    ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
    tls: { rejectUnauthorized: config.tlsRejectUnauthorized, minVersion: 'TLSv1.2' },
    // Bounded well below the job lease, so a hanging server never holds a job past it.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

export type Sender = string | { name: string; address: string };

/**
 * The From header: the configured sender, or its address under the site's sender name. The name
 * goes to nodemailer as a name, which quotes or encodes it; it can never add a header or an address.
 */
export function fromOf(configured: string, senderName: string): Sender {
  if (!senderName) return configured;
  const address = /<([^<>]+)>\s*$/.exec(configured)?.[1] ?? configured.trim();
  return { name: senderName, address };
}

/** Hands one message to the SMTP server; rejects when it is not accepted. Only the mail.send job calls this. */
export async function sendMail(transport: MailTransport, from: Sender, mail: OutgoingMail): Promise<string> {
  const unsubscribe = mail.unsubscribeUrl
    ? { headers: { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
    : {};
  const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, ...unsubscribe });
  if (info.rejected.length > 0) throw new Error(`the SMTP server refused ${info.rejected.length} recipient(s)`);
  return info.messageId;
}

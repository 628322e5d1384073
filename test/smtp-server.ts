import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../src/platform/db/client.js';
import { consentJobHandlers } from '../src/platform/privacy/consent/consent.jobs.js';
import { consentMailChecks } from '../src/platform/privacy/consent/update-mail-check.js';
import { identityJobHandlers } from '../src/platform/identity/identity.jobs.js';
import { jobRegistry } from '../src/platform/jobs/job-registry.js';
import { startJobWorker, type JobWorker, type JobWorkerOptions } from '../src/platform/jobs/job-worker.js';
import { mailJobHandlers } from '../src/platform/mail/mail.jobs.js';
import { testConfig } from './app.js';
import { waiterList } from './wait-for-match.js';

/** A message as the test SMTP server received it, decoded enough to assert on. */
export interface ReceivedMail {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** Envelope sender (MAIL FROM). */
  envelopeFrom: string;
  /** The From header. */
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, string>;
  raw: string;
  /** Whether the session was encrypted (STARTTLS) when the message came in. */
  secure: boolean;
  /** The user the client authenticated as, if it did. */
  user: string | undefined;
}

export interface TestSmtpServerOptions {
  /** Offer STARTTLS (default true). false: a server that only speaks in the clear. */
  starttls?: boolean;
  /** Require this login (only possible over TLS). */
  auth?: { user: string; pass: string };
}

export interface TestSmtpServer {
  port: number;
  /** smtp://[user:pass@]127.0.0.1:port */
  url: string;
  /** Every accepted message, in order of arrival. */
  messages: ReceivedMail[];
  /** Client connections seen so far (each send attempt opens one). */
  connections(): number;
  /** Answers the next `count` messages with a temporary failure (451), as a busy or broken server would. */
  failNext(count: number): void;
  /** Resolves with the first message (already received or arriving) that matches, or rejects after timeoutMs. */
  waitForMail(match?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

let certificate: Promise<{ key: string; cert: string }> | undefined;

/** One self-signed certificate for localhost / 127.0.0.1 per test process. */
function testCertificate(): Promise<{ key: string; cert: string }> {
  certificate ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return certificate;
}

/** A real SMTP server on 127.0.0.1 (random port) that keeps what it receives. */
export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const starttls = options.starttls ?? true;
  const { key, cert } = await testCertificate();
  const received = waiterList<ReceivedMail>();
  let failures = 0;
  let connectionCount = 0;

  const server = new SMTPServer({
    key,
    cert,
    logger: false,
    closeTimeout: 1000,
    authOptional: !options.auth,
    ...(starttls ? {} : { disabledCommands: ['STARTTLS'] }),
    onConnect(_session, callback) {
      connectionCount++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          return callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = parseMail(raw, {
          to: session.envelope.rcptTo.map((r) => r.address),
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        received.push(mail);
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';

  return {
    port,
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages: received.items,
    connections: () => connectionCount,
    failNext(count) {
      failures = count;
    },
    waitForMail(match = () => true, timeoutMs = 10_000) {
      return received.waitFor(match, timeoutMs, (mails) => `no matching mail within ${timeoutMs} ms (received: ${mails.map((m) => m.subject).join('; ')})`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Settings that point Lectern at this server (its certificate is self-signed). */
export function smtpEnv(smtp: TestSmtpServer, from = 'Lectern <no-reply@lectern.test>'): Record<string, string> {
  return { LECTERN_SMTP_URL: smtp.url, LECTERN_MAIL_FROM: from, LECTERN_SMTP_TLS_REJECT_UNAUTHORIZED: 'false' };
}

/**
 * A job worker that sends queued mail to this server, and runs the e-mail flows' jobs that write
 * those mails (password reset, e-mail change, update mailings), with the send checks the server
 * registers, polling often so tests do not wait.
 */
export function startMailWorker(db: Db, smtp: TestSmtpServer, options: JobWorkerOptions = {}): JobWorker {
  const config = testConfig(smtpEnv(smtp));
  return startJobWorker(db, jobRegistry(mailJobHandlers(config.mail, db, { checks: consentMailChecks(db) }), identityJobHandlers(db, config), consentJobHandlers(db, config)), { pollMs: 25, ...options });
}

/** Matches mail addressed to `address` (any letter case), for waitForMail. */
export function sentTo(address: string): (mail: ReceivedMail) => boolean {
  return (mail) => mail.to.some((to) => to.toLowerCase() === address.toLowerCase());
}

/** The token of the first link to `page` (e.g. '/reset-password') in a mail's text. */
export function tokenFromMail(mail: ReceivedMail, page: string): string {
  const match = new RegExp(`https?://[^\\s/]+${page}#token=([A-Za-z0-9_%-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${page} link in mail "${mail.subject}":\n${mail.text}`);
  return decodeURIComponent(match[1]);
}

// --- a small MIME reader: enough for what nodemailer writes (multipart, quoted-printable, base64, encoded words)

function splitEntity(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at >= 0 ? raw.slice(0, at) : raw;
  const body = at >= 0 ? raw.slice(at).replace(/^\r?\n\r?\n/, '') : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=). */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < source.length; i++) {
    const hex = source.slice(i + 1, i + 3);
    if (source[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(source[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

function collectParts(raw: string, out: { text: string; html: string }): void {
  const { headers, body } = splitEntity(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      collectParts(part.replace(/^\r?\n/, ''), out);
    }
    return;
  }
  const decoded = decodeBody(body, headers.get('content-transfer-encoding')).replace(/\r\n/g, '\n');
  if (type.toLowerCase().startsWith('text/html')) out.html += decoded;
  else if (type.toLowerCase().startsWith('text/plain')) out.text += decoded;
}

function parseMail(
  raw: string,
  envelope: { to: string[]; envelopeFrom: string; secure: boolean; user: string | undefined },
): ReceivedMail {
  const { headers } = splitEntity(raw);
  const out = { text: '', html: '' };
  collectParts(raw, out);
  return {
    ...envelope,
    from: decodeWords(headers.get('from') ?? ''),
    subject: decodeWords(headers.get('subject') ?? ''),
    text: out.text,
    html: out.html,
    headers,
    raw,
  };
}

import { readFileSync } from 'node:fs';
import type { MailConfig } from '../../../config.js';
import type { Notifier } from '../alert-notice.js';
import type { Channel } from './channel.js';
import { createEmailChannel } from './email-channel.js';
import type { ChannelConfig, NotifyConfig } from './notify-config.js';
import { notifierOf, type NotifyLogger } from './notifier.js';
import { createSmsChannel } from './sms-channel.js';
import { createXmppChannel } from './xmpp-channel.js';

export { notifyConfigSchema, type NotifyConfig, type NotifyConfigInput } from './notify-config.js';
export { planRecipients } from './rota.js';
export type { NotifyLogger } from './notifier.js';

export interface NotifierOptions {
  /** The app's mail settings (LECTERN_SMTP_URL, LECTERN_MAIL_FROM): the default of e-mail channels. */
  mail?: MailConfig;
  /** Failed deliveries are logged here (pino's logger fits). */
  logger?: NotifyLogger;
}

export class NotifyConfigError extends Error {
  override name = 'NotifyConfigError';
}

const silent: NotifyLogger = { info() {}, warn() {}, error() {} };

/** A secret given inline or as a file (its content, without the trailing line break). */
function secret(path: string, inline: string | undefined, file: string | undefined): string | undefined {
  if (inline !== undefined) return inline;
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new NotifyConfigError(`notify.${path}File: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function pem(path: string, file: string | undefined): string | undefined {
  return file === undefined ? undefined : secret(path, undefined, file);
}

function channelOf(name: string, config: ChannelConfig, options: NotifierOptions): Channel {
  const at = `channels.${name}`;
  switch (config.type) {
    case 'email': {
      const smtpUrl = config.smtpUrl ?? options.mail?.smtpUrl;
      const from = config.from ?? options.mail?.from;
      if (!smtpUrl) throw new NotifyConfigError(`notify.${at}.smtpUrl: not set, and LECTERN_SMTP_URL is not set either`);
      if (!from) throw new NotifyConfigError(`notify.${at}.from: not set, and LECTERN_MAIL_FROM is not set either`);
      return createEmailChannel({
        smtpUrl,
        from,
        password: secret(`${at}.password`, config.password, config.passwordFile),
        tlsRejectUnauthorized: config.tlsRejectUnauthorized ?? options.mail?.tlsRejectUnauthorized ?? true,
        ca: pem(`${at}.ca`, config.caFile),
      });
    }
    case 'xmpp':
      return createXmppChannel({
        service: config.service,
        domain: config.domain ?? new URL(config.service).hostname,
        username: config.username,
        password: secret(`${at}.password`, config.password, config.passwordFile)!,
        tlsRejectUnauthorized: config.tlsRejectUnauthorized,
        ca: pem(`${at}.ca`, config.caFile),
        timeoutMs: config.timeoutMs,
      });
    case 'sms': {
      const auth = config.auth;
      let authorization: string | undefined;
      if (auth?.type === 'bearer') authorization = `Bearer ${secret(`${at}.auth.token`, auth.token, auth.tokenFile)}`;
      if (auth?.type === 'basic') {
        const password = secret(`${at}.auth.password`, auth.password, auth.passwordFile);
        authorization = `Basic ${Buffer.from(`${auth.username}:${password}`).toString('base64')}`;
      }
      return createSmsChannel({ ...config, authorization });
    }
  }
}

/**
 * The monitor's notifier for a parsed `notify` configuration (notifyConfigSchema). Secrets named by
 * `…File` settings are read here, once: a missing file is a NotifyConfigError at start, not a
 * silent channel at 3 a.m. The notifier itself never throws (alert-notice.ts).
 */
export function createNotifier(config: NotifyConfig, options: NotifierOptions = {}): Notifier {
  const channels = new Map<string, Channel>();
  for (const [name, channel] of Object.entries(config.channels)) channels.set(name, channelOf(name, channel, options));
  return notifierOf(config, channels, options.logger ?? silent);
}

import { z } from 'zod';

/*
 * The `notify` key of the monitor's JSON file (LECTERN_MONITOR_FILE): named channels (like
 * Alertmanager's receivers), the people on call with their addresses, and the rota that says who
 * hears of which alert through which channels, and when. Secrets can be kept out of the file:
 * each `password`/`token` has a `…File` twin naming a file that holds it.
 */

const secretPair = <K extends string>(key: K) =>
  ({ [key]: z.string().min(1).optional(), [`${key}File`]: z.string().min(1).optional() }) as Record<K | `${K}File`, z.ZodOptional<z.ZodString>>;

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM (00:00 .. 24:00)');
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A weekly window, e.g. office hours. `from` > `to` runs over midnight into the next day. */
export const windowSchema = z.strictObject({
  days: z.array(z.enum(weekdays)).min(1).default([...weekdays]),
  from: timeOfDay.default('00:00'),
  to: timeOfDay.default('24:00'),
  timezone: z.string().refine(isTimeZone, 'expected an IANA time zone, e.g. Europe/Berlin').default('UTC'),
});
export type TimeWindow = z.infer<typeof windowSchema>;
export type TimeWindowInput = z.input<typeof windowSchema>;

const httpUrl = z.url({ protocol: /^https?$/ });

export const emailChannelSchema = z.strictObject({
  type: z.literal('email'),
  /** smtp://user@host:587 (STARTTLS required) or smtps://…:465; default: the app's LECTERN_SMTP_URL. */
  smtpUrl: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Default: the app's LECTERN_MAIL_FROM. */
  from: z.string().min(3).optional(),
  /** Overrides the password in smtpUrl. */
  ...secretPair('password'),
  tlsRejectUnauthorized: z.boolean().optional(),
  /** PEM file of a CA to trust for the SMTP server (instead of the system's). */
  caFile: z.string().min(1).optional(),
});

export const xmppChannelSchema = z.strictObject({
  type: z.literal('xmpp'),
  /** xmpp://host[:5222] (STARTTLS, required) or xmpps://host[:5223] (direct TLS). */
  service: z.url({ protocol: /^xmpps?$/ }),
  /** The XMPP domain of the account (and of the server's certificate); default: the service's host. */
  domain: z.string().min(1).optional(),
  username: z.string().min(1),
  ...secretPair('password'),
  tlsRejectUnauthorized: z.boolean().default(true),
  /** PEM file of a CA to trust for the XMPP server (instead of the system's). */
  caFile: z.string().min(1).optional(),
  /** Connecting, TLS, sign-in and sending, together. */
  timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
});

const smsAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bearer'), ...secretPair('token') }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1), ...secretPair('password') }),
]);

export const smsChannelSchema = z.strictObject({
  type: z.literal('sms'),
  /** The gateway's URL; it may contain {{to}} and {{text}} (URL-encoded), e.g. for GET gateways. */
  url: httpUrl,
  method: z.enum(['POST', 'GET']).default('POST'),
  /** How {{to}} and {{text}} are escaped in bodyTemplate, and the request's Content-Type. */
  contentType: z.enum(['application/json', 'application/x-www-form-urlencoded', 'text/plain']).default('application/json'),
  /** The request body (POST), e.g. {"to":"{{to}}","text":"{{text}}"}. */
  bodyTemplate: z.string().optional(),
  /** Extra headers (no secrets here: use auth, whose secret may come from a file). */
  headers: z.record(z.string(), z.string()).default({}),
  auth: smsAuthSchema.optional(),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** The statuses that mean "accepted" (default: any 2xx). */
  successStatus: z.array(z.number().int().min(100).max(599)).min(1).optional(),
  /** Longer texts are cut (an SMS is 160 characters; gateways join up to a few). */
  maxLength: z.number().int().min(20).max(2000).default(480),
});

export const channelSchema = z.discriminatedUnion('type', [emailChannelSchema, xmppChannelSchema, smsChannelSchema]);
export type ChannelConfig = z.infer<typeof channelSchema>;
export type ChannelType = ChannelConfig['type'];

const jid = z.string().regex(/^[^@/\s]+@[^@/\s]+$/, 'expected a bare JID, e.g. alice@example.com');
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected a phone number in E.164 form, e.g. +4915112345678');

export const personSchema = z
  .strictObject({ email: z.email().optional(), jid: jid.optional(), phone: e164.optional() })
  .refine((p) => p.email || p.jid || p.phone, 'a person needs at least one of email, jid, phone');
export type Person = z.infer<typeof personSchema>;

const windows = z.union([windowSchema, z.array(windowSchema).min(1)]).transform((w) => (Array.isArray(w) ? w : [w]));

export const rotaEntrySchema = z.strictObject({
  /** For logs and docs only. */
  name: z.string().optional(),
  people: z.array(z.string().min(1)).min(1),
  /** In any of these windows (absent: always). */
  when: windows.optional(),
  /** Outside all of these windows, e.g. outside office hours. */
  outside: windows.optional(),
  severities: z.array(z.enum(['warning', 'critical'])).min(1).default(['warning', 'critical']),
  /** Channel names, from `channels`. */
  channels: z.array(z.string().min(1)).min(1),
});
export type RotaEntry = z.infer<typeof rotaEntrySchema>;

export const notifyConfigSchema = z
  .strictObject({
    channels: z.record(z.string().min(1), channelSchema),
    people: z.record(z.string().min(1), personSchema),
    rota: z.array(rotaEntrySchema).min(1),
    /** Channel names in the order a failed delivery falls back (default: e-mail, then XMPP, then SMS channels). */
    fallbackOrder: z.array(z.string().min(1)).optional(),
  })
  .superRefine((config, ctx) => {
    const channelNames = new Set(Object.keys(config.channels));
    config.rota.forEach((entry, i) => {
      entry.people.forEach((name, j) => {
        if (!config.people[name]) ctx.addIssue({ code: 'custom', path: ['rota', i, 'people', j], message: `no person "${name}" in people` });
      });
      entry.channels.forEach((name, j) => {
        if (!channelNames.has(name)) ctx.addIssue({ code: 'custom', path: ['rota', i, 'channels', j], message: `no channel "${name}" in channels` });
      });
    });
    config.fallbackOrder?.forEach((name, i) => {
      if (!channelNames.has(name)) ctx.addIssue({ code: 'custom', path: ['fallbackOrder', i], message: `no channel "${name}" in channels` });
    });
    for (const [name, channel] of Object.entries(config.channels)) {
      if (channel.type === 'xmpp' && !channel.password && !channel.passwordFile) {
        ctx.addIssue({ code: 'custom', path: ['channels', name, 'password'], message: 'an XMPP channel needs password or passwordFile' });
      }
      if (channel.type === 'sms' && channel.method === 'POST' && channel.bodyTemplate === undefined) {
        ctx.addIssue({ code: 'custom', path: ['channels', name, 'bodyTemplate'], message: 'a POST SMS gateway needs a bodyTemplate' });
      }
      if (channel.type === 'sms' && channel.auth?.type === 'bearer' && !channel.auth.token && !channel.auth.tokenFile) {
        ctx.addIssue({ code: 'custom', path: ['channels', name, 'auth', 'token'], message: 'bearer auth needs token or tokenFile' });
      }
      if (channel.type === 'sms' && channel.auth?.type === 'basic' && !channel.auth.password && !channel.auth.passwordFile) {
        ctx.addIssue({ code: 'custom', path: ['channels', name, 'auth', 'password'], message: 'basic auth needs password or passwordFile' });
      }
    }
  });

export type NotifyConfig = z.infer<typeof notifyConfigSchema>;
/** What an operator writes (defaults not yet filled in). */
export type NotifyConfigInput = z.input<typeof notifyConfigSchema>;

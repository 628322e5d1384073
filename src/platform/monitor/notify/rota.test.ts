import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notifyConfigSchema, type NotifyConfigInput, type TimeWindowInput } from './notify-config.js';
import { fallbackOrderOf, inWindow, planRecipients } from './rota.js';

const officeHours: TimeWindowInput = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00', timezone: 'Europe/Berlin' };

/** The documented default rota: e-mail always, XMPP in office hours, SMS only for critical out of hours. */
const config = notifyConfigSchema.parse({
  channels: {
    sms: { type: 'sms', url: 'https://sms.example.com/send', bodyTemplate: '{"to":"{{to}}","text":"{{text}}"}' },
    mail: { type: 'email', smtpUrl: 'smtp://mail.example.com:587', from: 'monitor@example.com' },
    chat: { type: 'xmpp', service: 'xmpp://xmpp.example.com:5222', username: 'monitor', password: 'x' },
  },
  people: {
    ops: { email: 'ops@example.com', jid: 'ops@example.com', phone: '+4915112345678' },
    lead: { email: 'lead@example.com' },
  },
  rota: [
    { people: ['ops', 'lead'], channels: ['mail'] },
    { people: ['ops'], when: officeHours, channels: ['chat'] },
    { people: ['ops'], outside: officeHours, severities: ['critical'], channels: ['sms'] },
  ],
} satisfies NotifyConfigInput);

const channelsOf = (severity: 'warning' | 'critical', at: string) =>
  Object.fromEntries(planRecipients(config, severity, new Date(at)).map((r) => [r.person, r.channels]));

describe('the on-call rota', () => {
  it('tells by e-mail and XMPP in office hours (Berlin time), SMS never then', () => {
    // Wednesday 2026-07-15 09:30 in Berlin is 07:30 UTC (summer time, UTC+2).
    expect(channelsOf('critical', '2026-07-15T07:30:00Z')).toEqual({ ops: ['mail', 'chat'], lead: ['mail'] });
    expect(channelsOf('warning', '2026-07-15T07:30:00Z')).toEqual({ ops: ['mail', 'chat'], lead: ['mail'] });
  });

  it('sends SMS only for critical alerts out of hours; a warning goes by e-mail only', () => {
    // Wednesday 20:00 Berlin.
    expect(channelsOf('critical', '2026-07-15T18:00:00Z')).toEqual({ ops: ['mail', 'sms'], lead: ['mail'] });
    expect(channelsOf('warning', '2026-07-15T18:00:00Z')).toEqual({ ops: ['mail'], lead: ['mail'] });
  });

  it('treats the weekend as out of hours', () => {
    // Saturday 2026-07-18 10:00 Berlin.
    expect(channelsOf('critical', '2026-07-18T08:00:00Z')).toEqual({ ops: ['mail', 'sms'], lead: ['mail'] });
    expect(channelsOf('warning', '2026-07-18T08:00:00Z')).toEqual({ ops: ['mail'], lead: ['mail'] });
  });

  it('follows daylight saving time: 07:30 UTC is office hours in summer, not in winter', () => {
    // Summer (UTC+2): 09:30 local. Winter (UTC+1): 08:30 local, also inside; 06:30 UTC in winter is 07:30 local, outside.
    expect(channelsOf('critical', '2026-07-15T06:30:00Z').ops).toEqual(['mail', 'chat']);
    expect(channelsOf('critical', '2026-01-14T06:30:00Z').ops).toEqual(['mail', 'sms']);
    // Across the switch on Sunday 2026-03-29 (02:00 -> 03:00): Monday 30th 07:30 local is 05:30 UTC.
    expect(inWindow(config.rota[1]!.when![0]!, new Date('2026-03-30T05:59:00Z'))).toBe(false); // 07:59 local
    expect(inWindow(config.rota[1]!.when![0]!, new Date('2026-03-30T06:00:00Z'))).toBe(true); // 08:00 local
    expect(inWindow(config.rota[1]!.when![0]!, new Date('2026-03-27T07:00:00Z'))).toBe(true); // Friday before, 08:00 CET
    expect(inWindow(config.rota[1]!.when![0]!, new Date('2026-03-27T06:59:00Z'))).toBe(false);
  });

  it('ends office hours at the stroke of `to`', () => {
    expect(channelsOf('warning', '2026-07-15T15:59:00Z').ops).toEqual(['mail', 'chat']); // 17:59
    expect(channelsOf('warning', '2026-07-15T16:00:00Z').ops).toEqual(['mail']); // 18:00
  });

  it('runs a window whose end is before its start over midnight into the next day', () => {
    const night = { days: ['fri'], from: '22:00', to: '06:00', timezone: 'UTC' } as const;
    const parsed = notifyConfigSchema.shape.rota.element.shape.when.parse(night)![0]!;
    expect(inWindow(parsed, new Date('2026-07-17T23:00:00Z'))).toBe(true); // Friday 23:00
    expect(inWindow(parsed, new Date('2026-07-18T05:59:00Z'))).toBe(true); // Saturday 05:59
    expect(inWindow(parsed, new Date('2026-07-18T06:00:00Z'))).toBe(false);
    expect(inWindow(parsed, new Date('2026-07-16T23:00:00Z'))).toBe(false); // Thursday 23:00
    expect(inWindow(parsed, new Date('2026-07-17T05:00:00Z'))).toBe(false); // Friday 05:00 (Thursday night)
  });

  it('leaves out channels a person has no address for, and people left with none', () => {
    const plan = planRecipients(
      notifyConfigSchema.parse({ ...config, rota: [{ people: ['ops', 'lead'], channels: ['sms'] }] }),
      'critical',
      new Date('2026-07-15T07:30:00Z'),
    );
    expect(plan).toEqual([{ person: 'ops', channels: ['sms'] }]);
  });

  it('orders channels for fallback: e-mail, XMPP, SMS unless configured', () => {
    expect(fallbackOrderOf(config)).toEqual(['mail', 'chat', 'sms']);
    expect(fallbackOrderOf(notifyConfigSchema.parse({ ...config, fallbackOrder: ['sms'] }))).toEqual(['sms', 'mail', 'chat']);
  });
});

describe('the notify configuration', () => {
  const problems = (input: unknown) => {
    const result = notifyConfigSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names each wrong field', () => {
    expect(
      problems({
        channels: {
          chat: { type: 'xmpp', service: 'xmpp://x.example.com', username: 'm' },
          sms: { type: 'sms', url: 'ftp://x', method: 'POST' },
        },
        people: { ops: { phone: '0151 1234' }, nobody: {} },
        rota: [{ people: ['ops', 'ghost'], channels: ['chat', 'pager'], when: { from: '8:00', timezone: 'Mars/Olympus' } }],
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^channels\.sms\.url: /),
        expect.stringMatching(/^people\.ops\.phone: expected a phone number in E\.164/),
        expect.stringMatching(/^people\.nobody: a person needs at least one/),
        expect.stringMatching(/^rota\.0\.when\.from: expected HH:MM/),
        expect.stringMatching(/^rota\.0\.when\.timezone: expected an IANA time zone/),
      ]),
    );
    expect(
      problems({
        channels: { chat: { type: 'xmpp', service: 'xmpp://x.example.com', username: 'm' }, sms: { type: 'sms', url: 'https://x.example.com', auth: { type: 'bearer' } } },
        people: { ops: { phone: '+4915112345678' } },
        rota: [{ people: ['ops', 'ghost'], channels: ['chat', 'pager'] }],
        fallbackOrder: ['fax'],
      }),
    ).toEqual([
      'rota.0.people.1: no person "ghost" in people',
      'rota.0.channels.1: no channel "pager" in channels',
      'fallbackOrder.0: no channel "fax" in channels',
      'channels.chat.password: an XMPP channel needs password or passwordFile',
      'channels.sms.bodyTemplate: a POST SMS gateway needs a bodyTemplate',
      'channels.sms.auth.token: bearer auth needs token or tokenFile',
    ]);
  });
});

describe('the full example in docs/monitoring/notifications.md', () => {
  const markdown = readFileSync(new URL('../../../../docs/monitoring/notifications.md', import.meta.url), 'utf8');
  const json = /```json\n(\{\n {2}"notify"[\s\S]*?)```/.exec(markdown)?.[1];
  const example = notifyConfigSchema.parse((JSON.parse(json!) as { notify: unknown }).notify);
  const plan = (severity: 'warning' | 'critical', at: string) =>
    Object.fromEntries(planRecipients(example, severity, new Date(at)).map((r) => [r.person, r.channels]));

  it('is valid and does what the page says', () => {
    // Wednesday 20:00 and 10:00 in Berlin (summer time).
    expect(plan('critical', '2026-07-15T18:00:00Z')).toEqual({ anna: ['mail', 'sms'], bernd: ['mail'], lead: ['mail'] });
    expect(plan('critical', '2026-07-15T08:00:00Z')).toEqual({ anna: ['mail', 'chat'], bernd: ['mail', 'chat'], lead: ['mail'] });
    expect(plan('warning', '2026-07-15T18:00:00Z')).toEqual({ anna: ['mail'], bernd: ['mail'] });
  });
});

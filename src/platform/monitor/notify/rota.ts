import type { AlertSeverity } from '../alert-notice.js';
import type { ChannelType, NotifyConfig, Person, RotaEntry, TimeWindow } from './notify-config.js';
import { weekdays } from './notify-config.js';

/** One person and the channels (names, in fallback order) the rota picks for them. */
export interface PlannedRecipient {
  person: string;
  channels: string[];
}

const typeRank: Record<ChannelType, number> = { email: 0, xmpp: 1, sms: 2 };

/** The order failed deliveries fall back in: configured, or e-mail, then XMPP, then SMS channels. */
export function fallbackOrderOf(config: NotifyConfig): string[] {
  const names = Object.keys(config.channels);
  const configured = config.fallbackOrder ?? [];
  const rest = names
    .filter((name) => !configured.includes(name))
    .sort((a, b) => typeRank[config.channels[a]!.type] - typeRank[config.channels[b]!.type] || names.indexOf(a) - names.indexOf(b));
  return [...configured, ...rest];
}

/** The address a channel of this type needs, if the person has one. */
export function addressOf(person: Person, type: ChannelType): string | undefined {
  return type === 'email' ? person.email : type === 'xmpp' ? person.jid : person.phone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday (0 = Monday) and minutes since midnight at `at` in `timezone` (daylight saving included). */
export function localTime(at: Date, timezone: string): { day: number; minutes: number } {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const day = weekdays.indexOf(String(parts.weekday).toLowerCase().slice(0, 3) as (typeof weekdays)[number]);
  return { day, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether `at` falls in the window; a window whose `from` is after its `to` runs over midnight. */
export function inWindow(window: TimeWindow, at: Date): boolean {
  const { day, minutes } = localTime(at, window.timezone);
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  const onDay = (d: number) => window.days.includes(weekdays[(d + 7) % 7]!);
  if (from === to) return onDay(day);
  if (from < to) return onDay(day) && minutes >= from && minutes < to;
  return (onDay(day) && minutes >= from) || (onDay(day - 1) && minutes < to);
}

export function entryApplies(entry: RotaEntry, severity: AlertSeverity, at: Date): boolean {
  if (!entry.severities.includes(severity)) return false;
  if (entry.when && !entry.when.some((w) => inWindow(w, at))) return false;
  if (entry.outside?.some((w) => inWindow(w, at))) return false;
  return true;
}

/**
 * Who is told of an alert of this severity at this moment, and through which channels: every rota
 * entry that applies contributes its people and channels. Channels a person has no address for are left out.
 */
export function planRecipients(config: NotifyConfig, severity: AlertSeverity, at: Date): PlannedRecipient[] {
  const order = fallbackOrderOf(config);
  const byPerson = new Map<string, Set<string>>();
  for (const entry of config.rota) {
    if (!entryApplies(entry, severity, at)) continue;
    for (const person of entry.people) {
      const channels = byPerson.get(person) ?? new Set<string>();
      for (const channel of entry.channels) {
        if (addressOf(config.people[person]!, config.channels[channel]!.type)) channels.add(channel);
      }
      byPerson.set(person, channels);
    }
  }
  return [...byPerson]
    .filter(([, channels]) => channels.size > 0)
    .map(([person, channels]) => ({ person, channels: order.filter((name) => channels.has(name)) }));
}

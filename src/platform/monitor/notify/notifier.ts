import { Counter } from 'prom-client';
import type { AlertNotice, DeliveryResult, Notifier } from '../alert-notice.js';
import { metricsRegistry } from '../metrics.js';
import { alertMessage } from './alert-message.js';
import { channelLabel, type Channel } from './channel.js';
import type { NotifyConfig } from './notify-config.js';
import { addressOf, fallbackOrderOf, planRecipients, type PlannedRecipient } from './rota.js';

/** The pino methods the notifier logs with. */
export interface NotifyLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export const alertDeliveriesTotal = new Counter({
  name: 'lectern_alert_deliveries_total',
  help: 'Alert notices sent to one person through one channel, by channel type and outcome (delivered, failed)',
  labelNames: ['channel', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** How many alerts' recipients are remembered for their resolved notice (the oldest are forgotten first). */
const REMEMBERED_ALERTS = 10_000;

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim() || 'unknown error';
}

/**
 * Sends each notice to the people the rota names, through their channels in fallback order, one
 * after another per person (people in parallel), so that a later message can say what failed
 * before it. When a channel fails and no planned channel is left for that person, the notice goes
 * out through their next channel in the fallback order that was not tried yet. A resolved notice
 * goes to the channels that delivered the alert's firing notices; after a restart (nothing
 * remembered) to those the rota picks for its severity at the time it started firing.
 */
export function notifierOf(config: NotifyConfig, channels: Map<string, Channel>, logger: NotifyLogger): Notifier {
  const order = fallbackOrderOf(config);
  /** alertKey -> person -> channels that delivered a firing notice. */
  const told = new Map<string, Map<string, Set<string>>>();

  function nextChannel(after: string, attempted: Set<string>, person: string): string | undefined {
    const start = order.indexOf(after);
    for (let i = 1; i < order.length; i++) {
      const name = order[(start + i) % order.length]!;
      if (!attempted.has(name) && addressOf(config.people[person]!, config.channels[name]!.type)) return name;
    }
    return undefined;
  }

  async function deliverTo(recipient: PlannedRecipient, notice: AlertNotice): Promise<{ results: DeliveryResult[]; delivered: string[] }> {
    const person = config.people[recipient.person]!;
    const queue = [...recipient.channels];
    const attempted = new Set<string>();
    const failures: string[] = [];
    const results: DeliveryResult[] = [];
    const delivered: string[] = [];
    while (queue.length > 0) {
      const name = queue.shift()!;
      attempted.add(name);
      const channel = channels.get(name)!;
      const address = addressOf(person, channel.type)!;
      try {
        await channel.send(address, alertMessage(notice, failures));
        results.push({ channel: channel.type, recipient: address, ok: true });
        delivered.push(name);
        alertDeliveriesTotal.inc({ channel: channel.type, outcome: 'delivered' });
      } catch (error) {
        const text = errorText(error);
        results.push({ channel: channel.type, recipient: address, ok: false, error: text });
        failures.push(`${channelLabel[channel.type]} delivery failed: ${text}`);
        alertDeliveriesTotal.inc({ channel: channel.type, outcome: 'failed' });
        const fallback = queue.length === 0 ? nextChannel(name, attempted, recipient.person) : undefined;
        logger.warn(
          { alertKey: notice.alertKey, person: recipient.person, channel: name, error: text, fallback: fallback ?? null },
          `alert delivery failed through ${channelLabel[channel.type]}`,
        );
        if (fallback) queue.push(fallback);
      }
    }
    if (delivered.length === 0) logger.error({ alertKey: notice.alertKey, person: recipient.person }, 'alert reached this person through no channel');
    return { results, delivered };
  }

  function plan(notice: AlertNotice): PlannedRecipient[] {
    if (notice.state === 'resolved') {
      const remembered = told.get(notice.alertKey);
      told.delete(notice.alertKey);
      if (remembered) return [...remembered].map(([person, names]) => ({ person, channels: order.filter((name) => names.has(name)) }));
      return planRecipients(config, notice.severity, notice.since);
    }
    return planRecipients(config, notice.severity, notice.at);
  }

  function remember(notice: AlertNotice, person: string, delivered: string[]): void {
    if (notice.state !== 'firing' || delivered.length === 0) return;
    let people = told.get(notice.alertKey);
    if (!people) {
      if (told.size >= REMEMBERED_ALERTS) told.delete(told.keys().next().value!);
      people = new Map();
      told.set(notice.alertKey, people);
    }
    const names = people.get(person) ?? new Set<string>();
    for (const name of delivered) names.add(name);
    people.set(person, names);
  }

  return async (notice) => {
    try {
      const recipients = plan(notice);
      if (recipients.length === 0) {
        logger.warn({ alertKey: notice.alertKey, severity: notice.severity, state: notice.state }, 'no one on the rota for this alert now');
        return [];
      }
      const outcomes = await Promise.all(recipients.map((recipient) => deliverTo(recipient, notice)));
      outcomes.forEach(({ delivered }, i) => remember(notice, recipients[i]!.person, delivered));
      return outcomes.flatMap(({ results }) => results);
    } catch (error) {
      // Only a bug gets here (each delivery catches its own failure): the monitor must go on.
      logger.error({ alertKey: notice.alertKey, error: errorText(error) }, 'alert notification failed');
      return [];
    }
  };
}

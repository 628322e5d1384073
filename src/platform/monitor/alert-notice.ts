/**
 * What the monitor tells the notification channels: one alert of one rule for one component,
 * when it starts firing, when its severity changes, and when it is resolved. The channels
 * (notify/) and the on-call rota decide who hears of it and how; the monitor decides when.
 */
export type AlertSeverity = 'warning' | 'critical';

export interface AlertNotice {
  /** Stable id of the alert (rule + component), the same in its firing and resolved notices: de-duplication key. */
  alertKey: string;
  /** The rule's name, e.g. `disk_free`, `backup_age`. */
  rule: string;
  /** What was checked, e.g. `database`, `storage:local-a`, `disk:/var/lib/lectern`. */
  component: string;
  severity: AlertSeverity;
  /** `firing` when it starts or changes severity, `resolved` when the condition cleared. */
  state: 'firing' | 'resolved';
  /** One line for a person, in English: what is wrong and the value seen, e.g. "Free disk 4.2% on /var (warning below 10%, critical below 5%)". */
  summary: string;
  /** The value that crossed the threshold, when there is one. */
  value?: number;
  /** When the alert started firing. */
  since: Date;
  /** When this notice was made. */
  at: Date;
}

/** A channel's answer for one recipient: delivered, or why not (the monitor alerts through another channel then). */
export interface DeliveryResult {
  channel: 'email' | 'xmpp' | 'sms';
  recipient: string;
  ok: boolean;
  error?: string;
}

/** Sends one notice to everyone the rota names for it now; never throws, every failure is in the results. */
export type Notifier = (notice: AlertNotice) => Promise<DeliveryResult[]>;

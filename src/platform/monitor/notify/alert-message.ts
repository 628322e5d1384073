import type { AlertNotice } from '../alert-notice.js';

/** What a channel sends one person: a subject (e-mail) and a plain-text body. */
export interface AlertMessage {
  subject: string;
  /** The full text (e-mail, XMPP). */
  text: string;
  /** One short paragraph (SMS). */
  short: string;
}

/** `[CRITICAL] disk_free on disk:/var/lib/lectern`, `[RESOLVED] …` once cleared. */
export function subjectOf(notice: AlertNotice): string {
  const tag = notice.state === 'resolved' ? 'RESOLVED' : notice.severity.toUpperCase();
  return `[${tag}] ${notice.rule} on ${notice.component}`;
}

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The message for one person. `failures` are earlier deliveries of this notice to them that failed
 * ("e-mail delivery failed: …"), so the channel that did work also tells that another did not.
 */
export function alertMessage(notice: AlertNotice, failures: string[] = []): AlertMessage {
  const subject = subjectOf(notice);
  const lines = [
    notice.summary,
    '',
    `Rule:      ${notice.rule}`,
    `Component: ${notice.component}`,
    `Severity:  ${notice.severity}`,
    notice.state === 'resolved' ? `Resolved:  ${iso(notice.at)} (firing since ${iso(notice.since)})` : `Firing since ${iso(notice.since)}`,
    ...(notice.value !== undefined ? [`Value:     ${notice.value}`] : []),
    `Alert:     ${notice.alertKey}`,
  ];
  const note = failures.length > 0 ? ['', ...failures] : [];
  return {
    subject,
    text: [...lines, ...note].join('\n'),
    short: [`${subject}: ${notice.summary}`, ...failures].join(' / '),
  };
}

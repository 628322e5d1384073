import { createHmac, hkdfSync } from 'node:crypto';
import type { MailTopic } from './unsubscribe-link.js';

/**
 * A `u1` unsubscribe link, as mails carried them before links named their consent: Lectern no
 * longer makes these, but still honours the ones in mailboxes, and tests make such links with this
 * to show it. Written out on its own, so a change to the checker cannot quietly change it too.
 */
export function legacyUnsubscribeToken(secretKey: Buffer, subject: { tenantId: string; userId: string; topic: MailTopic }): string {
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'lectern unsubscribe link v1', 32));
  const mac = createHmac('sha256', key).update(`u1\n${subject.tenantId}\n${subject.userId}\n${subject.topic}`).digest('base64url');
  const ids = Buffer.from(`${subject.tenantId}${subject.userId}`.replace(/-/g, ''), 'hex').toString('base64url');
  return `u1.${ids}.${subject.topic}.${mac}`;
}

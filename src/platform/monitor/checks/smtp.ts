import type { MailConfig } from '../../../config.js';
import { createMailTransport } from '../../mail/mail-transport.js';
import { errorMessage, type CheckResult } from '../check.js';

/**
 * The SMTP server of LECTERN_SMTP_URL, asked as the mail jobs ask it: connect, upgrade with
 * STARTTLS (required: a server that does not offer it is refused, as mail would be), log in.
 * `starttls` 0 is a server that answers but would take mail only in the clear: no mail goes out,
 * so the alert must reach people by another channel.
 */
export async function checkSmtp(mail: MailConfig): Promise<CheckResult> {
  const transport = createMailTransport(mail);
  const host = new URL(mail.smtpUrl).host;
  try {
    await transport.verify();
    return { component: 'smtp', status: 'ok', values: { up: 1, starttls: 1 }, message: `${host} accepts a TLS session` };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = errorMessage(error);
    // Nodemailer's words when requireTLS meets a server without STARTTLS.
    if (code === 'ETLS' && /STARTTLS/i.test(reason)) {
      return { component: 'smtp', status: 'critical', values: { up: 1, starttls: 0 }, message: `${host} does not offer STARTTLS: mail cannot be sent over TLS` };
    }
    return { component: 'smtp', status: 'critical', values: { up: 0 }, message: `${host}: ${reason}` };
  } finally {
    transport.close();
  }
}

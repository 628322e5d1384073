import { z } from 'zod';
import { siteNameOf } from '../../platform/branding/index.js';
import type { JobHandlers } from '../../platform/jobs/index.js';
import { enqueueRenderedMail } from '../../platform/mail/index.js';
import { storeMailBody } from '../market-mail.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import { findTenantById, siteUrlOf } from '../../platform/tenancy/index.js';

/** The job that tells an employee a seat was given to them. */
export const MARKET_SEAT_MAIL = 'market.seat_mail';

const payload = z.object({ email: z.string(), firstName: z.string(), title: z.string(), company: z.string(), language: z.enum(['de', 'en']), passwordToken: z.string().nullable() });

const wording = {
  en: (d: z.infer<typeof payload>, site: string) => ({
    subject: `${d.company} gave you access to ${d.title}`,
    paragraphs: [`Hello ${d.firstName},`, `${d.company} gave you a seat for “${d.title}” at ${site}.`, d.passwordToken ? 'Choose your password to start (the link is valid for 7 days and works once):' : 'Sign in to start:'],
    action: d.passwordToken ? 'Choose your password' : 'Open my courses',
  }),
  de: (d: z.infer<typeof payload>, site: string) => ({
    subject: `${d.company} hat Ihnen Zugang zu ${d.title} gegeben`,
    paragraphs: [`Hallo ${d.firstName},`, `${d.company} hat Ihnen einen Platz für „${d.title}“ bei ${site} gegeben.`, d.passwordToken ? 'Legen Sie Ihr Passwort fest, um zu beginnen (der Link ist 7 Tage gültig und funktioniert einmal):' : 'Melden Sie sich an, um zu beginnen:'],
    action: d.passwordToken ? 'Passwort festlegen' : 'Meine Kurse öffnen',
  }),
};

export function seatMailJobs(deps: AreaDeps): JobHandlers {
  return {
    [MARKET_SEAT_MAIL]: async (raw, job) => {
      if (!job.tenantId) throw new Error(`${MARKET_SEAT_MAIL} job ${job.id} has no tenant`);
      const data = payload.parse(raw);
      const tenant = await findTenantById(deps.db.owner, job.tenantId);
      if (!tenant) return;
      const siteUrl = siteUrlOf(tenant, deps.config);
      const link = data.passwordToken ? `${siteUrl}/accept-invitation#token=${encodeURIComponent(data.passwordToken)}` : `${siteUrl}/`;
      const text = wording[data.language](data, siteNameOf(tenant));
      await deps.db.withTenant(tenant.id, (tx) =>
        enqueueRenderedMail(tx, { to: data.email, template: 'market_seat', subject: text.subject, ...storeMailBody(text.paragraphs, [{ text: text.action, href: link }]) }),
      );
    },
  };
}

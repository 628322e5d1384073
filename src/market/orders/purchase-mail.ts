import { z } from 'zod';
import { siteNameOf } from '../../platform/branding/index.js';
import type { JobHandlers } from '../../platform/jobs/index.js';
import { enqueueRenderedMail } from '../../platform/mail/index.js';
import { storeMailBody } from '../market-mail.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import { findTenantById, sectionSettingsOf, siteUrlOf } from '../../platform/tenancy/index.js';
import { marketSettings } from '../market.settings.js';
import { formatMoney, isCurrency } from '../money.js';
import { MARKET_PURCHASE_MAIL } from './grant-access.js';
import { findOrder, linesOf } from './orders.repository.js';

/** `confirmToken`: the order waits for its address to be confirmed (checkout/confirm-order.ts); the mail carries the link. */
const payload = z.object({ orderId: z.uuid(), passwordToken: z.string().nullable(), transfer: z.boolean().default(false), confirmToken: z.string().nullable().default(null) });

interface PurchaseMailData {
  siteName: string;
  firstName: string;
  reference: string;
  titles: string[];
  total: string;
  /** Where the courses are (the learner's dashboard), or where the password is chosen first. */
  link: string;
  newPassword: boolean;
}

const wording = {
  en: (d: PurchaseMailData) => ({
    subject: `Your purchase at ${d.siteName} (${d.reference})`,
    paragraphs: [`Hello ${d.firstName},`, `thank you for your purchase. Order ${d.reference}, ${d.total}:`, ...d.titles.map((t) => `• ${t}`), d.newPassword ? 'Your courses are ready. Choose your password to open them (the link is valid for 7 days and works once):' : 'Your courses are ready in your account:'],
    action: d.newPassword ? 'Choose your password' : 'Open my courses',
  }),
  de: (d: PurchaseMailData) => ({
    subject: `Ihr Kauf bei ${d.siteName} (${d.reference})`,
    paragraphs: [`Hallo ${d.firstName},`, `vielen Dank für Ihren Kauf. Bestellung ${d.reference}, ${d.total}:`, ...d.titles.map((t) => `• ${t}`), d.newPassword ? 'Ihre Kurse sind bereit. Legen Sie Ihr Passwort fest, um sie zu öffnen (der Link ist 7 Tage gültig und funktioniert einmal):' : 'Ihre Kurse sind in Ihrem Konto bereit:'],
    action: d.newPassword ? 'Passwort festlegen' : 'Meine Kurse öffnen',
  }),
};

interface ConfirmMailData {
  siteName: string;
  firstName: string;
  reference: string;
  titles: string[];
  link: string;
}

const confirmWording = {
  en: (d: ConfirmMailData) => ({
    subject: `Confirm your order at ${d.siteName} (${d.reference})`,
    paragraphs: [`Hello ${d.firstName},`, `please confirm that this is your e-mail address to receive order ${d.reference}:`, ...d.titles.map((t) => `• ${t}`), 'The link is valid for 7 days. If you did not order this, ignore this e-mail: nothing happens without the confirmation.'],
    action: 'Confirm my order',
  }),
  de: (d: ConfirmMailData) => ({
    subject: `Bestätigen Sie Ihre Bestellung bei ${d.siteName} (${d.reference})`,
    paragraphs: [`Hallo ${d.firstName},`, `bitte bestätigen Sie, dass dies Ihre E-Mail-Adresse ist, um die Bestellung ${d.reference} zu erhalten:`, ...d.titles.map((t) => `• ${t}`), 'Der Link ist 7 Tage gültig. Wenn Sie das nicht bestellt haben, ignorieren Sie diese E-Mail: Ohne Bestätigung geschieht nichts.'],
    action: 'Bestellung bestätigen',
  }),
};

/** The address of the page that confirms an order (a form: a mail scanner fetching the link confirms nothing). */
export const confirmationLinkOf = (siteUrl: string, orderId: string, token: string) => `${siteUrl}/store/orders/${orderId}/confirm?${new URLSearchParams({ token })}`;

interface TransferMailData {
  siteName: string;
  firstName: string;
  reference: string;
  titles: string[];
  total: string;
  accountHolder: string;
  iban: string;
  bic: string;
  dueDate: string;
  link: string;
  /** The link that lets the courses open before the money arrives, once the address is confirmed. */
  confirmLink: string | undefined;
}

const transferWording = {
  en: (d: TransferMailData) => ({
    subject: `Your order at ${d.siteName} (${d.reference}): payment by bank transfer`,
    paragraphs: [`Hello ${d.firstName},`, `thank you for your order ${d.reference}:`, ...d.titles.map((t) => `• ${t}`), `Please transfer ${d.total} by ${d.dueDate} to ${d.accountHolder}, IBAN ${d.iban}${d.bic ? `, BIC ${d.bic}` : ''}, with the reference ${d.reference}. ${d.confirmLink ? 'Your courses open as soon as you confirm your e-mail address with the link below.' : 'Your courses open when the money has arrived; we will write to you then.'} The invoice is on the order page.`],
    action: 'Open the order',
    confirmAction: 'Confirm my e-mail address',
  }),
  de: (d: TransferMailData) => ({
    subject: `Ihre Bestellung bei ${d.siteName} (${d.reference}): Zahlung per Überweisung`,
    paragraphs: [`Hallo ${d.firstName},`, `vielen Dank für Ihre Bestellung ${d.reference}:`, ...d.titles.map((t) => `• ${t}`), `Bitte überweisen Sie ${d.total} bis zum ${d.dueDate} an ${d.accountHolder}, IBAN ${d.iban}${d.bic ? `, BIC ${d.bic}` : ''}, mit dem Verwendungszweck ${d.reference}. ${d.confirmLink ? 'Ihre Kurse öffnen sich, sobald Sie Ihre E-Mail-Adresse mit dem Link unten bestätigen.' : 'Ihre Kurse öffnen sich, sobald das Geld eingegangen ist; wir schreiben Ihnen dann.'} Die Rechnung finden Sie auf der Bestellseite.`],
    action: 'Bestellung öffnen',
    confirmAction: 'E-Mail-Adresse bestätigen',
  }),
};

/** The buyer's mail after payment: what they bought and where it is (a link from the site's own address, never a request's Host). */
export function purchaseMailJobs(deps: AreaDeps): JobHandlers {
  return {
    [MARKET_PURCHASE_MAIL]: async (raw, job) => {
      if (!job.tenantId) throw new Error(`${MARKET_PURCHASE_MAIL} job ${job.id} has no tenant`);
      const { orderId, passwordToken, transfer, confirmToken } = payload.parse(raw);
      const tenant = await findTenantById(deps.db.owner, job.tenantId);
      if (!tenant) return;
      const siteUrl = siteUrlOf(tenant, deps.config);
      await deps.db.withTenant(tenant.id, async (tx) => {
        const order = await findOrder(tx, orderId);
        if (!order || !isCurrency(order.currency)) return;
        const lines = await linesOf(tx, orderId);
        if (transfer) {
          const bank = sectionSettingsOf(tenant, marketSettings).bankTransfer;
          const due = new Date(order.createdAt.getTime() + bank.paymentTermDays * 24 * 60 * 60_000);
          const mail = transferWording[order.language]({
            siteName: siteNameOf(tenant),
            firstName: order.buyerFirstName,
            reference: order.reference,
            titles: lines.map((line) => line.title),
            total: formatMoney(order.grossMinor, order.currency, order.language),
            accountHolder: bank.accountHolder,
            iban: bank.iban,
            bic: bank.bic,
            dueDate: new Intl.DateTimeFormat(order.language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(due),
            link: `${siteUrl}/store/orders/${order.id}`,
            confirmLink: confirmToken ? confirmationLinkOf(siteUrl, order.id, confirmToken) : undefined,
          });
          const links = [{ text: mail.action, href: `${siteUrl}/store/orders/${order.id}` }, ...(confirmToken ? [{ text: mail.confirmAction, href: confirmationLinkOf(siteUrl, order.id, confirmToken) }] : [])];
          await enqueueRenderedMail(tx, { to: order.buyerEmail, template: 'market_transfer', subject: mail.subject, ...storeMailBody(mail.paragraphs, links) });
          return;
        }
        if (confirmToken) {
          const data: ConfirmMailData = { siteName: siteNameOf(tenant), firstName: order.buyerFirstName, reference: order.reference, titles: lines.map((line) => line.title), link: confirmationLinkOf(siteUrl, order.id, confirmToken) };
          const mail = confirmWording[order.language](data);
          await enqueueRenderedMail(tx, { to: order.buyerEmail, template: 'market_confirm', subject: mail.subject, ...storeMailBody(mail.paragraphs, [{ text: mail.action, href: data.link }], data.siteName) });
          return;
        }
        const data: PurchaseMailData = {
          siteName: siteNameOf(tenant),
          firstName: order.buyerFirstName,
          reference: order.reference,
          titles: lines.map((line) => line.title),
          total: formatMoney(order.grossMinor, order.currency, order.language),
          link: passwordToken ? `${siteUrl}/accept-invitation#token=${encodeURIComponent(passwordToken)}` : `${siteUrl}/`,
          newPassword: passwordToken !== null,
        };
        const text = wording[order.language](data);
        await enqueueRenderedMail(tx, { to: order.buyerEmail, template: 'market_purchase', subject: text.subject, ...storeMailBody(text.paragraphs, [{ text: text.action, href: data.link }], data.siteName) });
      });
    },
  };
}

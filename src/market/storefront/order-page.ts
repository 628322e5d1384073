import { escapeHtml, type Language } from '../../platform/http/index.js';
import { formatMoney, isCurrency } from '../money.js';
import type { OrderStatus, PaymentProvider } from '../orders/orders.schema.js';
import { vatRateText } from './price-view.js';
import { storePage, type Chrome } from './storefront-layout.js';
import { STORE_TEXT, type StoreText } from './storefront-text.js';

/** An order as its buyer's return page shows it: nothing that names the buyer (the address may be in a browser's history). */
export interface OrderPageView {
  reference: string;
  status: OrderStatus;
  provider: PaymentProvider;
  currency: string;
  lines: { title: string; quantity: number; grossMinor: number; vatRateBasisPoints: number }[];
  netMinor: number;
  vatMinor: number;
  grossMinor: number;
  /** The seller's bank details, while a bank transfer is awaited. */
  transfer: { accountHolder: string; iban: string; bic: string; paymentTermDays: number } | undefined;
  /** The order waits for its buyer to confirm their address through the mailed link. */
  awaitingConfirmation: boolean;
  coursesHref: string;
  catalogueHref: string;
}

function statusText(view: OrderPageView, t: StoreText): string {
  switch (view.status) {
    case 'paid':
    case 'partially_refunded':
      return view.provider === 'free' ? t.enrolled : t.paid;
    case 'pending':
      if (view.provider === 'free' && view.awaitingConfirmation) return t.awaitingConfirmation;
      return view.provider === 'invoice' ? t.awaitingTransfer : t.waiting;
    case 'awaiting_transfer':
      return view.awaitingConfirmation ? t.transferAwaitingConfirmation : t.awaitingTransfer;
    case 'cancelled':
      return t.cancelled;
    case 'refunded':
      return t.refunded;
    case 'charged_back':
      return t.chargedBack;
  }
}

export function orderPage(chrome: Chrome, view: OrderPageView): string {
  const language: Language = chrome.language;
  const t = STORE_TEXT[language];
  const money = (minor: number) => (isCurrency(view.currency) ? formatMoney(minor, view.currency, language) : `${(minor / 100).toFixed(2)} ${view.currency}`);
  const rates = [...new Set(view.lines.map((line) => line.vatRateBasisPoints))];
  const vatLabel = rates.length === 1 && rates[0]! > 0 ? t.vat(vatRateText(rates[0]!, language)) : t.vatNone;
  const rows = view.lines
    .map((line) => `<tr><td>${escapeHtml(line.title)}</td><td class="number">${line.quantity}</td><td class="number">${escapeHtml(money(line.grossMinor))}</td></tr>`)
    .join('');
  const transfer = view.transfer
    ? `<section aria-labelledby="transfer-heading"><h2 id="transfer-heading">${escapeHtml(t.transferTitle)}</h2><p>${escapeHtml(t.transferIntro(money(view.grossMinor), view.transfer.paymentTermDays))}</p>
<dl class="facts"><dt>${escapeHtml(t.accountHolder)}</dt><dd>${escapeHtml(view.transfer.accountHolder)}</dd><dt>${escapeHtml(t.iban)}</dt><dd>${escapeHtml(view.transfer.iban)}</dd>${view.transfer.bic ? `<dt>${escapeHtml(t.bic)}</dt><dd>${escapeHtml(view.transfer.bic)}</dd>` : ''}<dt>${escapeHtml(t.transferReference)}</dt><dd>${escapeHtml(view.reference)}</dd></dl></section>`
    : '';
  const ready = view.status === 'paid' || view.status === 'partially_refunded';
  const main = `<h1>${escapeHtml(t.orderTitle(view.reference))}</h1>
<dl class="facts"><dt>${escapeHtml(t.reference)}</dt><dd>${escapeHtml(view.reference)}</dd></dl>
<h2>${escapeHtml(t.status)}</h2>
<p class="status">${escapeHtml(statusText(view, t))}</p>
${transfer}
<section aria-labelledby="lines-heading"><h2 id="lines-heading">${escapeHtml(t.lines)}</h2>
<table><thead><tr><th scope="col">${escapeHtml(t.product)}</th><th scope="col" class="number">${escapeHtml(t.quantity)}</th><th scope="col" class="number">${escapeHtml(t.amount)}</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row" colspan="2">${escapeHtml(t.net)}</th><td class="number">${escapeHtml(money(view.netMinor))}</td></tr>
<tr><th scope="row" colspan="2">${escapeHtml(vatLabel)}</th><td class="number">${escapeHtml(money(view.vatMinor))}</td></tr>
<tr><th scope="row" colspan="2">${escapeHtml(t.total)}</th><td class="number"><strong>${escapeHtml(money(view.grossMinor))}</strong></td></tr></tfoot></table></section>
<div class="actions">${ready ? `<a class="button" href="${escapeHtml(view.coursesHref)}">${escapeHtml(t.goToCourses)}</a>` : ''}<a href="${escapeHtml(view.catalogueHref)}">${escapeHtml(t.allCourses)}</a></div>`;
  return storePage(chrome, { title: t.orderTitle(view.reference), noindex: true }, main);
}

/** The page the mailed link opens: a button, so a mail scanner that fetches the link confirms nothing. */
export function confirmOrderPage(chrome: Chrome, view: { reference: string; action: string; token: string }): string {
  const t = STORE_TEXT[chrome.language];
  const main = `<h1>${escapeHtml(t.confirmTitle)}</h1>
<p>${escapeHtml(t.confirmIntro(view.reference))}</p>
<form method="post" action="${escapeHtml(view.action)}"><input type="hidden" name="token" value="${escapeHtml(view.token)}"><button type="submit" class="button">${escapeHtml(t.confirmButton)}</button></form>`;
  return storePage(chrome, { title: t.confirmTitle, noindex: true }, main);
}

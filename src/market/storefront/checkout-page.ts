import { escapeHtml, type Language } from '../../platform/http/index.js';
import { CHECKOUT_FIELDS, type CheckoutErrors, type CheckoutField, type CheckoutFormValues } from './checkout-form.js';
import { priceMarkup } from './price-markup.js';
import type { ShownPrice } from './price-view.js';
import { storePage, type Chrome } from './storefront-layout.js';
import { STORE_TEXT } from './storefront-text.js';

export type PaymentMethod = 'card' | 'bank_transfer';

export interface CheckoutPageView {
  product: { title: string; free: boolean; accessDays: number | null };
  /** Seats for a team are bought (the number is asked). */
  seats: boolean;
  price: ShownPrice | undefined;
  values: CheckoutFormValues;
  errors: CheckoutErrors;
  /** The buyer is signed in: their address is the account's and cannot be changed here. */
  signedIn: boolean;
  countries: { code: string; name: string }[];
  /** The ways of paying the store offers now (none: it cannot take payments). */
  paymentMethods: PaymentMethod[];
  /** Why nothing can be bought (no way of paying set up). */
  unavailable: string | undefined;
  action: string;
  productHref: string;
  sellerName: string;
}

interface FieldOptions {
  label: string;
  hint?: string | undefined;
  control: (describedBy: string, invalid: string) => string;
}

/** A labelled field with its hint and its error, the control described by both. */
function field(name: CheckoutField, errors: CheckoutErrors, options: FieldOptions): string {
  const error = errors.fields[name];
  const ids = [options.hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  const describedBy = ids ? ` aria-describedby="${ids}"` : '';
  const invalid = error ? ' aria-invalid="true"' : '';
  return `<div class="field"><label for="${name}">${escapeHtml(options.label)}</label>${options.hint ? `<p class="hint" id="${name}-hint">${escapeHtml(options.hint)}</p>` : ''}${error ? `<p class="field-error" id="${name}-error">${escapeHtml(error)}</p>` : ''}${options.control(describedBy, invalid)}</div>`;
}

function input(name: CheckoutField, value: string, attributes: string): FieldOptions['control'] {
  return (describedBy, invalid) => `<input id="${name}" name="${name}" value="${escapeHtml(value)}" ${attributes}${describedBy}${invalid}>`;
}

function paymentFieldset(view: CheckoutPageView, language: Language): string {
  const t = STORE_TEXT[language];
  const error = view.errors.fields.paymentMethod;
  const chosen = view.paymentMethods.includes(view.values.paymentMethod as PaymentMethod) ? view.values.paymentMethod : view.paymentMethods[0];
  const describedBy = error ? ' aria-describedby="paymentMethod-error"' : '';
  const choices = view.paymentMethods
    .map((method, index) => {
      const id = index === 0 ? 'paymentMethod' : `paymentMethod-${method}`;
      return `<label class="choice" for="${id}"><input type="radio" id="${id}" name="paymentMethod" value="${method}"${method === chosen ? ' checked' : ''}${describedBy}>${escapeHtml(method === 'card' ? t.card : t.bankTransfer)}</label>`;
    })
    .join('');
  return `<fieldset><legend>${escapeHtml(t.payment)}</legend>${error ? `<p class="field-error" id="paymentMethod-error">${escapeHtml(error)}</p>` : ''}${choices}</fieldset>`;
}

function errorSummary(errors: CheckoutErrors, language: Language): string {
  const t = STORE_TEXT[language];
  // In the order of the form, each linked to its field.
  const items = CHECKOUT_FIELDS.flatMap((name) => {
    const message = errors.fields[name];
    return message ? [`<li><a href="#${name}">${escapeHtml(message)}</a></li>`] : [];
  });
  if (items.length === 0 && !errors.form) return '';
  const form = errors.form ? `<p>${escapeHtml(errors.form)}</p>` : '';
  const list = items.length > 0 ? `<p>${escapeHtml(t.errorSummary)}</p><ul>${items.join('')}</ul>` : '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-heading"><h2 id="error-heading">${escapeHtml(t.errorPrefix)}</h2>${form}${list}</div>`;
}

function orderSummary(view: CheckoutPageView, language: Language): string {
  const t = STORE_TEXT[language];
  const access = view.product.accessDays === null ? t.lifetime : t.accessDays(view.product.accessDays);
  const note = view.product.free ? '' : `<p class="hint">${escapeHtml(t.priceCountryNote)}</p>`;
  return `<section class="price-box" aria-labelledby="summary-heading"><h2 id="summary-heading">${escapeHtml(t.summary)}</h2>
<dl class="facts"><dt>${escapeHtml(t.product)}</dt><dd><a href="${escapeHtml(view.productHref)}">${escapeHtml(view.product.title)}</a></dd>
<dt>${escapeHtml(view.seats ? t.pricePerSeat : t.price)}</dt><dd>${priceMarkup(view.price, language)}</dd>
<dt>${escapeHtml(t.access)}</dt><dd>${escapeHtml(access)}</dd></dl>${note}</section>`;
}

/**
 * The checkout form, without script: the buyer's details, the business fields, the way of paying
 * and (for seats) their number; a refused form comes back with each problem at its field, the
 * values kept. `novalidate`: the server words every problem, in the page's language.
 */
export function checkoutPage(chrome: Chrome, view: CheckoutPageView): string {
  const language = chrome.language;
  const t = STORE_TEXT[language];
  const { values, errors } = view;
  const countries = view.countries.map((c) => `<option value="${c.code}"${c.code === values.country ? ' selected' : ''}>${escapeHtml(c.name)}</option>`).join('');
  const details = [
    field('firstName', errors, { label: t.firstName, control: input('firstName', values.firstName, 'type="text" autocomplete="given-name" maxlength="100" required') }),
    field('lastName', errors, { label: t.lastName, control: input('lastName', values.lastName, 'type="text" autocomplete="family-name" maxlength="100" required') }),
    field('email', errors, {
      label: t.email,
      hint: view.signedIn ? t.signedInAs : t.emailHint,
      control: input('email', values.email, `type="email" autocomplete="email" maxlength="254" required${view.signedIn ? ' readonly' : ''}`),
    }),
    field('country', errors, {
      label: t.country,
      control: (describedBy, invalid) => `<select id="country" name="country" autocomplete="country" required${describedBy}${invalid}>${countries}</select>`,
    }),
  ];
  const seats = view.seats
    ? field('quantity', errors, { label: t.seats, hint: t.seatsHint, control: input('quantity', values.quantity || '1', 'type="number" inputmode="numeric" min="1" max="10000" step="1" required') })
    : '';
  const paid = !view.product.free;
  const business = paid
    ? `<fieldset><legend>${escapeHtml(t.business)}</legend>${field('company', errors, { label: t.company, control: input('company', values.company, 'type="text" autocomplete="organization" maxlength="200"') })}${field('vatId', errors, { label: t.vatId, hint: t.vatIdHint, control: input('vatId', values.vatId, 'type="text" autocomplete="off" maxlength="20" spellcheck="false"') })}</fieldset>
${field('address', errors, {
  label: t.address,
  hint: t.addressHint,
  control: (describedBy, invalid) => `<textarea id="address" name="address" autocomplete="street-address" maxlength="1000" rows="3"${describedBy}${invalid}>${escapeHtml(values.address)}</textarea>`,
})}`
    : '';
  const payment = paid && view.paymentMethods.length > 0 ? paymentFieldset(view, language) : '';
  const unavailable = view.unavailable ? `<p class="error-summary" role="alert">${escapeHtml(view.unavailable)}</p>` : '';
  const submit = view.unavailable
    ? ''
    : `<p class="hint">${escapeHtml(paid ? t.consent(view.sellerName || chrome.siteName) : t.consentFree(view.sellerName || chrome.siteName))}</p>
<div class="actions"><button class="button" type="submit">${escapeHtml(paid ? t.placeOrder : t.placeFreeOrder)}</button></div>`;
  const hasErrors = errors.form !== undefined || Object.keys(errors.fields).length > 0;
  const main = `<p><a href="${escapeHtml(view.productHref)}">← ${escapeHtml(view.product.title)}</a></p>
<h1>${escapeHtml(t.checkoutTitle)}</h1>
${errorSummary(errors, language)}${unavailable}
<div class="layout">
${orderSummary(view, language)}
<form method="post" action="${escapeHtml(view.action)}" novalidate>
<input type="hidden" name="currency" value="${escapeHtml(values.currency)}">
<fieldset><legend>${escapeHtml(t.yourDetails)}</legend>
${details.join('\n')}
</fieldset>
${seats}
${business}
${payment}
${submit}
</form>
</div>`;
  return storePage(chrome, { title: `${hasErrors ? `${t.errorPrefix}: ` : ''}${t.checkoutTitle} · ${view.product.title}`, noindex: true }, main);
}

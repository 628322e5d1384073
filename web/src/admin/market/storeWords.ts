// The store's fixed vocabularies as the web app lists them (statuses, kinds, tax rules, countries).
// The server's lists live in its table files, which the browser does not load; `satisfies` keeps
// these within the server's types and a unit test keeps them equal to the server's lists.
import type { OrderStatus, ProductView } from './market.api';

export const ORDER_STATUSES = ['pending', 'awaiting_transfer', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'charged_back'] as const satisfies readonly OrderStatus[];
export const PRODUCT_KINDS = ['course', 'bundle'] as const satisfies readonly ProductView['kind'][];
export const PRODUCT_STATUSES = ['draft', 'published', 'archived'] as const satisfies readonly ProductView['status'][];
export const TAX_RULES = ['oss', 'domestic', 'reverse_charge', 'outside_eu'] as const;
export const PRICE_MODES = ['gross', 'net'] as const;
export const REFUND_KINDS = ['refund', 'chargeback'] as const;
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;

export type ProductKind = (typeof PRODUCT_KINDS)[number];
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const ORDER_STATUS_COLOURS: Record<OrderStatus, string> = {
  pending: 'gray',
  awaiting_transfer: 'yellow',
  paid: 'green',
  partially_refunded: 'orange',
  refunded: 'grape',
  cancelled: 'gray',
  charged_back: 'red',
};

export const PRODUCT_STATUS_COLOURS: Record<ProductStatus, string> = { draft: 'gray', published: 'green', archived: 'orange' };

/** How an order is paid, as the messages name it (a provider this release does not know: "other"). */
export function providerKey(provider: string): 'stripe' | 'invoice' | 'free' | 'other' {
  return provider === 'stripe' || provider === 'invoice' || provider === 'free' ? provider : 'other';
}

/** The Stripe events the store's webhook handles: the seller selects exactly these for the endpoint. */
export const STRIPE_EVENTS = [
  'checkout.session.completed',
  'checkout.session.expired',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.closed',
] as const;

/** The countries a seller may be in: ISO 3166-1 alpha-2 and Kosovo (XK), as the storefront offers them. */
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

/** A country's name in the UI language ("DE" -> "Deutschland"); the code itself when the runtime cannot name it. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The countries as options of a select, sorted by their names in the UI language. */
export function countryOptions(language: string): { value: string; label: string }[] {
  const collator = new Intl.Collator(language);
  return COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code, language) })).sort((a, b) => collator.compare(a.label, b.label));
}

/** Languages a course is commonly taught in, offered in the product editor (a product's own other tag is kept). */
export const COURSE_LANGUAGES = ['de', 'en', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'cs', 'da', 'sv', 'fi', 'no', 'hu', 'ro', 'bg', 'el', 'tr', 'ja', 'zh'] as const;

export function languageName(tag: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

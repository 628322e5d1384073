import type { CatalogueEntry } from '../platform/http/index.js';

/** The store's products and its storefront. */
export const marketCatalogueErrors = {
  MARKET_PRODUCT_NOT_FOUND: { status: 404, en: 'There is no such product in the store.', de: 'Dieses Produkt gibt es im Shop nicht.' },
  MARKET_SLUG_TAKEN: { status: 409, en: 'Another product already has this address.', de: 'Ein anderes Produkt hat diese Adresse schon.' },
  MARKET_COURSE_UNKNOWN: { status: 422, en: 'A course of the product does not exist in Learn.', de: 'Ein Kurs des Produkts existiert in Learn nicht.' },
  MARKET_PRODUCT_SHAPE: { status: 422, en: 'A course product holds exactly one course, a bundle at least two; the preview must be one of them.', de: 'Ein Kursprodukt enthält genau einen Kurs, ein Paket mindestens zwei; die Vorschau muss einer davon sein.' },
  MARKET_PRICE_REQUIRED: { status: 422, en: 'A product that is not free needs a price; a free one has none.', de: 'Ein Produkt, das nicht kostenlos ist, braucht einen Preis; ein kostenloses hat keinen.' },
  MARKET_STORE_CLOSED: { status: 404, en: 'This site has no store open.', de: 'Diese Website hat keinen geöffneten Shop.' },
  MARKET_PREVIEW_UNAVAILABLE: { status: 404, en: 'This course has no free preview in the store (any more).', de: 'Für diesen Kurs gibt es im Shop keine kostenlose Vorschau (mehr).' },
} as const satisfies Record<string, CatalogueEntry>;

/** Checkout, payment and the orders. */
export const marketCheckoutErrors = {
  MARKET_NOT_FOR_SALE: { status: 409, en: 'This product is not for sale (any more).', de: 'Dieses Produkt ist nicht (mehr) zu kaufen.' },
  MARKET_CURRENCY_NOT_OFFERED: { status: 422, en: 'The product is not sold in this currency.', de: 'Das Produkt wird in dieser Währung nicht verkauft.' },
  MARKET_QUANTITY_INVALID: { status: 422, en: 'Buy one access, or between 1 and 10,000 seats of a seat pack.', de: 'Kaufen Sie einen Zugang oder 1 bis 10.000 Plätze eines Platzpakets.' },
  MARKET_SEATS_NOT_OFFERED: { status: 422, en: 'This product is not sold as seats for a company.', de: 'Dieses Produkt wird nicht als Plätze für Unternehmen verkauft.' },
  MARKET_COUNTRY_INVALID: { status: 422, en: 'Choose the country of your billing address.', de: 'Wählen Sie das Land Ihrer Rechnungsadresse.' },
  MARKET_VAT_ID_INVALID: { status: 422, en: 'This VAT ID is not valid.', de: 'Diese USt-IdNr. ist nicht gültig.' },
  MARKET_VAT_ID_COUNTRY: { status: 422, en: "The VAT ID belongs to another country than the billing address's.", de: 'Die USt-IdNr. gehört zu einem anderen Land als die Rechnungsadresse.' },
  MARKET_PAYMENT_NOT_SET_UP: { status: 409, en: 'The store cannot take payments yet: the seller has not connected a payment provider.', de: 'Der Shop kann noch keine Zahlungen annehmen: Der Verkäufer hat keinen Zahlungsanbieter verbunden.' },
  MARKET_PAYMENT_METHOD_UNAVAILABLE: { status: 422, en: 'This way of paying is not offered.', de: 'Diese Zahlungsart wird nicht angeboten.' },
  MARKET_PROVIDER_UNAVAILABLE: { status: 502, en: 'The payment provider cannot be reached just now. Nothing was charged; please try again in a moment.', de: 'Der Zahlungsanbieter ist gerade nicht erreichbar. Es wurde nichts abgebucht; bitte versuchen Sie es gleich noch einmal.' },
  MARKET_ORDER_NOT_FOUND: { status: 404, en: 'There is no such order.', de: 'Diese Bestellung gibt es nicht.' },
  MARKET_COUPON_INVALID: { status: 422, en: 'This coupon code is not valid.', de: 'Dieser Gutscheincode ist nicht gültig.' },
  MARKET_COUPON_EXPIRED: { status: 422, en: 'This coupon is not valid at this time.', de: 'Dieser Gutschein gilt zu diesem Zeitpunkt nicht.' },
  MARKET_COUPON_NOT_FOR_PRODUCT: { status: 422, en: 'This coupon does not apply to this product or currency.', de: 'Dieser Gutschein gilt nicht für dieses Produkt oder diese Währung.' },
  MARKET_COUPON_USED_UP: { status: 422, en: 'This coupon has been used as often as it may be.', de: 'Dieser Gutschein wurde so oft eingelöst, wie er darf.' },
  MARKET_COUPON_NOT_FOUND: { status: 404, en: 'There is no such coupon.', de: 'Diesen Gutschein gibt es nicht.' },
  MARKET_COUPON_CODE_TAKEN: { status: 409, en: 'Another coupon already has this code.', de: 'Ein anderer Gutschein hat diesen Code schon.' },
  MARKET_SEATS_FULL: { status: 409, en: 'Not enough free seats: take a seat back from someone, or buy more.', de: 'Nicht genug freie Plätze: Nehmen Sie jemandem einen Platz weg, oder kaufen Sie weitere.' },
  MARKET_SEAT_PACK_NOT_FOUND: { status: 404, en: 'There is no such seat pack among your purchases.', de: 'Dieses Platzpaket gibt es unter Ihren Käufen nicht.' },
  MARKET_REFUND_TOO_LARGE: { status: 422, en: 'The refund is larger than what is left of the payment (or names a line the order does not have).', de: 'Die Erstattung ist größer als der Rest der Zahlung (oder nennt eine Position, die die Bestellung nicht hat).' },
  MARKET_IBAN_INVALID: { status: 422, en: 'This IBAN is not valid: check it against the bank statement.', de: 'Diese IBAN ist nicht gültig: Prüfen Sie sie anhand des Kontoauszugs.' },
  MARKET_CONFIRMATION_INVALID: { status: 404, en: 'This confirmation link does not work: it is wrong, used or older than 7 days.', de: 'Dieser Bestätigungslink funktioniert nicht: Er ist falsch, schon benutzt oder älter als 7 Tage.' },
  MARKET_ORDER_STATE: { status: 409, en: 'The order is not in a state that allows this.', de: 'Die Bestellung ist nicht in einem Zustand, der das erlaubt.' },
  MARKET_WEBHOOK_SIGNATURE: { status: 400, en: 'The webhook signature is missing, wrong or too old.', de: 'Die Signatur des Webhooks fehlt, stimmt nicht oder ist zu alt.' },
  MARKET_WEBHOOK_MISMATCH: { status: 422, en: 'The event does not match the order it names (amount, currency or account).', de: 'Das Ereignis passt nicht zur genannten Bestellung (Betrag, Währung oder Konto).' },
  MARKET_PAYMENT_ACCOUNT_INVALID: { status: 422, en: 'Give a Stripe secret key (sk_live_… or sk_test_…, or a restricted rk_… key) and the endpoint signing secret (whsec_…).', de: 'Geben Sie einen geheimen Stripe-Schlüssel (sk_live_… oder sk_test_…, oder einen eingeschränkten rk_…-Schlüssel) und das Signatur-Geheimnis des Endpunkts (whsec_…) an.' },
} as const satisfies Record<string, CatalogueEntry>;

/** Issued invoices and credit notes. */
export const marketInvoiceErrors = {
  MARKET_INVOICE_NOT_FOUND: { status: 404, en: 'There is no such invoice.', de: 'Diese Rechnung gibt es nicht.' },
} as const satisfies Record<string, CatalogueEntry>;

/** The seller's sales reports. */
export const marketReportErrors = {
  MARKET_REPORT_RANGE: { status: 422, en: 'This range cannot be reported: the last day must not be before the first, and a report spans at most 400 days, weeks or months.', de: 'Dieser Zeitraum kann nicht ausgewertet werden: Der letzte Tag darf nicht vor dem ersten liegen, und ein Bericht umfasst höchstens 400 Tage, Wochen oder Monate.' },
  MARKET_REPORT_TOO_LARGE: { status: 422, en: 'The export has more than 100,000 lines. Choose a shorter range.', de: 'Der Export hat mehr als 100.000 Zeilen. Wählen Sie einen kürzeren Zeitraum.' },
} as const satisfies Record<string, CatalogueEntry>;

export const marketErrorFragments = { marketCatalogueErrors, marketCheckoutErrors, marketInvoiceErrors, marketReportErrors };

type MarketErrors = typeof marketCatalogueErrors & typeof marketCheckoutErrors & typeof marketInvoiceErrors & typeof marketReportErrors;
declare module '../platform/http/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ErrorCatalogue extends MarketErrors {}
}

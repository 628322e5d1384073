import type { FieldLabels } from '../platform/http/index.js';

/** The store's fields, by the name the API gives them (the platform words refusals with them). */
export const marketFieldLabels: FieldLabels = {
  slug: { en: 'Address in the store', de: 'Adresse im Shop' },
  summary: { en: 'Summary', de: 'Kurzbeschreibung' },
  instructorName: { en: 'Instructor', de: 'Lehrende Person' },
  instructorBio: { en: 'About the instructor', de: 'Über die lehrende Person' },
  accessDays: { en: 'Days of access', de: 'Tage Zugang' },
  free: { en: 'Free', de: 'Kostenlos' },
  seatPacks: { en: 'Seats for companies', de: 'Plätze für Unternehmen' },
  courseIds: { en: 'Courses', de: 'Kurse' },
  previewCourseId: { en: 'Course with the free preview', de: 'Kurs mit der kostenlosen Vorschau' },
  prices: { en: 'Prices', de: 'Preise' },
  amountMinor: { en: 'Amount in cents', de: 'Betrag in Cent' },
  currency: { en: 'Currency', de: 'Währung' },
  quantity: { en: 'Quantity', de: 'Menge' },
  country: { en: 'Country', de: 'Land' },
  vatId: { en: 'VAT ID', de: 'USt-IdNr.' },
  company: { en: 'Company', de: 'Unternehmen' },
  address: { en: 'Billing address', de: 'Rechnungsadresse' },
  paymentMethod: { en: 'Payment method', de: 'Zahlungsart' },
  secretKey: { en: 'Secret key', de: 'Geheimer Schlüssel' },
  webhookSecret: { en: 'Webhook signing secret', de: 'Signatur-Geheimnis des Webhooks' },
};

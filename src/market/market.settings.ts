import { z } from 'zod';
import { defineSettingsSection } from '../platform/tenancy/settings-sections.js';

const country = z.string().regex(/^[A-Z]{2}$/);
const line = (max: number) => z.string().trim().max(max);

/**
 * What the seller sets for the store: whether it is open, who sells (the invoice's seller), how
 * prices are meant (incl. or excl. VAT), and whether buyers may pay by bank transfer.
 */
export const marketSettings = defineSettingsSection(
  'market',
  z.object({
    /** The storefront is public only when the seller opens it. */
    open: z.boolean().default(false),
    sellerName: line(200).default(''),
    /** Street, postcode and town, one per line. */
    sellerAddress: line(1000).default(''),
    sellerCountry: country.default('DE'),
    sellerVatId: line(20).default(''),
    sellerEmail: line(254).default(''),
    /** gross: prices include the VAT of the buyer's country (a consumer pays the same everywhere); net: VAT is added. */
    priceMode: z.enum(['gross', 'net']).default('gross'),
    bankTransfer: z
      .object({
        enabled: z.boolean().default(false),
        /** Access at once, before the money arrives (for buyers the seller trusts, such as public bodies). */
        accessBeforePayment: z.boolean().default(false),
        accountHolder: line(200).default(''),
        iban: z.string().trim().max(34).regex(/^([A-Z]{2}\d{2}[A-Z0-9]{10,30})?$/).default(''),
        bic: z.string().trim().max(11).regex(/^([A-Z0-9]{8}|[A-Z0-9]{11})?$/).default(''),
        paymentTermDays: z.number().int().min(1).max(90).default(14),
      })
      .default({ enabled: false, accessBeforePayment: false, accountHolder: '', iban: '', bic: '', paymentTermDays: 14 }),
  }),
);
export type MarketSettings = z.output<typeof marketSettings.schema>;

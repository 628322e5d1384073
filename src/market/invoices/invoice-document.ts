import type { Currency } from '../money.js';

/** A party of an invoice: the seller (with its VAT ID) or the buyer. */
export interface InvoiceParty {
  name: string;
  company?: string | null;
  addressLines: string[];
  /** ISO 3166-1 alpha-2. */
  country: string;
  vatId?: string | null;
  email?: string | null;
}

/** One line of an invoice; every amount is an integer count of the currency's minor units. */
export interface InvoiceLine {
  description: string;
  quantity: number;
  unitNetMinor: number;
  netMinor: number;
  vatRateBasisPoints: number;
  vatMinor: number;
  grossMinor: number;
}

/**
 * What an invoice or credit note says (Art. 226 of the VAT directive, §14 UStG). The amounts are
 * final: the renderer formats them and adds nothing up.
 */
export interface InvoiceDocument {
  kind: 'invoice' | 'credit_note';
  /** e.g. "2026-000042". */
  number: string;
  /** ISO date-time: the date of issue. */
  issuedAt: string;
  /** ISO date: the date of the supply (the payment). */
  supplyDate: string;
  /** For a credit note: the number of the invoice it corrects. */
  correctsNumber?: string | null;
  orderReference: string;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  currency: Currency;
  /** For a credit note the amounts are positive: what is credited. */
  lines: InvoiceLine[];
  totals: { netMinor: number; vatMinor: number; grossMinor: number };
  vatBreakdown: { rateBasisPoints: number; netMinor: number; vatMinor: number }[];
  /** B2B in another EU country: no VAT, and the reverse-charge note. */
  reverseCharge: boolean;
  /** The buyer is outside the EU: a note that the supply is not taxable in the EU. */
  outsideEu?: boolean;
  payment: {
    method: 'card' | 'bank_transfer';
    paidAt?: string | null;
    bank?: { accountHolder: string; iban: string; bic?: string | null; reference: string; dueDate: string } | null;
  };
  /** The seller's logo (PNG or JPEG bytes). */
  logoPng?: Buffer | null;
}

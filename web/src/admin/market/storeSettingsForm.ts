// The store settings form: the values as edited and the section sent, free of React so they can be
// unit-tested in Node.
import type { MarketSettings } from './market.api';

export type StoreSettingsValues = Omit<MarketSettings, 'bankTransfer'> & {
  bankTransfer: Omit<MarketSettings['bankTransfer'], 'paymentTermDays'> & { paymentTermDays: number | string };
};

export const PAYMENT_TERM = { min: 1, max: 90 } as const;

export type StoreSettingsProblem = 'required' | 'iban' | 'bic' | 'email' | 'days';

export function storeSettingsFormOf(settings: MarketSettings): StoreSettingsValues {
  return { ...settings, bankTransfer: { ...settings.bankTransfer } };
}

/** Spaces people type into account numbers go; letters are upper case, as banks print them. */
export const compactCode = (text: string) => text.replace(/\s+/g, '').toUpperCase();

/** An IBAN's own check (ISO 13616, mod 97), so a typo is caught before a buyer transfers money to it. */
export function isValidIban(text: string): boolean {
  const iban = compactCode(text);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const digits = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let rest = 0;
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return rest === 1;
}

export function isValidBic(text: string): boolean {
  return /^([A-Z0-9]{8}|[A-Z0-9]{11})$/.test(compactCode(text));
}

/**
 * The store's section to save, or what stands in the way, by field path (`bankTransfer.iban`). An
 * open store needs a seller for its invoices; bank transfer needs an account to transfer to.
 */
export function storeSettingsBody(values: StoreSettingsValues): { ok: true; market: MarketSettings } | { ok: false; problems: Record<string, StoreSettingsProblem> } {
  const problems: Record<string, StoreSettingsProblem> = {};
  const bank = values.bankTransfer;
  if (values.open && values.sellerName.trim() === '') problems.sellerName = 'required';
  if (values.open && values.sellerAddress.trim() === '') problems.sellerAddress = 'required';
  const email = values.sellerEmail.trim();
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.sellerEmail = 'email';
  if (bank.enabled && bank.accountHolder.trim() === '') problems['bankTransfer.accountHolder'] = 'required';
  if (bank.enabled && bank.iban.trim() === '') problems['bankTransfer.iban'] = 'required';
  else if (bank.iban.trim() !== '' && !isValidIban(bank.iban)) problems['bankTransfer.iban'] = 'iban';
  if (bank.bic.trim() !== '' && !isValidBic(bank.bic)) problems['bankTransfer.bic'] = 'bic';
  const term = typeof bank.paymentTermDays === 'number' ? bank.paymentTermDays : /^\s*\d+\s*$/.test(bank.paymentTermDays) ? Number(bank.paymentTermDays) : Number.NaN;
  if (!Number.isInteger(term) || term < PAYMENT_TERM.min || term > PAYMENT_TERM.max) problems['bankTransfer.paymentTermDays'] = 'days';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    market: {
      open: values.open,
      sellerName: values.sellerName.trim(),
      sellerAddress: values.sellerAddress.trim(),
      sellerCountry: values.sellerCountry,
      sellerVatId: compactCode(values.sellerVatId),
      sellerEmail: email,
      priceMode: values.priceMode,
      bankTransfer: {
        enabled: bank.enabled,
        accessBeforePayment: bank.accessBeforePayment,
        accountHolder: bank.accountHolder.trim(),
        iban: compactCode(bank.iban),
        bic: compactCode(bank.bic),
        paymentTermDays: term,
      },
    },
  };
}

/** Whether the form differs from what is saved. */
export function storeSettingsChanged(saved: MarketSettings, values: StoreSettingsValues): boolean {
  return JSON.stringify(storeSettingsFormOf(saved)) !== JSON.stringify(values);
}

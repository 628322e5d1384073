import { describe, expect, it } from 'vitest';
import type { MarketSettings } from './market.api';
import { isValidIban, storeSettingsBody, storeSettingsFormOf } from './storeSettingsForm';

const settings: MarketSettings = {
  open: false,
  sellerName: '',
  sellerAddress: '',
  sellerCountry: 'DE',
  sellerVatId: '',
  sellerEmail: '',
  priceMode: 'gross',
  bankTransfer: { enabled: false, accessBeforePayment: false, accountHolder: '', iban: '', bic: '', paymentTermDays: 14 },
};

describe('the store settings sent', () => {
  it('checks an IBAN by its own check digits', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
  });

  it('asks an open store for its seller and bank transfer for an account', () => {
    const form = storeSettingsFormOf(settings);
    const verdict = storeSettingsBody({ ...form, open: true, bankTransfer: { ...form.bankTransfer, enabled: true, bic: 'XX' } });
    expect(verdict.ok ? null : verdict.problems).toEqual({ sellerName: 'required', sellerAddress: 'required', 'bankTransfer.accountHolder': 'required', 'bankTransfer.iban': 'required', 'bankTransfer.bic': 'bic' });
  });

  it('sends the whole section, account numbers as banks print them', () => {
    const form = storeSettingsFormOf(settings);
    const verdict = storeSettingsBody({ ...form, open: true, sellerName: 'Demo GmbH', sellerAddress: 'Hauptstraße 1\n10115 Berlin', sellerVatId: 'de 123 456 789', bankTransfer: { ...form.bankTransfer, enabled: true, accountHolder: 'Demo GmbH', iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeffxxx', paymentTermDays: '30' } });
    expect(verdict.ok && verdict.market).toEqual({
      ...settings,
      open: true,
      sellerName: 'Demo GmbH',
      sellerAddress: 'Hauptstraße 1\n10115 Berlin',
      sellerVatId: 'DE123456789',
      bankTransfer: { enabled: true, accessBeforePayment: false, accountHolder: 'Demo GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', paymentTermDays: 30 },
    });
  });
});

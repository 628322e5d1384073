import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, INVOICE_KINDS, ORDER_STATUSES, PRODUCT_KINDS, PRODUCT_STATUSES, REFUND_KINDS, REFUND_STATUSES, TAX_RULES } from './storeWords';

// The server's table and storefront modules bring its database and HTTP types, which the web app's
// type check does not load: they are read at run time only.
const load = (path: string) => import(/* @vite-ignore */ path) as Promise<Record<string, unknown>>;

describe('the store’s vocabularies', () => {
  it('are the server’s', async () => {
    const orders = await load('../../../../src/market/orders/orders.schema');
    const catalogue = await load('../../../../src/market/catalogue/catalogue.schema');
    const invoices = await load('../../../../src/market/invoices/invoices.schema');
    expect(ORDER_STATUSES).toEqual(orders.ORDER_STATUSES);
    expect(TAX_RULES).toEqual(orders.TAX_RULES);
    expect(REFUND_KINDS).toEqual(orders.REFUND_KINDS);
    expect(REFUND_STATUSES).toEqual(orders.REFUND_STATUSES);
    expect(PRODUCT_KINDS).toEqual(catalogue.PRODUCT_KINDS);
    expect(PRODUCT_STATUSES).toEqual(catalogue.PRODUCT_STATUSES);
    expect(INVOICE_KINDS).toEqual(invoices.INVOICE_KINDS);
  });

  it('offer the countries the storefront knows', async () => {
    const { isKnownCountry } = (await load('../../../../src/market/storefront/countries')) as { isKnownCountry: (code: string) => boolean };
    expect(COUNTRY_CODES.every(isKnownCountry)).toBe(true);
    expect(new Set(COUNTRY_CODES).size).toBe(250);
  });
});

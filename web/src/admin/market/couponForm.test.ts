import { describe, expect, it } from 'vitest';
import { couponBody, couponFormOf, startOfDay } from './couponForm';

describe('the coupon sent from the editor', () => {
  it('sends a percentage coupon with its code in upper case and no limits where left empty', () => {
    const verdict = couponBody({ ...couponFormOf(undefined, 'en'), code: 'spring-24', percent: 20, maxUsesPerBuyer: '' }, 'en');
    expect(verdict).toEqual({
      ok: true,
      body: { code: 'SPRING-24', kind: 'percent', percent: 20, amountMinor: null, currency: null, productIds: [], validFrom: null, validUntil: null, maxUses: null, maxUsesPerBuyer: null, active: true },
    });
  });

  it('reads an amount off in the UI language, and a validity of whole local days', () => {
    const verdict = couponBody({ ...couponFormOf(undefined, 'de'), code: 'TEN', kind: 'amount', amount: '10,50', currency: 'EUR', validFrom: '2031-05-01', validUntil: '2031-05-31' }, 'de');
    expect(verdict.ok && verdict.body).toMatchObject({ kind: 'amount', amountMinor: 1050, currency: 'EUR', percent: null, validFrom: startOfDay('2031-05-01') });
    expect(verdict.ok && new Date(verdict.body.validUntil!).getDate()).toBe(31);
  });

  it('names what cannot be sent', () => {
    const verdict = couponBody({ ...couponFormOf(undefined, 'en'), code: 'x!', percent: 120, maxUses: 0, validFrom: '2031-05-02', validUntil: '2031-05-01' }, 'en');
    expect(verdict.ok ? null : verdict.problems).toEqual({ code: 'code', percent: 'percent', maxUses: 'count', validUntil: 'order' });
  });
});

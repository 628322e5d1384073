import { describe, expect, it } from 'vitest';
import { mayRefund, refundableTotal, refundLines } from './refunds';

const lines = [
  { id: 'a', grossMinor: 4990, refundedMinor: 0 },
  { id: 'b', grossMinor: 2000, refundedMinor: 1500 },
];

describe('refunds', () => {
  it('gives back what is left of each line', () => {
    expect(refundableTotal(lines)).toBe(5490);
    expect(mayRefund({ status: 'paid', lines } as never)).toBe(true);
    expect(mayRefund({ status: 'awaiting_transfer', lines } as never)).toBe(false);
    expect(mayRefund({ status: 'partially_refunded', lines: [{ id: 'a', grossMinor: 10, refundedMinor: 10 }] } as never)).toBe(false);
  });

  it('reads the amounts typed per line, none above what is left of it', () => {
    expect(refundLines(lines, { a: '10,00', b: '' }, 'EUR', 'de')).toEqual({ ok: true, lines: [{ lineId: 'a', amountMinor: 1000 }], totalMinor: 1000 });
    expect(refundLines(lines, { a: '10,00', b: '5,01' }, 'EUR', 'de')).toEqual({ ok: false, problems: { b: 'tooLarge' } });
    expect(refundLines(lines, { a: '0', b: '' }, 'EUR', 'de')).toEqual({ ok: false, problems: { '': 'nothing' } });
  });
});

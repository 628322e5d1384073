import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { emailsError, parseEmails } from './seat-packs.api';

describe('parseEmails', () => {
  it('takes addresses separated by commas, semicolons, spaces or lines, each once', () => {
    expect(parseEmails(' anna@acme.example, ben@acme.example;\nCarl@acme.example  anna@ACME.example\n\n')).toEqual(['anna@acme.example', 'ben@acme.example', 'Carl@acme.example']);
  });

  it('finds nothing in blank text', () => {
    expect(parseEmails(' \n , ')).toEqual([]);
  });
});

describe('emailsError', () => {
  it("shows the pack's complaint as the server words it", () => {
    const full = new ApiError({ status: 409, code: 'MARKET_SEATS_FULL', message: 'Not enough free seats.', fields: [{ field: 'emails', message: 'E-mail addresses: Not enough free seats.', value: '2 > 1' }] });
    expect(emailsError(full, ['a@x.example', 'b@x.example'])).toBe('E-mail addresses: Not enough free seats.');
  });

  it('names the address of a refused entry', () => {
    const bad = new ApiError({ status: 400, code: 'VALIDATION', message: 'Check the form.', fields: [{ field: 'emails.1', message: 'E-mail addresses (entry 2): must be an e-mail address' }] });
    expect(emailsError(bad, ['a@x.example', 'nonsense'])).toBe('nonsense: E-mail addresses (entry 2): must be an e-mail address');
  });

  it('says nothing about other refusals', () => {
    const other = new ApiError({ status: 404, code: 'MARKET_SEAT_PACK_NOT_FOUND', message: 'No such pack.', fields: [{ field: 'orderLineId', message: 'Pack: No such pack.' }] });
    expect(emailsError(other, ['a@x.example'])).toBeUndefined();
    expect(emailsError(new Error('offline'), ['a@x.example'])).toBeUndefined();
  });
});

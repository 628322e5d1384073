import { describe, expect, it } from 'vitest';
import { addressWithoutLinkToken, linkTokenIn } from './linkToken';

describe('linkTokenIn', () => {
  it('reads the token from the fragment of a mailed link, or from the query of an older one', () => {
    expect(linkTokenIn({ search: '', hash: '#token=abc-_1' })).toBe('abc-_1');
    expect(linkTokenIn({ search: '?token=old', hash: '' })).toBe('old');
    expect(linkTokenIn({ search: '?token=old', hash: '#token=new' })).toBe('new');
    expect(linkTokenIn({ search: '', hash: '' })).toBeNull();
    expect(linkTokenIn({ search: '?token=', hash: '#token=' })).toBeNull();
  });
});

describe('addressWithoutLinkToken', () => {
  it('takes the token out of the query and the fragment and keeps the rest', () => {
    expect(addressWithoutLinkToken({ pathname: '/reset-password', search: '', hash: '#token=abc' })).toEqual({
      pathname: '/reset-password',
      search: '',
      hash: '',
    });
    expect(addressWithoutLinkToken({ pathname: '/accept-invitation', search: '?token=abc&lang=de', hash: '#token=abc&x=1' })).toEqual({
      pathname: '/accept-invitation',
      search: '?lang=de',
      hash: '#x=1',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { readStyleNonce } from './csp';

describe('readStyleNonce', () => {
  it('returns the nonce the server put into the meta tag', () => {
    expect(readStyleNonce({ content: 'r4nd0m==' })).toBe('r4nd0m==');
  });

  it('returns nothing when the placeholder was not replaced, the tag is empty or missing', () => {
    expect(readStyleNonce({ content: '__CSP_NONCE__' })).toBeUndefined();
    expect(readStyleNonce({ content: ' ' })).toBeUndefined();
    expect(readStyleNonce(null)).toBeUndefined();
  });
});

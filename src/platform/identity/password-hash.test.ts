import { describe, expect, it } from 'vitest';
import { hashIsOutdated, hashPasswordInChildProcess, verifyPassword } from './password-hash.js';

describe('hashing in a child process', () => {
  it('makes a current argon2id hash that the server verifies like its own', async () => {
    const hash = await hashPasswordInChildProcess('Zebra-Crossing-7');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(hashIsOutdated(hash)).toBe(false);
    expect(await verifyPassword(hash, 'Zebra-Crossing-7')).toBe(true);
    expect(await verifyPassword(hash, 'Zebra-Crossing-8')).toBe(false);
  });
});

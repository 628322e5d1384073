import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecretKey, openSecretBox, SecretBox } from './secret-box.js';

describe('secret box', () => {
  const box = new SecretBox(randomBytes(32));
  const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('seals so that the value is not in the stored text, and opens it again for the same owner', () => {
    const sealed = box.seal(seed, 'user-1');
    expect(sealed).toMatch(new RegExp(`^s1:${box.keyId}:`));
    expect(sealed).not.toContain(seed);
    expect(box.seal(seed, 'user-1')).not.toBe(sealed); // a fresh nonce every time
    expect(box.open(sealed, 'user-1')).toBe(seed);
  });

  it('refuses a value moved to another owner, altered, or sealed with another key', () => {
    const sealed = box.seal(seed, 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow();
    const [prefix, keyId, iv, body] = sealed.split(':') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => box.open([prefix, keyId, iv, flipped.toString('base64url')].join(':'), 'user-1')).toThrow();
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(sealed, 'user-1')).toThrow(`sealed with key ${box.keyId}; this server has key ${other.keyId}`);
  });

  it('makes its key file on first use, readable by its owner only, and reads the same key afterwards', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lectern-key-')), 'keys', 'secret.key');
    const key = loadOrCreateSecretKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecretKey(file).equals(key)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(key.toString('base64'));
  });

  it('a key file that does not hold a key stops start-up with a message naming the setting', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-key-'));
    expect(() => openSecretBox({ secretKeyFile: dir })).toThrow(/LECTERN_SECRET_KEY_FILE: cannot use/);
  });
});

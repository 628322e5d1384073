import { existsSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNewSecretFile } from './secret-file.js';

describe('writeNewSecretFile', () => {
  const dir = mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-secret-'));

  it('creates the file (and a missing directory) readable by its owner only, whatever the umask', () => {
    const previous = process.umask(0);
    try {
      const file = path.join(dir, 'new', 'secret.txt');
      writeNewSecretFile(file, 'Password: x\n');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      expect(readFileSync(file, 'utf8')).toBe('Password: x\n');
    } finally {
      process.umask(previous);
    }
  });

  it('never overwrites an existing file nor follows a link planted in its place', () => {
    const existing = path.join(dir, 'existing.txt');
    writeFileSync(existing, 'keep');
    expect(() => writeNewSecretFile(existing, 'secret')).toThrow(/EEXIST/);
    expect(readFileSync(existing, 'utf8')).toBe('keep');

    const target = path.join(dir, 'elsewhere.txt');
    const link = path.join(dir, 'link.txt');
    symlinkSync(target, link);
    expect(() => writeNewSecretFile(link, 'secret')).toThrow(/EEXIST/);
    expect(existsSync(target)).toBe(false);
  });
});

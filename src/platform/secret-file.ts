import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a secret to a new file only its owner can read (mode 0600, whatever the umask). The file
 * is created exclusively: an existing file or a link planted in its place fails with EEXIST rather
 * than being overwritten or followed. A missing directory is made readable by its owner only.
 */
export function writeNewSecretFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

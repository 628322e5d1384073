import { createHash, hkdfSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadOrCreateSecretKey } from '../secrets/secret-box.js';

/**
 * The key that seals database snapshots: derived from the installation's secret key
 * (LECTERN_SECRET_KEY_FILE) for this one purpose, so a snapshot opens only where that key file
 * is, and the key that seals the tenants' data keys is never used directly for anything else.
 */
export interface BackupKey {
  /** The id of the secret key it comes from (as SecretBox names it): tells which key file a snapshot needs. */
  keyId: string;
  key: Buffer;
  /** Signs each snapshot's manifest (HMAC-SHA256), so that a planted or altered manifest does not count. */
  manifestKey: Buffer;
}

export function backupKeyOf(secretKey: Buffer): BackupKey {
  return {
    keyId: createHash('sha256').update(secretKey).digest('hex').slice(0, 8),
    key: Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'lectern database snapshot v1', 32)),
    manifestKey: Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'lectern database snapshot manifest v1', 32)),
  };
}

/** The backup key of a running installation (its key file is made at first start, so made here too if missing). */
export function installationBackupKey(secretKeyFile: string): BackupKey {
  return backupKeyOf(loadOrCreateSecretKey(secretKeyFile));
}

export class BackupKeyMissingError extends Error {
  constructor(readonly file: string) {
    super(
      `the secret key file ${file} (LECTERN_SECRET_KEY_FILE) does not exist: a snapshot opens only with the key file of the installation that took it; copy that file here first`,
    );
    this.name = 'BackupKeyMissingError';
  }
}

/** For restores: the key file must be there already; a new key would open no snapshot. */
export function existingBackupKey(secretKeyFile: string): BackupKey {
  if (!existsSync(secretKeyFile)) throw new BackupKeyMissingError(secretKeyFile);
  const key = Buffer.from(readFileSync(secretKeyFile, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${secretKeyFile}: expected 32 bytes in base64, found ${key.length}`);
  return backupKeyOf(key);
}

/** For read-only commands (`lectern backup list/status`): the key when its file is there, else null (no snapshot can be verified). */
export function backupKeyIfPresent(secretKeyFile: string): BackupKey | null {
  return existsSync(secretKeyFile) ? existingBackupKey(secretKeyFile) : null;
}

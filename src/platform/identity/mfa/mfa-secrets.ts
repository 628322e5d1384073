import { ConfigError } from '../../../config.js';
import type { Db } from '../../db/client.js';
import { SecretBox } from '../../secrets/secret-box.js';
import { findMfaSecretsNotSealedWith, replaceMfaSecret } from './mfa.repository.js';

const BATCH = 500;

/**
 * At start-up: seals the TOTP seeds stored before sealing existed, and stops when a seed was sealed
 * with another key — a node with a key file of its own would otherwise lock every two-factor
 * user out. Returns how many seeds it sealed.
 */
export async function sealStoredMfaSecrets(db: Db, box: SecretBox, keyFile: string): Promise<number> {
  let sealed = 0;
  for (;;) {
    const rows = await findMfaSecretsNotSealedWith(db.owner, box.keyId, BATCH);
    if (rows.length === 0) return sealed;
    const foreign = rows.find((row) => SecretBox.isSealed(row.mfaSecret));
    if (foreign) {
      throw new ConfigError([
        `LECTERN_SECRET_KEY_FILE: two-factor secrets in the database were sealed with key ${SecretBox.keyIdOf(foreign.mfaSecret)}, but ${keyFile} holds key ${box.keyId}. Every node needs the same key file: copy it from a node that started before (or restore it from its backup).`,
      ]);
    }
    for (const row of rows) await replaceMfaSecret(db.owner, row.id, row.mfaSecret, box.seal(row.mfaSecret, row.id));
    sealed += rows.length;
  }
}

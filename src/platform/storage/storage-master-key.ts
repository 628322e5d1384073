import { ConfigError } from '../../config.js';
import type { Db } from '../db/client.js';
import { SecretBox } from '../secrets/secret-box.js';
import { findOneSealedTenantKey } from './storage-keys.repository.js';
import { tenantKeyContext } from './tenant-data-keys.js';

/**
 * At start-up: when tenants' data keys are stored, opens one with this node's master key, and
 * stops the node when it does not open — a node with another key file could read no stored file
 * and would make new keys nobody else can open. A key sealed with another key is looked for first.
 */
export async function verifyStorageMasterKey(db: Db, box: SecretBox, keyFile = 'the key file'): Promise<void> {
  const row = await findOneSealedTenantKey(db.owner, `s1:${box.keyId}:`);
  if (!row) return;
  const sealedWith = SecretBox.keyIdOf(row.sealedKey) ?? 'unknown';
  const refuse = (what: string) =>
    new ConfigError([
      `LECTERN_SECRET_KEY_FILE holds another key than the one that sealed the tenants' data keys; files cannot be read. ${what} Every node needs the same key file: copy it from a node that started before (or restore it from its backup).`,
    ]);
  if (sealedWith !== box.keyId) throw refuse(`The data keys were sealed with key ${sealedWith}, but ${keyFile} holds key ${box.keyId}.`);
  try {
    box.open(row.sealedKey, tenantKeyContext(row.tenantId));
  } catch {
    throw refuse(`The data key of tenant ${row.tenantId} does not open with key ${box.keyId} in ${keyFile}.`);
  }
}

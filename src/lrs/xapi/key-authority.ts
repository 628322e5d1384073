import type { Actor } from '../../platform/access/index.js';
import type { LrsKeyRecord } from '../keys/lrs-keys.repository.js';

export const actorOfKey = (key: LrsKeyRecord): Actor => ({ kind: 'key', userId: null, keyId: key.id, scopes: key.scopes });

/** The authority a key's statements carry: an Agent with the key as an account of the site. */
export function authorityOfKey(key: LrsKeyRecord, siteUrl: string): Record<string, unknown> {
  return { objectType: 'Agent', name: key.name, account: { homePage: siteUrl, name: key.key } };
}

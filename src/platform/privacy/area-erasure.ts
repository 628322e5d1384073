import type { Orm } from '../db/client.js';
import type { ErasedIdentity } from './area-privacy.js';
import type { PrivacyArea } from './privacy-areas.js';

/**
 * Every area's part of erasing a person (AreaPrivacy.eraseUser), inside the caller's tenant
 * transaction: at erasure, and before an account is deleted, so that nothing an area keeps
 * outside the user row (xAPI statements naming the address, documents) outlives it.
 * Answers what each area removed, by area name, for the audit entry.
 */
export async function eraseFromAreas(tx: Orm, areas: readonly PrivacyArea[], userId: string, erased: ErasedIdentity): Promise<Record<string, Record<string, number>>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const area of areas) {
    if (area.privacy) counts[area.name] = await area.privacy.eraseUser(tx, userId, erased);
  }
  return counts;
}

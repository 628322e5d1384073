import type { PrivilegeSource } from '../../platform/access/index.js';
import { findLrsKeyById, listLrsKeys } from './lrs-keys.repository.js';
import { revokeLrsKey } from './lrs-keys.service.js';

/** The site's live LRS keys, as the platform's access review lists them and revokes them. */
export const lrsKeyPrivileges: PrivilegeSource = {
  kind: 'lrs_key',
  async list(tx) {
    return (await listLrsKeys(tx))
      .filter((key) => key.revokedAt === null)
      .map((key) => ({ subjectId: key.id, holder: `${key.name} (${key.key})`, privilege: key.scopes.join(', '), expiresAt: null, lastUsedAt: key.lastUsedAt, lastUseRecorded: true }));
  },
  async revoke(useCase, id) {
    // Audited by the LRS as any revocation ('lrs_key.revoked'); a revoked or deleted key changes nothing.
    const key = await findLrsKeyById(useCase.tx, id);
    if (!key) return 'already_gone';
    return (await revokeLrsKey(useCase, id)).revoked ? 'revoked' : 'already_gone';
  },
};

import type { Db } from '../db/client.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { AppError } from '../http/errors.js';
import type { Language } from '../http/language.js';
import type { FlowContext } from '../identity/flow-context.js';
import { deleteSessionsOfUser } from '../identity/sessions.repository.js';
import { findUserById } from '../identity/users.repository.js';
import { eraseFromAreas } from './area-erasure.js';
import type { ErasedIdentity } from './area-privacy.js';
import type { PrivacyArea } from './privacy-areas.js';
import { logPrivacyRefusal } from './privacy-refusal.js';
import { anonymiseUserRow, closeOpenRequests, deleteJobsOfPerson, erasePlatformRowsOfUser, insertPrivacyRequest, renamePersonInNotices } from './privacy.repository.js';
import { ERASURE_REQUESTED_NOTICE } from './erasure-requests.js';
import { isErasedAddress } from '../identity/identity.contract.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import { assertAnotherActiveAdmin } from '../identity/last-admin.js';

/** What an erased person is called from now on, in the site's reports and lists. */
export const ERASED_NAMES: Record<Language, { firstName: string; lastName: string }> = {
  de: { firstName: 'Gelöschte', lastName: 'Person' },
  en: { firstName: 'Deleted', lastName: 'person' },
};

/** What an erased person is called, in the site's language: everyone who sees the tombstone reads it, not only the administrator erasing. */
function erasedNamesOf(context: FlowContext): { firstName: string; lastName: string } {
  return ERASED_NAMES[settingsOf(context.tenant).locale];
}

/** The person as the areas' erasure needs them (AreaPrivacy.eraseUser): at an erasure, and before an account is deleted. */
export function erasedIdentityOf(context: FlowContext, user: { email: string; firstName: string; lastName: string }): ErasedIdentity {
  const names = erasedNamesOf(context);
  return { displayName: `${names.firstName} ${names.lastName}`, formerName: `${user.firstName} ${user.lastName}`.trim(), email: user.email, siteUrl: context.siteUrl };
}

/**
 * Erases a person (GDPR Art. 17), in one transaction: each area deletes or anonymises what it
 * keeps; the platform deletes sign-in, links, second factor, tokens, groups, notices and
 * consents; the account row stays as an anonymised tombstone (so learning records and reports
 * keep counting right) that cannot sign in and names nobody; other people's notices that named
 * the person name the deleted person instead. Only a site's administrator does it, after typing
 * the person's address; the last administrator is never erased. Open erasure requests of the
 * person are answered; the audit entry names no address. The site's mails to the address and the
 * account's mails leave the mail queue in the same transaction (queued ones are not sent), so no
 * crash after the commit can leave them.
 */
export async function eraseUser(
  db: Db,
  context: FlowContext,
  adminUserId: string,
  userId: string,
  confirmEmail: string,
  areas: readonly PrivacyArea[],
): Promise<void> {
  const names = erasedNamesOf(context);
  const found = await db.withTenant(context.tenant.id, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) return false;
    if (isErasedAddress(user.email)) throw new AppError('PRIVACY_ALREADY_ERASED', [{ field: 'id', value: userId }]);
    if (confirmEmail.trim().toLowerCase() !== user.email.toLowerCase()) throw new AppError('PRIVACY_CONFIRMATION_MISMATCH', [{ field: 'confirmEmail', value: confirmEmail }]);
    if (user.roles.includes('admin')) await assertAnotherActiveAdmin(tx, userId);
    const erased = erasedIdentityOf(context, user);
    const counts = await eraseFromAreas(tx, areas, userId, erased);
    counts.platform = {
      sessions: await deleteSessionsOfUser(tx, userId),
      ...(await erasePlatformRowsOfUser(tx, userId, user.email, erased.displayName)),
      noticesNamingThem: await renamePersonInNotices(tx, userId, erased.displayName, ERASURE_REQUESTED_NOTICE),
      mailJobs: await deleteJobsOfPerson(tx, user.email, userId),
    };
    await anonymiseUserRow(tx, userId, names);
    const answered = await closeOpenRequests(tx, userId, 'erasure', 'completed', adminUserId);
    if (answered === 0) await insertPrivacyRequest(tx, { subjectUserId: userId, kind: 'erasure', status: 'completed', requestedByUserId: adminUserId, handledByUserId: adminUserId });
    await insertAuditEvent(tx, {
      action: 'privacy.erased',
      actorUserId: adminUserId,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: userId,
      details: { requested: answered > 0, roles: user.roles, removed: counts },
    });
    return true;
  });
  if (!found) {
    await logPrivacyRefusal(db, context, adminUserId, 'erasure', userId, 'not_a_user_of_this_site');
    throw new AppError('PRIVACY_USER_NOT_FOUND', [{ field: 'id', value: userId }]);
  }
}

import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { Orm } from '../../db/client.js';
import { withdrawConsentsOfUser } from './consent.repository.js';

/** Who changed the address, as the audit log names them. */
export interface AddressChangeActor {
  actorUserId: string;
  actorIp: string;
  userAgent: string | null;
  requestId?: string | undefined;
}

/**
 * An account's address changes (an administrator's change, or the person's own, confirmed from the
 * new address): consent to update e-mails was confirmed by the old address and does not carry over.
 * Whoever reads the new address confirmed that they own it, not that they want update e-mails there,
 * so the consents end as withdrawn ('address_changed'), audited, and the person is asked again.
 * In the caller's transaction. The same holds without this call (a path that changes the address
 * without it): a consent counts only for the address that confirmed it (consent.repository.ts).
 * A change of letter case only is no change of address.
 */
export async function endMailConsentsAtAddressChange(tx: Orm, change: { userId: string; from: string; to: string }, actor: AddressChangeActor): Promise<void> {
  if (change.from.toLowerCase() === change.to.toLowerCase()) return;
  for (const consent of await withdrawConsentsOfUser(tx, change.userId, 'address_changed')) {
    await insertAuditEvent(tx, {
      action: 'privacy.mail_consent_withdrawn',
      ...actor,
      targetType: 'user',
      targetId: change.userId,
      details: { topic: consent.topic, via: 'address_changed' },
    });
  }
}

import type { Db } from '../db/client.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { FlowContext } from '../identity/flow-context.js';

/**
 * Logs a refused export or erasure (an id that is no user of this site: another site's, or made
 * up) in a transaction of its own, since the refusing one rolls back.
 */
export async function logPrivacyRefusal(db: Db, context: FlowContext, actorUserId: string, kind: 'export' | 'erasure', userId: string, reason: string): Promise<void> {
  await db.withTenant(context.tenant.id, (tx) =>
    insertAuditEvent(tx, {
      action: 'privacy.refused',
      actorUserId,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: userId,
      details: { kind, reason },
    }),
  );
}

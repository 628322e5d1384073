import type { Orm } from '../db/client.js';
import type { ClientInfo } from '../identity/sessions.service.js';
import type { User } from '../identity/users.repository.js';
import type { AuditAction } from './audit-actions.js';
import { insertAuditEvent } from './audit.repository.js';

/** Who acts in a request: the signed-in user (whose roles the services check) and their client, for the audit log. */
export interface Actor {
  user: User;
  client: ClientInfo;
}

/** An audit event for something an actor did to a target, in the caller's transaction. */
export function insertActorEvent(tx: Orm, actor: Actor, action: AuditAction, target: { type: string; id: string }, details: Record<string, unknown>): Promise<void> {
  return insertAuditEvent(tx, {
    action,
    actorUserId: actor.user.id,
    actorIp: actor.client.ip,
    userAgent: actor.client.userAgent,
    requestId: actor.client.requestId,
    targetType: target.type,
    targetId: target.id,
    details,
  });
}

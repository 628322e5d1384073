import { insertAuditEvent } from '../audit/audit.repository.js';
import { userActor } from '../access/actor.js';
import type { Db } from '../db/client.js';
import { csvDialectOf, csvLine, csvText, UTF8_BOM } from '../http/csv-text.js';
import type { Language } from '../http/language.js';
import type { FlowContext } from './flow-context.js';
import type { InvitationState, Role } from './identity.contract.js';
import { listUsers } from './users.repository.js';
import type { User } from './users.repository.js';
import { usersPolicy } from './users.policy.js';

/** Users read per query while the file streams: memory stays flat and no transaction waits on the client. */
const BATCH = 1_000;

export interface UserExportFilter {
  q?: string | undefined;
  role?: Role | undefined;
  status?: User['status'] | undefined;
  invitation?: InvitationState | undefined;
}

/** The header is one the user import reads back (roles joined by `|`, which either dialect keeps in one cell). */
const HEADERS = {
  en: ['email', 'first name', 'last name', 'roles', 'status', 'invitation'],
  de: ['E-Mail', 'Vorname', 'Nachname', 'Rollen', 'Status', 'Einladung'],
} as const;
const WORDS = {
  en: { active: 'active', deactivated: 'deactivated', pending: 'pending', accepted: 'accepted', expired: 'expired' },
  de: { active: 'aktiv', deactivated: 'deaktiviert', pending: 'offen', accepted: 'angenommen', expired: 'abgelaufen' },
} as const;

/**
 * The users a filter of the user list selects, as CSV chunks (BOM and header first). The export
 * is audited before the first byte, with how many users it holds, as it carries personal data out.
 */
export async function prepareUserExport(db: Db, context: FlowContext, admin: User, filter: UserExportFilter, language: Language): Promise<{ rows: number; chunks: AsyncGenerator<string> }> {
  usersPolicy.assert(userActor(admin), 'manage');
  const tenantId = context.tenant.id;
  const query = { query: filter.q, role: filter.role, status: filter.status, invitation: filter.invitation };
  const rows = await db.withTenant(tenantId, async (tx) => {
    const { total } = await listUsers(tx, { ...query, limit: 1, offset: 0 });
    await insertAuditEvent(tx, {
      action: 'user.list_exported',
      actorUserId: admin.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: null,
      targetId: null,
      details: { rows: total, ...Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) },
    });
    return total;
  });
  const dialect = csvDialectOf(language);
  async function* chunks(): AsyncGenerator<string> {
    yield UTF8_BOM + csvLine(HEADERS[language].map((header) => csvText(header, dialect)), dialect);
    for (let offset = 0; ; offset += BATCH) {
      const { users } = await db.withTenant(tenantId, (tx) => listUsers(tx, { ...query, limit: BATCH, offset }));
      if (users.length === 0) return;
      yield users
        .map((user) =>
          csvLine(
            [user.email, user.firstName, user.lastName, user.roles.join('|'), WORDS[language][user.status], user.invitation ? WORDS[language][user.invitation] : ''].map((cell) => csvText(cell, dialect)),
            dialect,
          ),
        )
        .join('');
      if (users.length < BATCH) return;
    }
  }
  return { rows, chunks: chunks() };
}

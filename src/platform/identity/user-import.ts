import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db } from '../db/client.js';
import { AppError, type LocalisedText } from '../http/errors.js';
import type { FlowContext } from './flow-context.js';
import { sendInvitation } from './invitations.service.js';
import { personName, ROLES, rolesField, type Role } from './identity.contract.js';
import type { LocalisedIssueParams } from '../http/localised-checks.contract.js';
import { findUserByEmail, insertUser, type User } from './users.repository.js';
import { userActor } from '../access/actor.js';
import { usersPolicy } from './users.policy.js';

export const IMPORT_MAX_ROWS = 5_000;

export interface ImportRowError {
  /** Line in the file (the header is line 1). */
  row: number;
  field: string;
  message: LocalisedText;
}

const rowSchema = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  firstName: personName,
  lastName: personName,
  roles: rolesField,
});

const HEADER_ALIASES: Record<string, 'email' | 'firstName' | 'lastName' | 'roles'> = {
  email: 'email',
  'e-mail': 'email',
  'first name': 'firstName',
  firstname: 'firstName',
  vorname: 'firstName',
  'last name': 'lastName',
  lastname: 'lastName',
  nachname: 'lastName',
  roles: 'roles',
  role: 'roles',
  rollen: 'roles',
  rolle: 'roles',
};

const fieldMessages: Record<string, LocalisedText> = {
  email: { en: 'not a valid e-mail address', de: 'keine gültige E-Mail-Adresse' },
  firstName: { en: 'first name missing or longer than 100 characters', de: 'Vorname fehlt oder ist länger als 100 Zeichen' },
  lastName: { en: 'last name missing or longer than 100 characters', de: 'Nachname fehlt oder ist länger als 100 Zeichen' },
  roles: {
    en: `unknown role; allowed: ${ROLES.join(', ')} (several separated by ;)`,
    de: `unbekannte Rolle; erlaubt: ${ROLES.join(', ')} (mehrere durch ; getrennt)`,
  },
};

type ParsedRow = z.infer<typeof rowSchema> & { line: number };

/**
 * Reads a CSV of users (header row: email, first name, last name, roles; German headers too;
 * comma or semicolon separated) into validated rows and every problem with its line.
 */
export function parseUserCsv(text: string): { rows: ParsedRow[]; errors: ImportRowError[] } {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    return { rows: [], errors: [{ row: 0, field: 'file', message: { en: `not readable as CSV: ${(error as Error).message}`, de: `nicht als CSV lesbar: ${(error as Error).message}` } }] };
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((h) => HEADER_ALIASES[h.toLowerCase().replace(/[_]/g, ' ').trim()]);
  const missing = (['email', 'firstName', 'lastName'] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return {
      rows: [],
      errors: missing.map((field) => ({ row: 1, field, message: { en: 'column missing in the header row', de: 'Spalte fehlt in der Kopfzeile' } })),
    };
  }
  if (body.length > IMPORT_MAX_ROWS) {
    return { rows: [], errors: [{ row: 0, field: 'file', message: { en: `more than ${IMPORT_MAX_ROWS} rows`, de: `mehr als ${IMPORT_MAX_ROWS} Zeilen` } }] };
  }

  const rows: ParsedRow[] = [];
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  body.forEach((record, index) => {
    const line = index + 2;
    const raw: Record<string, unknown> = { roles: ['learner'] };
    columns.forEach((column, i) => {
      if (!column) return;
      const value = record[i] ?? '';
      raw[column] = column === 'roles' ? (value ? value.split(/[;|]/).map((r) => r.trim().toLowerCase()).filter(Boolean) : ['learner']) : value;
    });
    const result = rowSchema.safeParse(raw);
    if (!result.success) {
      const byField = new Map<string, LocalisedText>();
      for (const issue of result.error.issues) {
        const field = String(issue.path[0]);
        // A refused name says why (no visible characters, direction controls, …); other fields say what is expected.
        const own = issue.code === 'custom' ? (issue.params as LocalisedIssueParams | undefined)?.message : undefined;
        if (!byField.has(field) || own) byField.set(field, own ?? fieldMessages[field] ?? { en: 'invalid', de: 'ungültig' });
      }
      for (const [field, message] of byField) errors.push({ row: line, field, message });
      return;
    }
    const key = result.data.email.toLowerCase();
    const earlier = seen.get(key);
    if (earlier) {
      errors.push({ row: line, field: 'email', message: { en: `same e-mail as line ${earlier}`, de: `gleiche E-Mail wie Zeile ${earlier}` } });
      return;
    }
    seen.set(key, line);
    rows.push({ ...result.data, line });
  });
  return { rows, errors };
}

/**
 * Imports users from a CSV file, all or nothing: when any line has a problem nothing is
 * created and every problem is reported with its line. Imported users have no password yet;
 * with `invite` each gets an invitation mail (queued in the same transaction).
 */
export async function importUsers(
  db: Db,
  context: FlowContext,
  csv: string,
  actor: User,
  options: { invite: boolean },
): Promise<{ created: User[] }> {
  // The route's guard asked already; the use case asks again, so no other caller can skip it.
  usersPolicy.assert(userActor(actor), 'manage');
  const { rows, errors } = parseUserCsv(csv);
  if (errors.length === 0 && rows.length === 0) {
    errors.push({ row: 0, field: 'file', message: { en: 'no user rows', de: 'keine Benutzerzeilen' } });
  }
  const fail = (list: ImportRowError[]) =>
    new AppError('USER_IMPORT_INVALID', list.map((e) => ({ field: `row ${e.row}: ${e.field}`, message: e.message })));
  if (errors.length > 0) throw fail(errors);

  return db.withTenant(context.tenant.id, async (tx) => {
    const taken: ImportRowError[] = [];
    for (const row of rows) {
      if (await findUserByEmail(tx, row.email)) {
        taken.push({ row: row.line, field: 'email', message: { en: 'a user with this e-mail exists already', de: 'ein Benutzer mit dieser E-Mail existiert bereits' } });
      }
    }
    if (taken.length > 0) throw fail(taken);
    const created: User[] = [];
    for (const row of rows) {
      const user = await insertUser(tx, { email: row.email, firstName: row.firstName, lastName: row.lastName, roles: row.roles as Role[], passwordHash: null });
      created.push(user);
      await insertAuditEvent(tx, {
        action: 'user.created',
        actorUserId: actor.id,
        actorIp: context.ip,
        userAgent: context.userAgent,
        requestId: context.requestId,
        targetType: 'user',
        targetId: user.id,
        details: { via: 'csv_import', roles: user.roles },
      });
      if (options.invite) await sendInvitation(tx, context, actor, user);
    }
    return { created };
  });
}

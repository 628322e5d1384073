import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db } from '../db/client.js';
import { AppError, type LocalisedText } from '../http/errors.js';
import type { FlowContext } from './flow-context.js';
import { sendInvitation } from './invitations.service.js';
import { personName, ROLES, rolesField, type Role } from './identity.contract.js';
import { localisedIssueMessage } from '../http/localised-checks.contract.js';
import { findUserByEmail, insertUser, updateUserNamesAndRoles, type User } from './users.repository.js';
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

/**
 * Role names a file may use: the API's and the UI's in both languages (“Trainer/in”,
 * “Teilnehmerin”), in any letter case.
 */
const ROLE_NAMES: Record<string, Role> = {
  admin: 'admin',
  administrator: 'admin',
  administratorin: 'admin',
  'administrator/in': 'admin',
  manager: 'manager',
  managerin: 'manager',
  'manager/in': 'manager',
  instructor: 'instructor',
  trainer: 'instructor',
  trainerin: 'instructor',
  'trainer/in': 'instructor',
  learner: 'learner',
  teilnehmer: 'learner',
  teilnehmerin: 'learner',
  'teilnehmer/in': 'learner',
};

/** Several roles in one cell: separated by `;`, `,` or `|` (a semicolon file's roles arrive as cells of their own, see below). */
function rolesOf(cells: string[]): string[] {
  const names = cells.flatMap((cell) => cell.split(/[;,|]/)).map((name) => name.trim().toLowerCase()).filter(Boolean);
  return names.length === 0 ? ['learner'] : names.map((name) => ROLE_NAMES[name] ?? name);
}

const fieldMessages: Record<string, LocalisedText> = {
  email: { en: 'not a valid e-mail address', de: 'keine gültige E-Mail-Adresse' },
  firstName: { en: 'first name missing or longer than 100 characters', de: 'Vorname fehlt oder ist länger als 100 Zeichen' },
  lastName: { en: 'last name missing or longer than 100 characters', de: 'Nachname fehlt oder ist länger als 100 Zeichen' },
  roles: {
    en: `unknown role; allowed: ${ROLES.join(', ')} (or their German names; several separated by ; , or |)`,
    de: `unbekannte Rolle; erlaubt: Administrator/in, Manager/in, Trainer/in, Teilnehmer/in (oder ${ROLES.join(', ')}; mehrere durch ; , oder | getrennt)`,
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
  const rolesLast = columns.length > 0 && columns[columns.length - 1] === 'roles';
  body.forEach((record, index) => {
    const line = index + 2;
    // More cells than the header: in a semicolon file, "manager;learner" is two cells. When the
    // roles are the last column they are all roles; otherwise the line is refused, never cut short.
    if (record.length > columns.length && !rolesLast && record.slice(columns.length).some((cell) => cell !== '')) {
      errors.push({
        row: line,
        field: 'file',
        message: {
          en: `this line has ${record.length} cells, the header ${columns.length}: put a cell that holds the separator in double quotes`,
          de: `diese Zeile hat ${record.length} Zellen, die Kopfzeile ${columns.length}: setzen Sie eine Zelle, die das Trennzeichen enthält, in Anführungszeichen`,
        },
      });
      return;
    }
    const raw: Record<string, unknown> = { roles: ['learner'] };
    columns.forEach((column, i) => {
      if (!column) return;
      const cells = column === 'roles' && i === columns.length - 1 ? record.slice(i) : [record[i] ?? ''];
      raw[column] = column === 'roles' ? rolesOf(cells) : cells[0];
    });
    const result = rowSchema.safeParse(raw);
    if (!result.success) {
      const byField = new Map<string, LocalisedText>();
      for (const issue of result.error.issues) {
        const field = String(issue.path[0]);
        // A refused name says why (no visible characters, direction controls, …); other fields say what is expected.
        const own = localisedIssueMessage(issue);
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

/** What an import does with a line whose e-mail address belongs to a user of the site already. */
export const EXISTING_USER_CHOICES = ['refuse', 'skip', 'update'] as const;
export type ExistingUserChoice = (typeof EXISTING_USER_CHOICES)[number];

/**
 * Imports users from a CSV file, all or nothing: when any line has a problem nothing is
 * created and every problem is reported with its line. Imported users have no password yet;
 * with `invite` each gets an invitation mail (queued in the same transaction). A line of a user
 * who exists already refuses the file (`existing: 'refuse'`, the default), is left out
 * (`'skip'`), or updates that user's names and roles (`'update'`; never the e-mail, password or
 * status, and never the importer's own roles).
 */
export async function importUsers(
  db: Db,
  context: FlowContext,
  csv: string,
  actor: User,
  options: { invite: boolean; existing?: ExistingUserChoice },
): Promise<{ created: (User & { link?: string })[]; updated: User[]; skipped: number; mail: 'queued' | 'off' | null }> {
  // The route's guard asked already; the use case asks again, so no other caller can skip it.
  usersPolicy.assert(userActor(actor), 'manage');
  const existing = options.existing ?? 'refuse';
  const { rows, errors } = parseUserCsv(csv);
  if (errors.length === 0 && rows.length === 0) {
    errors.push({ row: 0, field: 'file', message: { en: 'no user rows', de: 'keine Benutzerzeilen' } });
  }
  const fail = (list: ImportRowError[]) =>
    new AppError('USER_IMPORT_INVALID', list.map((e) => ({ field: `row ${e.row}: ${e.field}`, message: e.message })));
  if (errors.length > 0) throw fail(errors);

  return db.withTenant(context.tenant.id, async (tx) => {
    const problems: ImportRowError[] = [];
    const known = new Map<number, User>();
    for (const row of rows) {
      const user = await findUserByEmail(tx, row.email);
      if (!user) continue;
      known.set(row.line, user);
      if (existing === 'refuse') {
        problems.push({ row: row.line, field: 'email', message: { en: 'a user with this e-mail exists already', de: 'ein Benutzer mit dieser E-Mail existiert bereits' } });
      } else if (existing === 'update' && user.id === actor.id && !row.roles.includes('admin')) {
        problems.push({ row: row.line, field: 'roles', message: { en: 'you cannot take the administrator role from yourself', de: 'Sie können sich die Rolle Administrator/in nicht selbst nehmen' } });
      }
    }
    if (problems.length > 0) throw fail(problems);
    const created: (User & { link?: string })[] = [];
    const updated: User[] = [];
    let skipped = 0;
    // Without mail an invitation's link is handed to the administrator, one per new user.
    let mail: 'queued' | 'off' | null = null;
    const audit = (action: 'user.created' | 'user.updated', user: User, details: Record<string, unknown>) =>
      insertAuditEvent(tx, {
        action,
        actorUserId: actor.id,
        actorIp: context.ip,
        userAgent: context.userAgent,
        requestId: context.requestId,
        targetType: 'user',
        targetId: user.id,
        details: { via: 'csv_import', ...details },
      });
    for (const row of rows) {
      const user = known.get(row.line);
      if (user && existing === 'skip') {
        skipped++;
      } else if (user) {
        const changed = await updateUserNamesAndRoles(tx, user.id, { firstName: row.firstName, lastName: row.lastName, roles: row.roles as Role[] });
        updated.push(changed);
        await audit('user.updated', changed, { roles: changed.roles, previousRoles: user.roles, firstName: changed.firstName, lastName: changed.lastName });
      } else {
        const inserted = await insertUser(tx, { email: row.email, firstName: row.firstName, lastName: row.lastName, roles: row.roles as Role[], passwordHash: null });
        await audit('user.created', inserted, { roles: inserted.roles });
        if (options.invite) {
          const handover = await sendInvitation(tx, context, actor, inserted);
          mail = handover.mail;
          created.push(handover.mail === 'off' ? { ...inserted, link: handover.link } : inserted);
        } else {
          created.push(inserted);
        }
      }
    }
    return { created, updated, skipped, mail };
  });
}

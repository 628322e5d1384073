import type { Orm } from '../../platform/db/index.js';
import { registrationKey } from './statement-terms.js';
import { queryStatements } from './statements.repository.js';
import { VOIDED_VERB } from './validation/validate-statement.js';

/** Where a page of a registration's statements starts: after this statement, in `stored` order. */
export interface StatementPosition {
  stored: Date;
  seq: number;
}

export interface RegistrationStatement {
  id: string;
  stored: Date;
  /** The statement as stored (with id, stored, timestamp, authority and version filled in). */
  statement: Record<string, unknown>;
}

export interface RegistrationPage {
  statements: RegistrationStatement[];
  /** Where the next page starts, or null when this one is the last. */
  next: StatementPosition | null;
}

/**
 * A page of the statements of one registration, oldest first in the order they were stored (the
 * registration term's index order), as a story of the attempt reads. Voided statements are left
 * out, and so are the voiding statements themselves (they carry the registration of the statement
 * they void, but tell nothing of the attempt). Run inside withTenant(): row-level security limits
 * the page to that tenant's statements.
 */
export async function listStatementsOfRegistration(tx: Orm, registration: string, page: { after?: StatementPosition | undefined; limit: number }): Promise<RegistrationPage> {
  const rows = await queryStatements(tx, {
    terms: [{ key: registrationKey(registration), related: false }],
    ascending: true,
    after: page.after,
    limit: page.limit + 1,
  });
  const inPage = rows.slice(0, page.limit);
  const last = inPage.at(-1);
  const next = rows.length > page.limit && last ? { stored: last.stored, seq: last.seq } : null;
  const statements = inPage
    .filter((row) => (row.statement.verb as { id?: unknown } | undefined)?.id !== VOIDED_VERB)
    .map((row) => ({ id: row.id, stored: row.stored, statement: row.statement }));
  return { statements, next };
}

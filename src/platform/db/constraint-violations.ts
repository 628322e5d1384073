/** The PostgreSQL error codes (SQLSTATE) of a database error, possibly wrapped by the query builder. */
function* sqlStates(error: unknown): Generator<{ code?: unknown; constraint?: unknown; message?: unknown }> {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) yield e as { code?: unknown; constraint?: unknown; message?: unknown };
}

/** Whether a database error (possibly wrapped by the query builder) is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  for (const e of sqlStates(error)) if (e.code === '23505') return true;
  return false;
}

/** Whether a database error (possibly wrapped by the query builder) is a detected deadlock: the transaction was rolled back and may be tried again. */
export function isDeadlock(error: unknown): boolean {
  for (const e of sqlStates(error)) if (e.code === '40P01') return true;
  return false;
}

/**
 * Whether a database error is a foreign key that must name one of the site's people (users.id) and
 * did not: the writer was someone who is no user row, such as operator staff under a grant.
 */
export function isUserReferenceViolation(error: unknown): boolean {
  for (const e of sqlStates(error)) {
    if (e.code !== '23503') continue;
    const constraint = typeof e.constraint === 'string' ? e.constraint : typeof e.message === 'string' ? e.message : '';
    if (/_users_tenant_id_id_fk\b/.test(constraint)) return true;
  }
  return false;
}

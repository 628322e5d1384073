/** The database's message for a refused statement (the query builder wraps it), or 'not refused'. */
export function refusalOf(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => 'not refused',
    (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
  );
}

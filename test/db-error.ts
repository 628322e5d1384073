/** The database's own message behind a query-builder error (drizzle wraps it as `cause`). */
export async function databaseError(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : (error as Error).message;
  }
  return 'no error';
}

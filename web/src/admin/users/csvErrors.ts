// The per-line problems of a refused CSV import, as the server reports them in `error.fields`
// (`{ field: 'row 3: email', message }`; row 0 is the file as a whole, row 1 the header).

export interface ImportProblem {
  /** Line in the file (the header is line 1); undefined for the file as a whole. */
  line: number | undefined;
  /** email, firstName, lastName, roles, file, or the server's field name as given. */
  column: string;
  message: string;
}

const ROW_FIELD = /^row (\d+): (.+)$/;

export function importProblems(fields: readonly { field: string; message: string }[]): ImportProblem[] {
  const problems = fields.map((f, index) => {
    const match = ROW_FIELD.exec(f.field.trim());
    const row = match ? Number(match[1]) : 0;
    return {
      problem: { line: row > 0 ? row : undefined, column: match?.[2] ?? f.field, message: f.message },
      order: index,
    };
  });
  // Whole-file problems first, then by line; the server's order within a line is kept.
  problems.sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.order - b.order);
  return problems.map((p) => p.problem);
}

/** The columns of the import, in the order the help text lists them. */
export const IMPORT_COLUMNS = ['email', 'firstName', 'lastName', 'roles'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export function isImportColumn(column: string): column is ImportColumn {
  return (IMPORT_COLUMNS as readonly string[]).includes(column);
}

import type { ExportFile } from './area-privacy.js';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as string | number | boolean | bigint);
}

/** A cell for any spreadsheet: formulas neutralised, quoted when needed. */
function csvCell(value: unknown): string {
  const text = cellText(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Rows as a CSV file (comma-separated, UTF-8, ISO 8601 times in UTC): machine-readable as
 * GDPR Art. 20 asks. The header is the union of the rows' keys, or `columns` when there are no rows.
 */
export function csvFile(name: string, rows: readonly Record<string, unknown>[], columns: readonly string[] = []): ExportFile {
  const header = rows.length > 0 ? [...new Set(rows.flatMap((row) => Object.keys(row)))] : [...columns];
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => header.map((key) => csvCell(row[key])).join(','))];
  return { name, content: `${lines.join('\r\n')}\r\n` };
}

/** Nested data as an indented JSON file. */
export function jsonFile(name: string, data: unknown): ExportFile {
  return { name, content: `${JSON.stringify(data, null, 2)}\n` };
}

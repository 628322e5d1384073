import { csvText, type CsvDialect } from '../http/csv-text.js';
import type { StoredExportFile, TextExportFile } from './area-privacy.js';

const DIALECT: CsvDialect = { separator: ',', decimal: '.' };

/**
 * A cell: text through the app's CSV writer (formulas neutralised, quoted when needed); numbers and
 * booleans as they are, so an amount of -5 stays a number; times in ISO 8601, nested data as JSON.
 */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return csvText(typeof value === 'object' ? JSON.stringify(value) : String(value as string), DIALECT);
}

/**
 * Rows as a CSV file (comma-separated, UTF-8, ISO 8601 times in UTC): machine-readable as
 * GDPR Art. 20 asks. The header is the union of the rows' keys, or `columns` when there are no rows.
 */
export function csvFile(name: string, rows: readonly Record<string, unknown>[], columns: readonly string[] = []): TextExportFile {
  const header = rows.length > 0 ? [...new Set(rows.flatMap((row) => Object.keys(row)))] : [...columns];
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => header.map((key) => csvCell(row[key])).join(','))];
  return { name, content: `${lines.join('\r\n')}\r\n` };
}

/** Nested data as an indented JSON file. */
export function jsonFile(name: string, data: unknown): TextExportFile {
  return { name, content: `${JSON.stringify(data, null, 2)}\n` };
}

/**
 * A stored file under `folder`, named by a name a person chose (an upload's file name): path
 * separators, control and reserved characters become `_` and it is cut to 120 characters, so it
 * stays one entry of that folder on every system; `key` (the row's id) keeps equal names apart.
 */
export function storedFile(folder: string, key: string, fileName: string, blobHash: string): StoredExportFile {
  // eslint-disable-next-line no-control-regex
  const safe = fileName.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').trim().slice(0, 120) || 'file';
  return { name: `${folder}/${key}-${safe}`, blobHash };
}

import type { Language } from '../../platform/http/index.js';
import type { ReportRow } from './reports.contract.js';
import type { CellKind, CellValue, ReportColumn } from './report-columns.js';

/**
 * The CSV a spreadsheet of that language opens without an import dialog: German Excel splits
 * on semicolons and reads decimal commas, English Excel on commas with decimal points.
 */
export interface CsvDialect {
  separator: ',' | ';';
  decimal: '.' | ',';
}

export function csvDialectOf(language: Language): CsvDialect {
  return language === 'de' ? { separator: ';', decimal: ',' } : { separator: ',', decimal: '.' };
}

/** The byte order mark that makes Excel read the file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-27 14:05` in UTC (the header says so). */
export function formatUtcMinute(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** Seconds as `h:mm:ss` (hours unbounded). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/**
 * A text cell that a spreadsheet would run as a formula (= + - @, or a leading tab or carriage
 * return) gets a leading apostrophe: a learner named "=HYPERLINK(…)" stays text.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(text: string, dialect: CsvDialect): string {
  const needsQuotes = text.includes('"') || text.includes(dialect.separator) || /[\r\n]/.test(text) || /^\s|\s$/.test(text);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvCell(value: CellValue, kind: CellKind, dialect: CsvDialect): string {
  if (value === null || value === '') return '';
  if (value instanceof Date) return formatUtcMinute(value);
  if (typeof value === 'number') {
    if (kind === 'duration') return formatDuration(value);
    const text = String(Math.round(value * 100) / 100);
    return dialect.decimal === ',' ? text.replace('.', ',') : text;
  }
  return quote(neutralizeFormula(value), dialect);
}

export function csvLine(cells: string[], dialect: CsvDialect): string {
  return `${cells.join(dialect.separator)}\r\n`;
}

/** The CSV file as chunks: BOM and header row first, then one chunk per batch of rows. */
export async function* csvChunks(columns: ReportColumn[], batches: AsyncIterable<ReportRow[]>, language: Language): AsyncGenerator<string> {
  const dialect = csvDialectOf(language);
  yield UTF8_BOM + csvLine(columns.map((c) => quote(neutralizeFormula(c.header[language]), dialect)), dialect);
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) chunk += csvLine(columns.map((c) => csvCell(c.value(row, language), c.kind, dialect)), dialect);
    if (chunk) yield chunk;
  }
}

import { csvDialectOf, csvLine, csvText, formatUtcMinute, UTF8_BOM, type CsvDialect, type Language } from '../../platform/http/index.js';
import type { ReportRow } from './reports.contract.js';
import type { CellKind, CellValue, ReportColumn } from './report-columns.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Seconds as `h:mm:ss` (hours unbounded). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

export function csvCell(value: CellValue, kind: CellKind, dialect: CsvDialect): string {
  if (value === null || value === '') return '';
  if (value instanceof Date) return formatUtcMinute(value);
  if (typeof value === 'number') {
    if (kind === 'duration') return formatDuration(value);
    const text = String(Math.round(value * 100) / 100);
    return dialect.decimal === ',' ? text.replace('.', ',') : text;
  }
  return csvText(value, dialect);
}

/** The CSV file as chunks: BOM and header row first, then one chunk per batch of rows. */
export async function* csvChunks(columns: ReportColumn[], batches: AsyncIterable<ReportRow[]>, language: Language): AsyncGenerator<string> {
  const dialect = csvDialectOf(language);
  yield UTF8_BOM + csvLine(columns.map((c) => csvText(c.header[language], dialect)), dialect);
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) chunk += csvLine(columns.map((c) => csvCell(c.value(row, language), c.kind, dialect)), dialect);
    if (chunk) yield chunk;
  }
}

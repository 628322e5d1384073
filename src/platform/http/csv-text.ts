import type { Language } from './language.js';

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

/**
 * A text cell that a spreadsheet would run as a formula (= + - @, or a leading tab or carriage
 * return) gets a leading apostrophe: a learner named "=HYPERLINK(…)" stays text.
 */
function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A text cell: formulas neutralised, quoted when it holds the separator, a quote, a line break or edge spaces. */
export function csvText(text: string, dialect: CsvDialect): string {
  const safe = neutralizeFormula(text);
  const needsQuotes = safe.includes('"') || safe.includes(dialect.separator) || /[\r\n]/.test(safe) || /^\s|\s$/.test(safe);
  return needsQuotes ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: string[], dialect: CsvDialect): string {
  return `${cells.join(dialect.separator)}\r\n`;
}

import type { Language } from '../../platform/http/index.js';
import type { ReportRow, ReportStatus } from './reports.contract.js';

/** How a cell is written: CSV text and XLSX cell type follow from it. */
export type CellKind = 'text' | 'number' | 'date' | 'duration';
export type CellValue = string | number | Date | null;

export interface ReportColumn {
  header: Record<Language, string>;
  kind: CellKind;
  /** Width in characters (XLSX). */
  width: number;
  value(row: ReportRow, language: Language): CellValue;
}

export const STATUS_LABELS: Record<ReportStatus, Record<Language, string>> = {
  not_started: { en: 'Not started', de: 'Nicht begonnen' },
  in_progress: { en: 'In progress', de: 'In Bearbeitung' },
  completed: { en: 'Completed', de: 'Abgeschlossen' },
  passed: { en: 'Passed', de: 'Bestanden' },
  failed: { en: 'Failed', de: 'Nicht bestanden' },
};

const YES_NO: Record<Language, [string, string]> = { en: ['yes', 'no'], de: ['ja', 'nein'] };

const date = (value: string | null): Date | null => (value === null ? null : new Date(value));

const lastName: ReportColumn = { header: { en: 'Last name', de: 'Nachname' }, kind: 'text', width: 20, value: (r) => r.lastName };
const firstName: ReportColumn = { header: { en: 'First name', de: 'Vorname' }, kind: 'text', width: 20, value: (r) => r.firstName };
const email: ReportColumn = { header: { en: 'E-mail', de: 'E-Mail' }, kind: 'text', width: 32, value: (r) => r.email };
const course: ReportColumn = { header: { en: 'Course', de: 'Kurs' }, kind: 'text', width: 36, value: (r) => r.courseTitle };
const status: ReportColumn = {
  header: { en: 'Status', de: 'Status' },
  kind: 'text',
  width: 16,
  value: (r, language) => STATUS_LABELS[r.status][language],
};
const score: ReportColumn = { header: { en: 'Score (%)', de: 'Ergebnis (%)' }, kind: 'number', width: 12, value: (r) => r.scorePercent };
const timeSpent: ReportColumn = {
  header: { en: 'Time spent (h:mm:ss)', de: 'Bearbeitungszeit (h:mm:ss)' },
  kind: 'duration',
  width: 14,
  value: (r) => r.timeSpentSeconds,
};
const attempts: ReportColumn = { header: { en: 'Attempts', de: 'Versuche' }, kind: 'number', width: 10, value: (r) => r.attemptCount };
const enrolledAt: ReportColumn = {
  header: { en: 'Enrolled (UTC)', de: 'Eingeschrieben (UTC)' },
  kind: 'date',
  width: 18,
  value: (r) => date(r.enrolledAt),
};
const dueAt: ReportColumn = { header: { en: 'Due (UTC)', de: 'Fällig (UTC)' }, kind: 'date', width: 18, value: (r) => date(r.dueAt) };
const firstAccess: ReportColumn = {
  header: { en: 'First access (UTC)', de: 'Erster Zugriff (UTC)' },
  kind: 'date',
  width: 18,
  value: (r) => date(r.firstAccessAt),
};
const lastAccess: ReportColumn = {
  header: { en: 'Last access (UTC)', de: 'Letzter Zugriff (UTC)' },
  kind: 'date',
  width: 18,
  value: (r) => date(r.lastAccessAt),
};
const completedAt: ReportColumn = {
  header: { en: 'Completed (UTC)', de: 'Abgeschlossen am (UTC)' },
  kind: 'date',
  width: 18,
  value: (r) => date(r.completedAt),
};
const overdue: ReportColumn = {
  header: { en: 'Overdue', de: 'Überfällig' },
  kind: 'text',
  width: 10,
  value: (r, language) => YES_NO[language][r.overdue ? 0 : 1],
};
const userStatus: ReportColumn = {
  header: { en: 'Account', de: 'Konto' },
  kind: 'text',
  width: 12,
  value: (r, language) => (r.userStatus === 'active' ? { en: 'active', de: 'aktiv' } : { en: 'deactivated', de: 'deaktiviert' })[language],
};

const progress = [status, score, timeSpent, attempts, enrolledAt, dueAt, firstAccess, lastAccess, completedAt, overdue];

/** The columns of each report's export, in order. */
export const REPORT_COLUMNS = {
  course: [lastName, firstName, email, userStatus, ...progress],
  learner: [course, ...progress],
  overdue: [lastName, firstName, email, course, dueAt, status, score, lastAccess, userStatus],
} satisfies Record<string, ReportColumn[]>;

export type ReportKind = keyof typeof REPORT_COLUMNS;

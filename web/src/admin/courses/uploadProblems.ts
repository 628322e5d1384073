import type { ApiFieldError } from '../../shared/api/errors';

/** Field names of package errors the upload panel labels in the UI language; others show as sent. */
export const UPLOAD_FIELD_LABELS = ['entry', 'limit', 'entries', 'reason', 'file', 'content-type'] as const;
export type UploadFieldLabel = (typeof UPLOAD_FIELD_LABELS)[number];

/** One line of a refused upload as the panel shows it: never the raw error code. */
export type UploadProblem =
  /** An item of the validation report: its severity, where in the package, and the message (already in the UI language). */
  | { kind: 'report'; severity: 'error' | 'warning'; where: string; message: string }
  /** A fact about the zip (the entry at fault, the limit it broke, …). */
  | { kind: 'field'; label: UploadFieldLabel | null; field: string; message: string };

// The server names each report item "<error|warning> <CODE> (<where>)" (docs/course-packages.md).
const REPORT_FIELD = /^(error|warning) [A-Z0-9_]+ \((.*)\)$/s;

export function uploadProblems(fields: readonly ApiFieldError[]): UploadProblem[] {
  return fields.map(({ field, message: text, value }) => {
    // A fact about the zip (an entry's name, a count) comes as the value; the message then only repeats the refusal.
    const message = value ?? text;
    const report = REPORT_FIELD.exec(field);
    if (report) return { kind: 'report', severity: report[1] as 'error' | 'warning', where: report[2]!, message };
    const label = (UPLOAD_FIELD_LABELS as readonly string[]).includes(field) ? (field as UploadFieldLabel) : null;
    return { kind: 'field', label, field, message };
  });
}

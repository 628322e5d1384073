import type { FieldProblem, LocalisedText } from '../../platform/http/index.js';
import type { ReportItem, ValidationReport } from './manifest.types.js';
import { packageErrors, packageWarnings, type PackageErrorCode, type PackageWarningCode } from './packages.errors.js';

/**
 * Collects the errors and warnings found while reading a package. `detail` is the value at fault
 * as written in the package (a path, an identifier); anything said about it in words is a `note`
 * in both languages, added to the message.
 */
export class ReportBuilder {
  constructor(readonly report: ValidationReport = { errors: [], warnings: [] }) {}

  error(code: PackageErrorCode, where: string, detail?: string, note?: LocalisedText): void {
    const { en, de } = packageErrors[code];
    this.report.errors.push(item(code, withNote({ en, de }, note), where, detail));
  }

  warning(code: PackageWarningCode, where: string, detail?: string, note?: LocalisedText): void {
    this.report.warnings.push(item(code, withNote(packageWarnings[code], note), where, detail));
  }

  get hasErrors(): boolean {
    return this.report.errors.length > 0;
  }
}

function withNote(message: LocalisedText, note: LocalisedText | undefined): LocalisedText {
  return note === undefined ? message : { en: `${message.en} ${note.en}`, de: `${message.de} ${note.de}` };
}

function item(code: ReportItem['code'], message: ReportItem['message'], where: string, detail: string | undefined): ReportItem {
  return { code, message: { en: message.en, de: message.de }, where, ...(detail === undefined ? {} : { detail }) };
}

/**
 * The report as the `fields` of an AppError: errors, then warnings, each named by severity,
 * code and place, its message followed by the value at fault.
 */
export function reportFields(report: ValidationReport): FieldProblem[] {
  const field = (severity: string, entry: ReportItem): FieldProblem => ({
    field: `${severity} ${entry.code} (${entry.where})`,
    message: entry.detail === undefined ? entry.message : { en: `${entry.message.en} ${entry.detail}`, de: `${entry.message.de} ${entry.detail}` },
  });
  return [...report.errors.map((e) => field('error', e)), ...report.warnings.map((w) => field('warning', w))];
}

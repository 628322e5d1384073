import { insertActorEvent } from '../../audit/actor-event.js';
import type { Language } from '../../http/language.js';
import type { UseCase } from '../request-context.js';
import type { PrivilegeReportQuery } from './access-reviews.contract.js';
import { privilegeReport } from './access-reviews.service.js';
import { privilegeReportCsv } from './privilege-report.js';
import type { PrivilegeSource } from './privilege-source.js';

/** The privilege report as CSV; the export is audited (it lists who can do what in the site). */
export async function exportPrivilegeReport(useCase: UseCase, sources: readonly PrivilegeSource[], query: PrivilegeReportQuery, language: Language): Promise<string> {
  const report = await privilegeReport(useCase, sources, query);
  await insertActorEvent(useCase.tx, useCase, 'access_review.report_exported', { type: 'privilege_report', id: useCase.tenant.id }, { rows: report.privileges.length, unusedDays: report.unusedDays, unusedOnly: query.unusedOnly === 'true' });
  return privilegeReportCsv(report.privileges, language);
}

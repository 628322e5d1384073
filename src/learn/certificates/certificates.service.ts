import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent, insertAuditEvent } from '../../platform/audit/index.js';
import type { Db, Orm } from '../../platform/db/index.js';
import { AppError, type Language } from '../../platform/http/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import { siteNameOf } from '../../platform/branding/index.js';
import { coursesPolicy } from '../courses/courses.policy.js';
import { findPath } from '../paths/paths.repository.js';
import { addCertificateNotice } from '../notifications/in-app-notices.js';
import { noticeLanguage } from '../notifications/notices.service.js';
import { CODE_LENGTH, formatCertificateCode, newCertificateCode, normaliseCertificateCode } from './certificate-code.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import type { CertificateSettingsView, CertificateView, CertificateVerificationView, MyCertificatesView } from './certificates.contract.js';
import { certificatesPolicy } from './certificates.policy.js';
import {
  findCertificate,
  findCertificateOfCompletion,
  findCourseTitle,
  findEnrolmentForCertificate,
  findLearnerForCertificate,
  findPathCertificate,
  findSettings,
  findValidCertificateByCode,
  insertCertificate,
  listCertificatesOfCourse,
  listCertificatesOfPath,
  listCertificatesOfUser,
  listClaimableEnrolments,
  revokeCertificateRow,
  upsertSettings,
  type CertificateRow,
} from './certificates.repository.js';

/** The public page a certificate is verified at, on the site's configured address (never a request's Host). */
export function verifyUrlOf(siteUrl: string, code: string): string {
  return `${siteUrl}/verify/${formatCertificateCode(code)}`;
}

export function certificateView(row: CertificateRow, siteUrl: string): CertificateView {
  return {
    id: row.id,
    code: formatCertificateCode(row.code),
    verifyUrl: verifyUrlOf(siteUrl, row.code),
    enrolmentId: row.enrolmentId,
    courseId: row.courseId,
    pathId: row.pathId,
    userId: row.userId,
    learnerName: row.learnerName,
    courseTitle: row.courseTitle,
    status: row.status,
    scorePercent: row.scorePercent,
    completedAt: row.completedAt.toISOString(),
    issuedAt: row.issuedAt.toISOString(),
    state: row.revokedAt ? 'revoked' : 'valid',
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokeReason: row.revokeReason,
  };
}

async function existingCourseTitle(tx: Orm, courseId: string): Promise<string> {
  const title = await findCourseTitle(tx, courseId);
  if (title === undefined) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', value: courseId }]);
  return title;
}

// ---- The template (part of editing the course) ----

export async function certificateSettingsOf(useCase: UseCase, courseId: string): Promise<CertificateSettingsView> {
  coursesPolicy.assert(useCase.actor, 'manage');
  await existingCourseTitle(useCase.tx, courseId);
  const row = await findSettings(useCase.tx, courseId);
  return { courseId, enabled: row?.enabled ?? false, heading: row?.heading ?? null, body: row?.body ?? null, updatedAt: row?.updatedAt.toISOString() ?? null };
}

export async function changeCertificateSettings(useCase: UseCase, courseId: string, input: { enabled: boolean; heading: string | null; body: string | null }): Promise<CertificateSettingsView> {
  coursesPolicy.assert(useCase.actor, 'manage');
  await existingCourseTitle(useCase.tx, courseId);
  const row = await upsertSettings(useCase.tx, courseId, { ...input, updatedBy: useCase.user.id });
  await insertActorEvent(useCase.tx, useCase, 'course.certificate_changed', { type: 'course', id: courseId }, { enabled: row.enabled, heading: row.heading, hasBody: row.body !== null });
  return { courseId, enabled: row.enabled, heading: row.heading, body: row.body, updatedAt: row.updatedAt.toISOString() };
}

/** The certificate as the saved template makes it, with the editor's own name, marked as a preview. */
export async function previewCertificatePdf(useCase: UseCase, courseId: string, language: Language, siteUrl: string): Promise<Buffer> {
  coursesPolicy.assert(useCase.actor, 'manage');
  const courseTitle = await existingCourseTitle(useCase.tx, courseId);
  const settings = await findSettings(useCase.tx, courseId);
  const code = '0'.repeat(CODE_LENGTH);
  return renderCertificatePdf({
    language,
    siteName: siteNameOf(useCase.tenant),
    heading: settings?.heading ?? null,
    body: settings?.body ?? null,
    learnerName: `${useCase.user.firstName} ${useCase.user.lastName}`.trim(),
    courseTitle,
    status: 'passed',
    scorePercent: 100,
    completedAt: new Date(),
    code,
    verifyUrl: verifyUrlOf(siteUrl, code),
    preview: true,
  });
}

// ---- Issuing ----

export interface Completion {
  status: 'completed' | 'passed';
  scorePercent: number | null;
  completedAt: Date;
}

type IssueOutcome = { kind: 'issued' | 'existing'; certificate: CertificateRow } | { kind: 'revoked'; certificate: CertificateRow } | { kind: 'not_offered' | 'no_enrolment' };

/**
 * Issues the certificate of one completion of an enrolment, when its course awards one: a
 * snapshot of the learner's name, the course's title and the site's name as they are now. One
 * per completion (a repeated call finds the one issued before) and at most one valid per enrolment.
 */
async function issueCertificate(tx: Orm, tenant: Tenant, enrolmentId: string, completion: Completion | null, actorUserId: string | null): Promise<IssueOutcome> {
  const enrolment = await findEnrolmentForCertificate(tx, enrolmentId);
  if (!enrolment) return { kind: 'no_enrolment' };
  if (!enrolment.enabled) return { kind: 'not_offered' };
  const finished = completion ?? (enrolment.completedAt && (enrolment.status === 'completed' || enrolment.status === 'passed')
    ? { status: enrolment.status, scorePercent: enrolment.scorePercent, completedAt: enrolment.completedAt }
    : null);
  if (!finished) throw new AppError('LEARN_CERTIFICATE_NOT_COMPLETED', [{ field: 'enrolmentId', value: enrolmentId }]);
  const before = await findCertificateOfCompletion(tx, enrolmentId, finished.completedAt);
  if (before) return { kind: before.revokedAt ? 'revoked' : 'existing', certificate: before };
  const created = await insertCertificate(tx, {
    code: newCertificateCode(),
    enrolmentId,
    courseId: enrolment.courseId,
    userId: enrolment.userId,
    learnerName: `${enrolment.firstName} ${enrolment.lastName}`.trim(),
    courseTitle: enrolment.courseTitle,
    siteName: siteNameOf(tenant),
    heading: enrolment.heading,
    body: enrolment.body,
    language: noticeLanguage(enrolment.language, tenant),
    status: finished.status,
    scorePercent: finished.scorePercent,
    completedAt: finished.completedAt,
  });
  if (!created) {
    // Issued by a concurrent request or delivery in the meantime.
    const now = await findCertificateOfCompletion(tx, enrolmentId, finished.completedAt);
    if (!now) throw new Error(`certificate of enrolment ${enrolmentId} neither inserted nor found`);
    return { kind: now.revokedAt ? 'revoked' : 'existing', certificate: now };
  }
  await insertAuditEvent(tx, {
    action: 'certificate.issued',
    actorUserId,
    targetType: 'certificate',
    targetId: created.id,
    details: { enrolmentId, courseId: created.courseId, userId: created.userId, completedAt: created.completedAt.toISOString() },
  });
  await addCertificateNotice(tx, 'issued', created);
  return { kind: 'issued', certificate: created };
}

/** The completion event's reaction: the certificate, if the course awards one (nothing otherwise). */
export async function issueOnCompletion(tx: Orm, tenant: Tenant, enrolmentId: string, completion: Completion): Promise<void> {
  await issueCertificate(tx, tenant, enrolmentId, completion, null);
}

/** A finished learning path: what its certificate certifies. */
export interface PathCompletion {
  pathId: string;
  pathEnrolmentId: string;
  pathTitle: string;
  userId: string;
  completedAt: Date;
}

/**
 * Issues a learning path's certificate when the learner has finished its last course (the path
 * decides whether it awards one): the standard wording, the learner's name, the path's title and
 * the site's name as they are now. One per completion of the path enrolment; the learner is told in the app.
 */
export async function issuePathCertificate(tx: Orm, tenant: Tenant, completion: PathCompletion): Promise<CertificateRow | undefined> {
  const before = await findPathCertificate(tx, completion.pathEnrolmentId, completion.completedAt);
  if (before) return before;
  const learner = await findLearnerForCertificate(tx, completion.userId);
  if (!learner) return undefined;
  const created = await insertCertificate(tx, {
    code: newCertificateCode(),
    enrolmentId: null,
    courseId: null,
    pathId: completion.pathId,
    pathEnrolmentId: completion.pathEnrolmentId,
    userId: completion.userId,
    learnerName: `${learner.firstName} ${learner.lastName}`.trim(),
    courseTitle: completion.pathTitle,
    siteName: siteNameOf(tenant),
    heading: null,
    body: null,
    language: noticeLanguage(learner.language, tenant),
    status: 'completed',
    scorePercent: null,
    completedAt: completion.completedAt,
  });
  if (!created) return findPathCertificate(tx, completion.pathEnrolmentId, completion.completedAt);
  await insertAuditEvent(tx, {
    action: 'certificate.issued',
    actorUserId: null,
    targetType: 'certificate',
    targetId: created.id,
    details: { pathEnrolmentId: completion.pathEnrolmentId, pathId: completion.pathId, userId: created.userId, completedAt: created.completedAt.toISOString() },
  });
  await addCertificateNotice(tx, 'issued', created);
  return created;
}

/**
 * A learner asks for the certificate of their completed enrolment: for a course whose
 * certificate was switched on after they finished it (or to fetch the one issued).
 */
export async function requestMyCertificate(useCase: UseCase, enrolmentId: string, siteUrl: string): Promise<{ certificate: CertificateView; created: boolean }> {
  const enrolment = await findEnrolmentForCertificate(useCase.tx, enrolmentId);
  // Another learner's enrolment is as unknown as one that does not exist.
  if (!enrolment || !certificatesPolicy.can(useCase.actor, 'own', enrolment)) throw new AppError('LEARN_ENROLMENT_NOT_FOUND', [{ field: 'enrolmentId', value: enrolmentId }]);
  if (!enrolment.enabled) throw new AppError('LEARN_CERTIFICATE_NOT_OFFERED', [{ field: 'enrolmentId', value: enrolmentId }]);
  const outcome = await issueCertificate(useCase.tx, useCase.tenant, enrolmentId, null, useCase.user.id);
  if (outcome.kind === 'revoked') throw new AppError('LEARN_CERTIFICATE_REVOKED', [{ field: 'enrolmentId', value: enrolmentId }]);
  if (outcome.kind !== 'issued' && outcome.kind !== 'existing') throw new AppError('LEARN_CERTIFICATE_NOT_OFFERED', [{ field: 'enrolmentId', value: enrolmentId }]);
  return { certificate: certificateView(outcome.certificate, siteUrl), created: outcome.kind === 'issued' };
}

// ---- The learner's ----

/** The learner's certificates, and the completed courses whose certificate they may still ask for. */
export async function myCertificates(useCase: UseCase, siteUrl: string): Promise<MyCertificatesView> {
  const rows = await listCertificatesOfUser(useCase.tx, useCase.user.id);
  return {
    certificates: rows.filter((row) => certificatesPolicy.can(useCase.actor, 'own', row)).map((row) => certificateView(row, siteUrl)),
    claimable: await listClaimableEnrolments(useCase.tx, useCase.user.id),
  };
}

/** The learner's own certificate as a PDF; another's is not found, a revoked one is refused. */
export async function myCertificatePdf(useCase: UseCase, certificateId: string, siteUrl: string): Promise<{ pdf: Buffer; fileName: string }> {
  const row = await findCertificate(useCase.tx, certificateId);
  if (!row || !certificatesPolicy.can(useCase.actor, 'own', row)) throw new AppError('LEARN_CERTIFICATE_NOT_FOUND', [{ field: 'certificateId', value: certificateId }]);
  if (row.revokedAt) throw new AppError('LEARN_CERTIFICATE_REVOKED', [{ field: 'certificateId', value: certificateId }]);
  const pdf = await renderCertificatePdf({ ...row, verifyUrl: verifyUrlOf(siteUrl, row.code) });
  return { pdf, fileName: certificateFileName(row) };
}

/** `certificate-<course>-<code>.pdf`, the course title reduced to what every file system takes. */
function certificateFileName(row: CertificateRow): string {
  const slug = row.courseTitle
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return `certificate-${slug || 'course'}-${formatCertificateCode(row.code)}.pdf`;
}

// ---- Administration ----

export async function courseCertificates(useCase: UseCase, courseId: string, siteUrl: string): Promise<CertificateView[]> {
  certificatesPolicy.assert(useCase.actor, 'view');
  await existingCourseTitle(useCase.tx, courseId);
  return (await listCertificatesOfCourse(useCase.tx, courseId)).map((row) => certificateView(row, siteUrl));
}

export async function pathCertificates(useCase: UseCase, pathId: string, siteUrl: string): Promise<CertificateView[]> {
  certificatesPolicy.assert(useCase.actor, 'view');
  if (!(await findPath(useCase.tx, pathId))) throw new AppError('LEARN_PATH_NOT_FOUND', [{ field: 'pathId', value: pathId }]);
  return (await listCertificatesOfPath(useCase.tx, pathId)).map((row) => certificateView(row, siteUrl));
}

export async function revokeCertificate(useCase: UseCase, certificateId: string, reason: string, siteUrl: string): Promise<CertificateView> {
  certificatesPolicy.assert(useCase.actor, 'revoke');
  const row = await findCertificate(useCase.tx, certificateId);
  if (!row) throw new AppError('LEARN_CERTIFICATE_NOT_FOUND', [{ field: 'certificateId', value: certificateId }]);
  const revoked = await revokeCertificateRow(useCase.tx, certificateId, useCase.user.id, reason);
  if (!revoked) throw new AppError('LEARN_CERTIFICATE_REVOKED', [{ field: 'certificateId', value: certificateId }]);
  await insertActorEvent(useCase.tx, useCase, 'certificate.revoked', { type: 'certificate', id: certificateId }, {
    reason,
    courseId: row.courseId,
    pathId: row.pathId,
    userId: row.userId,
    code: formatCertificateCode(row.code),
  });
  await addCertificateNotice(useCase.tx, 'revoked', row);
  return certificateView(revoked, siteUrl);
}

// ---- Public verification ----

/** A code of the right form that no certificate has: looked up for a malformed code, so it costs the same. */
const NO_CODE = '-'.repeat(CODE_LENGTH);

/**
 * Whether a code belongs to a valid certificate of the site. Unknown, malformed and revoked codes
 * get one and the same answer (LEARN_CERTIFICATE_NOT_VALID), after the same single lookup.
 */
export async function verifyCertificate(db: Db, tenant: Tenant, typedCode: string): Promise<CertificateVerificationView> {
  const code = normaliseCertificateCode(typedCode);
  const row = await db.withTenant(tenant.id, (tx) => findValidCertificateByCode(tx, code ?? NO_CODE));
  if (!row) throw new AppError('LEARN_CERTIFICATE_NOT_VALID');
  return {
    valid: true,
    subject: row.pathId ? 'path' : 'course',
    code: formatCertificateCode(row.code),
    learnerName: row.learnerName,
    courseTitle: row.courseTitle,
    siteName: row.siteName,
    completedAt: row.completedAt.toISOString(),
    issuedAt: row.issuedAt.toISOString(),
    scorePercent: row.scorePercent,
  };
}

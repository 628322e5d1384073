import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { qualified, type Orm } from '../../platform/db/index.js';
import { users } from '../../platform/identity/identity.schema.js';
import { courses } from '../courses/courses.schema.js';
import { enrolments } from '../enrolments/enrolments.schema.js';
import { certificates, certificateSettings } from './certificates.schema.js';

export type CertificateRow = typeof certificates.$inferSelect;
export type NewCertificate = Omit<typeof certificates.$inferInsert, 'id' | 'tenantId' | 'issuedAt' | 'revokedAt' | 'revokedBy' | 'revokeReason'>;
export type CertificateSettingsRow = typeof certificateSettings.$inferSelect;

export async function findSettings(tx: Orm, courseId: string): Promise<CertificateSettingsRow | undefined> {
  const [row] = await tx.select().from(certificateSettings).where(eq(certificateSettings.courseId, courseId)).limit(1);
  return row;
}

export async function upsertSettings(tx: Orm, courseId: string, values: { enabled: boolean; heading: string | null; body: string | null; updatedBy: string }): Promise<CertificateSettingsRow> {
  const [row] = await tx
    .insert(certificateSettings)
    .values({ courseId, ...values })
    .onConflictDoUpdate({ target: [certificateSettings.tenantId, certificateSettings.courseId], set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

export async function findCourseTitle(tx: Orm, courseId: string): Promise<string | undefined> {
  const [row] = await tx.select({ title: courses.title }).from(courses).where(eq(courses.id, courseId)).limit(1);
  return row?.title;
}

/** An enrolment with what a certificate for it shows and whether its course awards one. */
export interface EnrolmentForCertificate {
  id: string;
  courseId: string;
  userId: string;
  status: string;
  scorePercent: number | null;
  completedAt: Date | null;
  courseTitle: string;
  firstName: string;
  lastName: string;
  language: string | null;
  enabled: boolean;
  heading: string | null;
  body: string | null;
}

export async function findEnrolmentForCertificate(tx: Orm, enrolmentId: string): Promise<EnrolmentForCertificate | undefined> {
  const [row] = await tx
    .select({
      id: enrolments.id,
      courseId: enrolments.courseId,
      userId: enrolments.userId,
      status: enrolments.status,
      scorePercent: enrolments.scorePercent,
      completedAt: enrolments.completedAt,
      courseTitle: courses.title,
      firstName: users.firstName,
      lastName: users.lastName,
      language: users.language,
      enabled: sql<boolean>`coalesce(${certificateSettings.enabled}, false)`,
      heading: certificateSettings.heading,
      body: certificateSettings.body,
    })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(certificateSettings, eq(certificateSettings.courseId, enrolments.courseId))
    .where(eq(enrolments.id, enrolmentId))
    .limit(1);
  return row;
}

/** The learner's name and language as a certificate shows them. */
export async function findLearnerForCertificate(tx: Orm, userId: string): Promise<{ firstName: string; lastName: string; language: string | null } | undefined> {
  const [row] = await tx.select({ firstName: users.firstName, lastName: users.lastName, language: users.language }).from(users).where(eq(users.id, userId)).limit(1);
  return row;
}

/** The path enrolment's valid certificate, else its certificate of this completion (revoked), if any. */
export function findPathCertificate(tx: Orm, pathEnrolmentId: string, completedAt: Date): Promise<CertificateRow | undefined> {
  return certificateOfCompletion(tx, certificates.pathEnrolmentId, pathEnrolmentId, completedAt);
}

/** Inserts the certificate unless the enrolment has one for this completion or a valid one already; undefined then. */
export async function insertCertificate(tx: Orm, values: NewCertificate): Promise<CertificateRow | undefined> {
  const [row] = await tx.insert(certificates).values(values).onConflictDoNothing().returning();
  return row;
}

/** The enrolment's valid certificate, else its certificate of this completion (revoked), if any. */
export function findCertificateOfCompletion(tx: Orm, enrolmentId: string, completedAt: Date): Promise<CertificateRow | undefined> {
  return certificateOfCompletion(tx, certificates.enrolmentId, enrolmentId, completedAt);
}

async function certificateOfCompletion(tx: Orm, earnedIn: typeof certificates.enrolmentId | typeof certificates.pathEnrolmentId, id: string, completedAt: Date): Promise<CertificateRow | undefined> {
  const [row] = await tx
    .select()
    .from(certificates)
    .where(and(eq(earnedIn, id), sql`(${certificates.revokedAt} is null or ${certificates.completedAt} = ${completedAt.toISOString()})`))
    .orderBy(sql`${certificates.revokedAt} is null desc`)
    .limit(1);
  return row;
}

export async function findCertificate(tx: Orm, id: string): Promise<CertificateRow | undefined> {
  const [row] = await tx.select().from(certificates).where(eq(certificates.id, id)).limit(1);
  return row;
}

/** The valid certificate with this code; a revoked one is found no more than an unknown one. */
export async function findValidCertificateByCode(tx: Orm, code: string): Promise<CertificateRow | undefined> {
  const [row] = await tx
    .select()
    .from(certificates)
    .where(and(eq(certificates.code, code), isNull(certificates.revokedAt)))
    .limit(1);
  return row;
}

export async function listCertificatesOfUser(tx: Orm, userId: string): Promise<CertificateRow[]> {
  return tx.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.issuedAt));
}

/** The user's completed enrolments whose course awards a certificate and that have none for their completion (nor a valid one). */
export async function listClaimableEnrolments(tx: Orm, userId: string): Promise<{ enrolmentId: string; courseId: string; courseTitle: string }[]> {
  return tx
    .select({ enrolmentId: enrolments.id, courseId: enrolments.courseId, courseTitle: courses.title })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .innerJoin(certificateSettings, and(eq(certificateSettings.courseId, enrolments.courseId), eq(certificateSettings.enabled, true)))
    .where(
      and(
        eq(enrolments.userId, userId),
        sql`${enrolments.status} in ('completed', 'passed') and ${enrolments.completedAt} is not null`,
        sql`not exists (select 1 from ${certificates} c where c.enrolment_id = ${qualified(enrolments.id)} and (c.revoked_at is null or c.completed_at = ${qualified(enrolments.completedAt)}))`,
      ),
    )
    .orderBy(courses.title);
}

export async function listCertificatesOfCourse(tx: Orm, courseId: string): Promise<CertificateRow[]> {
  return tx.select().from(certificates).where(eq(certificates.courseId, courseId)).orderBy(desc(certificates.issuedAt));
}

export async function listCertificatesOfPath(tx: Orm, pathId: string): Promise<CertificateRow[]> {
  return tx.select().from(certificates).where(eq(certificates.pathId, pathId)).orderBy(desc(certificates.issuedAt));
}

/** Revokes a valid certificate; undefined when it was revoked already (or is not there). */
export async function revokeCertificateRow(tx: Orm, id: string, by: string, reason: string): Promise<CertificateRow | undefined> {
  const [row] = await tx
    .update(certificates)
    .set({ revokedAt: sql`now()`, revokedBy: by, revokeReason: reason })
    .where(and(eq(certificates.id, id), isNull(certificates.revokedAt)))
    .returning();
  return row;
}

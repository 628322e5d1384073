import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';

/** Records a sale's access; false when the reference has it already (a repeated grant). */
export async function insertPurchasedAccess(tx: Orm, access: { reference: string; courseId: string; userId: string; endsAt: Date | null }): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into purchased_access (reference, course_id, user_id, ends_at) values (${access.reference}, ${access.courseId}::uuid, ${access.userId}::uuid, ${access.endsAt}::timestamptz)
        on conflict (tenant_id, reference) do nothing returning id`,
  );
  return rows.length === 1;
}

/** Enrols the user as a buyer unless they are enrolled already (by any means: that enrolment stays as it is). Returns the new enrolment's id. */
export async function insertPurchaseEnrolment(tx: Orm, courseId: string, userId: string): Promise<string | undefined> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into enrolments (course_id, user_id, source) values (${courseId}::uuid, ${userId}::uuid, 'purchase') on conflict (tenant_id, course_id, user_id) do nothing returning id`,
  );
  return rows[0]?.id;
}

/** Removes a sale's access; the course and user it was for, if it existed. */
export async function deletePurchasedAccess(tx: Orm, reference: string): Promise<{ courseId: string; userId: string } | undefined> {
  const rows = await queryRows<{ course_id: string; user_id: string }>(tx, sql`delete from purchased_access where reference = ${reference} returning course_id, user_id`);
  const row = rows[0];
  return row ? { courseId: row.course_id, userId: row.user_id } : undefined;
}

/**
 * Removes the enrolment that purchases made when no purchase of the course is left for the user
 * (an enrolment by a person, a group or a path is not the store's to remove). Returns its id.
 */
export async function deleteOrphanedPurchaseEnrolment(tx: Orm, courseId: string, userId: string): Promise<string | undefined> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`delete from enrolments e where e.course_id = ${courseId}::uuid and e.user_id = ${userId}::uuid and e.source = 'purchase'
          and not exists (select 1 from purchased_access p where p.course_id = e.course_id and p.user_id = e.user_id)
        returning e.id`,
  );
  return rows[0]?.id;
}

/** The references of access whose time is over. */
export async function expiredPurchasedAccess(tx: Orm, now: Date): Promise<string[]> {
  const rows = await queryRows<{ reference: string }>(tx, sql`select reference from purchased_access where ends_at <= ${now}::timestamptz order by ends_at limit 1000`);
  return rows.map((row) => row.reference);
}

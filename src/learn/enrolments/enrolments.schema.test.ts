import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import { createScormCourse } from '../../../test/learn-fixtures.js';
import { queryRows, type Db } from '../../platform/db/client.js';
import { groups } from '../../platform/groups/groups.schema.js';
import { enrolments } from './enrolments.schema.js';

describe(`enrolments table (${engine})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  it('deleting a group keeps the enrolments it brought, with only their group cleared', async () => {
    const { tenant } = await createTenantWithUser(db, 'gdel');
    const course = await createScormCourse(db, tenant.id);
    const enrolmentId = await db.withTenant(tenant.id, async (tx) => {
      const [user] = await queryRows<{ id: string }>(tx, sql`select id from users limit 1`);
      const [group] = await tx.insert(groups).values({ name: 'Sales' }).returning({ id: groups.id });
      const [row] = await tx
        .insert(enrolments)
        .values({ courseId: course.courseId, userId: user!.id, source: 'group', groupId: group!.id })
        .returning({ id: enrolments.id });
      await tx.delete(groups).where(eq(groups.id, group!.id));
      return row!.id;
    });
    const [kept] = await db.withTenant(tenant.id, (tx) => tx.select().from(enrolments).where(eq(enrolments.id, enrolmentId)));
    expect(kept).toMatchObject({ tenantId: tenant.id, groupId: null, source: 'group' });
  });
});

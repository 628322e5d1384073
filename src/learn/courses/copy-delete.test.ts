import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { addScormVersion, createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import { createUser } from '../../platform/identity/users.service.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';

describe(`copying and deleting courses (${engine})`, () => {
  let ctx: TestContext;
  let tenant: Tenant;
  let host: string;
  let admin: string;
  let learnerId: string;
  let foreignCourseId: string;

  const call = async <T>(method: 'POST' | 'DELETE' | 'GET', url: string, payload?: unknown, cookie = admin) => {
    const res = await ctx.app.inject({ method, url, headers: { host, cookie, 'accept-language': 'de' }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { res, body: (res.body ? res.json() : null) as T };
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    const site = await createTenantWithUser(ctx.db, 'acme');
    tenant = site.tenant;
    host = site.host;
    admin = await signInCookie(ctx.app, host, site.email, PASSWORD);
    learnerId = (await createUser(ctx.db, tenant.id, { email: 'lea@acme.test', firstName: 'Lea', lastName: 'L', password: PASSWORD })).id;
    const other = await createTenantWithUser(ctx.db, 'globex');
    foreignCourseId = (await createScormCourse(ctx.db, other.tenant.id, { title: 'Globex', status: 'archived' })).courseId;
  });
  afterAll(() => ctx.close());

  it('a copy is a new draft with the current content (the same files) and no enrolments', async () => {
    const course = await createScormCourse(ctx.db, tenant.id, { title: 'Fire safety' });
    const v2 = await addScormVersion(ctx.db, tenant.id, course, 2);
    await ctx.db.withTenant(tenant.id, (tx) =>
      tx.execute(sql`insert into content_files (version_id, path, blob_hash, size) values (${v2}, 'index.html', ${'a'.repeat(64)}, 10), (${v2}, 'sco.js', ${'b'.repeat(64)}, 20)`),
    );
    await enrolDirectly(ctx.db, tenant.id, course.courseId, learnerId);

    const { res, body } = await call<{ id: string; title: string; status: string }>('POST', `/api/learn/courses/${course.courseId}/copy`, {});
    expect(res.statusCode, res.body).toBe(201);
    expect(body).toMatchObject({ title: 'Fire safety (Kopie)', status: 'draft' });
    const versions = await queryRows<{ version: number; id: string; current: boolean }>(
      ctx.db.owner,
      sql`select v.version, v.id, (i.current_version_id = v.id) as current from content_versions v join course_items i on i.id = v.item_id where v.course_id = ${body.id}`,
    );
    expect(versions).toEqual([{ version: 1, id: expect.any(String), current: true }]);
    const files = await queryRows<{ path: string; blob_hash: string }>(ctx.db.owner, sql`select path, blob_hash from content_files where version_id = ${versions[0]!.id} order by path`);
    expect(files.map((f) => f.path)).toEqual(['index.html', 'sco.js']);
    expect(await queryRows(ctx.db.owner, sql`select 1 from enrolments where course_id = ${body.id}`)).toEqual([]);
    const named = await call<{ title: string }>('POST', `/api/learn/courses/${course.courseId}/copy`, { title: 'Fire safety 2027' });
    expect(named.body.title).toBe('Fire safety 2027');
    const [audit] = await queryRows<{ details: { from: string } }>(ctx.db.owner, sql`select details from audit_events where action = 'course.copied' and target_id = ${body.id}`);
    expect(audit!.details.from).toBe(course.courseId);
  });

  it('a published course is archived before it can be deleted; deleting takes its enrolments along and is audited', async () => {
    const { courseId } = await createScormCourse(ctx.db, tenant.id, { title: 'Old course' });
    await enrolDirectly(ctx.db, tenant.id, courseId, learnerId);
    const refused = await call<{ error: { code: string } }>('DELETE', `/api/learn/courses/${courseId}`);
    expect(refused.res.statusCode).toBe(409);
    expect(refused.body.error.code).toBe('LEARN_COURSE_DELETE_PUBLISHED');
    expect(await queryRows(ctx.db.owner, sql`select 1 from courses where id = ${courseId}`)).toHaveLength(1);

    expect((await call('POST', `/api/learn/courses/${courseId}/status`, { status: 'archived' })).res.statusCode).toBe(200);
    expect((await call('DELETE', `/api/learn/courses/${courseId}`)).res.statusCode).toBe(204);
    expect(await queryRows(ctx.db.owner, sql`select 1 from courses where id = ${courseId}`)).toEqual([]);
    expect(await queryRows(ctx.db.owner, sql`select 1 from enrolments where course_id = ${courseId}`)).toEqual([]);
    const [audit] = await queryRows<{ details: { title: string } }>(ctx.db.owner, sql`select details from audit_events where action = 'course.deleted' and target_id = ${courseId}`);
    expect(audit!.details.title).toBe('Old course');
    expect((await call('DELETE', `/api/learn/courses/${courseId}`)).res.statusCode).toBe(404);
  });

  it("another site's course, a learner and a manager cannot copy or delete", async () => {
    expect((await call('DELETE', `/api/learn/courses/${foreignCourseId}`)).res.statusCode).toBe(404);
    expect((await call('POST', `/api/learn/courses/${foreignCourseId}/copy`, {})).res.statusCode).toBe(404);
    const { courseId } = await createScormCourse(ctx.db, tenant.id, { title: 'Draft', status: 'draft' });
    const learner = await signInCookie(ctx.app, host, 'lea@acme.test', PASSWORD);
    await createUser(ctx.db, tenant.id, { email: 'm@acme.test', firstName: 'M', lastName: 'M', roles: ['manager'], password: PASSWORD });
    const manager = await signInCookie(ctx.app, host, 'm@acme.test', PASSWORD);
    for (const cookie of [learner, manager]) {
      expect((await call('DELETE', `/api/learn/courses/${courseId}`, undefined, cookie)).res.statusCode).toBe(403);
      expect((await call('POST', `/api/learn/courses/${courseId}/copy`, {}, cookie)).res.statusCode).toBe(403);
    }
    const [still] = await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from courses where id = ${courseId}`);
    expect(Number(still!.n)).toBe(1);
  });
});

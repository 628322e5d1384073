import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTenantWithUser, signInCookie } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../../platform/db/index.js';
import { createLearnTestSite, type LearnTestSite } from '../courses/courses.test-support.js';

describe(`course categories (${engine})`, () => {
  let site: LearnTestSite;
  let other: { host: string; cookie: string };
  beforeAll(async () => {
    site = await createLearnTestSite('categories');
    const tenant = await createTenantWithUser(site.ctx.db, 'categories-other');
    other = { host: tenant.host, cookie: await signInCookie(site.ctx.app, tenant.host, tenant.email, tenant.password) };
  });
  afterAll(async () => {
    await site.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie = site.cookies.admin, payload?: object, host = site.host) =>
    site.ctx.app.inject({ method, url, headers: { host, cookie, 'accept-language': 'de' }, ...(payload ? { payload } : {}) });
  const names = async (cookie = site.cookies.admin) => (await call('GET', '/api/learn/categories', cookie)).json().categories.map((c: { name: string; courseCount: number }) => [c.name, c.courseCount]);

  it('instructors add and rename categories; everyone sees them with their number of courses; the audit log has each change', async () => {
    const created = await call('POST', '/api/learn/categories', site.cookies.instructor, { name: '  Safety ' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Safety', courseCount: 0 });
    const compliance = (await call('POST', '/api/learn/categories', site.cookies.admin, { name: 'compliance' })).json();
    await call('POST', '/api/learn/courses', site.cookies.admin, { title: 'Fire drill', categoryId: created.json().id });

    expect(await names(site.cookies.manager)).toEqual([['compliance', 0], ['Safety', 1]]);
    // The counts include courses a learner cannot see: learners get the open courses' categories from the catalogue only.
    expect((await call('GET', '/api/learn/categories', site.cookies.learner)).statusCode).toBe(403);
    const renamed = await call('PATCH', `/api/learn/categories/${compliance.id}`, site.cookies.instructor, { name: 'Compliance' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toEqual({ id: compliance.id, name: 'Compliance', courseCount: 0 });

    const audit = await queryRows<{ action: string }>(site.ctx.db.owner, sql`select action from audit_events where target_id = ${compliance.id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(['course_category.created', 'course_category.renamed']);
  });

  it('refuses a name taken in another case, a category of another site, and learners and managers who would change them', async () => {
    const taken = await call('POST', '/api/learn/categories', site.cookies.admin, { name: 'SAFETY' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'LEARN_CATEGORY_NAME_TAKEN', message: 'Es gibt schon eine Kategorie mit diesem Namen.', fields: [{ field: 'name' }] });
    const [compliance] = (await call('GET', '/api/learn/categories')).json().categories;
    expect((await call('PATCH', `/api/learn/categories/${compliance.id}`, site.cookies.admin, { name: 'safety' })).json().error.code).toBe('LEARN_CATEGORY_NAME_TAKEN');
    expect((await call('POST', '/api/learn/categories', site.cookies.admin, { name: '' })).json().error.fields[0].field).toBe('name');

    expect((await call('POST', '/api/learn/categories', site.cookies.learner, { name: 'Mine' })).statusCode).toBe(403);
    expect((await call('POST', '/api/learn/categories', site.cookies.manager, { name: 'Mine' })).statusCode).toBe(403);
    expect((await call('DELETE', `/api/learn/categories/${compliance.id}`, site.cookies.learner)).statusCode).toBe(403);

    // The other site sees none of these, and cannot reach them by id.
    expect((await call('GET', '/api/learn/categories', other.cookie, undefined, other.host)).json().categories).toEqual([]);
    for (const [method, payload] of [['PATCH', { name: 'Mine' }], ['DELETE', undefined]] as const) {
      const res = await call(method, `/api/learn/categories/${compliance.id}`, other.cookie, payload, other.host);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'LEARN_CATEGORY_NOT_FOUND', fields: [{ field: 'id' }] });
    }
    // The same name is free on another site.
    expect((await call('POST', '/api/learn/categories', other.cookie, { name: 'Safety' }, other.host)).statusCode).toBe(201);
  });

  it('courses take a category by id, are filtered and found by it, keep it when copied; an unknown or foreign id is refused', async () => {
    const [, safety] = (await call('GET', '/api/learn/categories')).json().categories;
    const foreign = (await call('GET', '/api/learn/categories', other.cookie, undefined, other.host)).json().categories[0];
    const course = (await call('POST', '/api/learn/courses', site.cookies.admin, { title: 'Ladders', categoryId: safety.id })).json();
    expect(course.category).toEqual({ id: safety.id, name: 'Safety' });

    for (const categoryId of [foreign.id, '00000000-0000-4000-8000-000000000000']) {
      const refused = await call('PATCH', `/api/learn/courses/${course.id}`, site.cookies.admin, { categoryId });
      expect(refused.statusCode).toBe(404);
      expect(refused.json().error).toMatchObject({ code: 'LEARN_CATEGORY_NOT_FOUND', fields: [{ field: 'categoryId', value: categoryId }] });
      expect((await call('POST', '/api/learn/courses', site.cookies.admin, { title: 'Nope', categoryId })).json().error.code).toBe('LEARN_CATEGORY_NOT_FOUND');
    }

    const list = await call('GET', `/api/learn/courses?categoryId=${safety.id}`);
    expect(list.json().courses.map((c: { title: string }) => c.title).sort()).toEqual(['Fire drill', 'Ladders']);
    expect((await call('GET', '/api/learn/courses?q=safe')).json().total).toBe(2);
    const copy = (await call('POST', `/api/learn/courses/${course.id}/copy`, site.cookies.admin, {})).json();
    expect(copy.category).toEqual({ id: safety.id, name: 'Safety' });

    const cleared = await call('PATCH', `/api/learn/courses/${copy.id}`, site.cookies.admin, { categoryId: null });
    expect(cleared.json().category).toBeNull();
  });

  it('deleting a category leaves its courses, uncategorised, and says how many', async () => {
    const [, safety] = (await call('GET', '/api/learn/categories')).json().categories;
    const deleted = await call('DELETE', `/api/learn/categories/${safety.id}`, site.cookies.instructor);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toEqual({ coursesUncategorised: 2 });
    const courses = (await call('GET', '/api/learn/courses?q=Ladders')).json().courses;
    expect(courses.map((c: { title: string }) => c.title).sort()).toEqual(['Ladders', 'Ladders (Kopie)']);
    expect(courses.map((c: { category: unknown }) => c.category)).toEqual([null, null]);
    expect(await names()).toEqual([['Compliance', 0]]);
    expect((await call('DELETE', `/api/learn/categories/${safety.id}`)).json().error.code).toBe('LEARN_CATEGORY_NOT_FOUND');
  });
});

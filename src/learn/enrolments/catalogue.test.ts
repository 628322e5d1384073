import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createScormCourse } from '../../../test/learn-fixtures.js';
import { createLearnTestSite, type LearnTestSite } from '../courses/courses.test-support.js';

describe(`the catalogue: search and categories (${engine})`, () => {
  let site: LearnTestSite;
  let safety: { id: string };
  let languages: { id: string };
  beforeAll(async () => {
    site = await createLearnTestSite('catalogue');
    const post = (name: string) =>
      site.ctx.app.inject({ method: 'POST', url: '/api/learn/categories', headers: { host: site.host, cookie: site.cookies.admin }, payload: { name } });
    safety = (await post('Safety')).json();
    languages = (await post('Languages')).json();
    await post('Empty');
    const { db } = site.ctx;
    const open = { selfEnrolment: true };
    await createScormCourse(db, site.tenantId, { ...open, title: 'Fire safety', categoryId: safety.id });
    await createScormCourse(db, site.tenantId, { ...open, title: 'Ladders', description: 'Working at 100% height', categoryId: safety.id });
    await createScormCourse(db, site.tenantId, { ...open, title: 'Spanish for beginners', tags: ['spoken_word'], categoryId: languages.id });
    await createScormCourse(db, site.tenantId, { ...open, title: 'Onboarding' });
    // Not open: not listed, not counted.
    await createScormCourse(db, site.tenantId, { title: 'Closed safety', categoryId: safety.id });
    await createScormCourse(db, site.tenantId, { ...open, title: 'Draft safety', status: 'draft', categoryId: safety.id });
    // Another site's open course in a category of the same name.
    const other = await createTenantWithUser(db, 'catalogue-other');
    await createScormCourse(db, other.tenant.id, { ...open, title: 'Other safety' });
  });
  afterAll(async () => {
    await site.close();
  });

  const catalogue = async (query = '') => {
    const res = await site.ctx.app.inject({ method: 'GET', url: `/api/learn/catalogue${query}`, headers: { host: site.host, cookie: site.cookies.learner } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { courses: { title: string; category: { id: string; name: string } | null }[]; categories: { id: string; name: string; courseCount: number }[] };
  };
  const titles = async (query: string) => (await catalogue(query)).courses.map((c) => c.title);

  it('lists open courses with their category, and the categories that have open courses with their counts', async () => {
    const all = await catalogue();
    expect(all.courses.map((c) => [c.title, c.category?.name ?? null])).toEqual([
      ['Fire safety', 'Safety'],
      ['Ladders', 'Safety'],
      ['Onboarding', null],
      ['Spanish for beginners', 'Languages'],
    ]);
    expect(all.categories).toEqual([
      { id: languages.id, name: 'Languages', courseCount: 1 },
      { id: safety.id, name: 'Safety', courseCount: 2 },
    ]);
  });

  it('searches title, description, category name and tags, ignoring case', async () => {
    expect(await titles('?q=FIRE')).toEqual(['Fire safety']);
    expect(await titles('?q=height')).toEqual(['Ladders']);
    expect(await titles('?q=languages')).toEqual(['Spanish for beginners']);
    expect(await titles('?q=spoken')).toEqual(['Spanish for beginners']);
    expect(await titles('?q=nothing%20like%20this')).toEqual([]);
  });

  it('takes % and _ in the search literally', async () => {
    expect(await titles('?q=100%25')).toEqual(['Ladders']);
    expect(await titles('?q=%25')).toEqual(['Ladders']);
    // As a wildcard, "e_s" would match "Fire safety".
    expect(await titles('?q=e_s')).toEqual([]);
    expect(await titles('?q=spoken_')).toEqual(['Spanish for beginners']);
  });

  it('filters by category, together with the search; the filter keeps its counts', async () => {
    expect(await titles(`?categoryId=${safety.id}`)).toEqual(['Fire safety', 'Ladders']);
    expect(await titles(`?categoryId=${safety.id}&q=ladd`)).toEqual(['Ladders']);
    expect(await titles(`?categoryId=${languages.id}&q=ladd`)).toEqual([]);
    expect((await catalogue(`?categoryId=${languages.id}`)).categories).toHaveLength(2);
    const bad = await site.ctx.app.inject({ method: 'GET', url: '/api/learn/catalogue?categoryId=nope', headers: { host: site.host, cookie: site.cookies.learner } });
    expect(bad.json().error.fields[0].field).toBe('query.categoryId');
  });
});

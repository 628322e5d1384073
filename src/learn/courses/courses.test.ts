import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { buildScormPackage } from '../../../test/scorm-packages.js';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { learnBlobReferences } from './blob-references.js';
import { createLearnTestSite, listFiles, uploadZip, type LearnTestSite } from './courses.test-support.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);

describe(`courses (${engine})`, () => {
  let site: LearnTestSite;
  beforeAll(async () => {
    site = await createLearnTestSite('courses');
  });
  afterAll(async () => {
    await site.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, cookie = site.cookies.admin, payload?: object) =>
    site.ctx.app.inject({ method, url, headers: { host: site.host, cookie }, ...(payload ? { payload } : {}) });

  it('an administrator creates a draft course, changes its details and finds it in the list', async () => {
    const safety = (await call('POST', '/api/learn/categories', site.cookies.admin, { name: 'Safety' })).json();
    const created = await call('POST', '/api/learn/courses', site.cookies.admin, {
      title: '  First aid  ',
      description: 'What to do until help arrives.',
      categoryId: safety.id,
      language: 'en-GB',
      tags: ['health', 'mandatory'],
    });
    expect(created.statusCode).toBe(201);
    const course = created.json();
    expect(course).toMatchObject({ title: 'First aid', status: 'draft', category: { id: safety.id, name: 'Safety' }, language: 'en-GB', tags: ['health', 'mandatory'], selfEnrolment: false, hasCover: false, currentVersion: null });

    const changed = await call('PATCH', `/api/learn/courses/${course.id}`, site.cookies.instructor, { title: 'First aid at work', selfEnrolment: true, categoryId: null });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ title: 'First aid at work', selfEnrolment: true, category: null, language: 'en-GB' });

    const list = await call('GET', '/api/learn/courses?q=aid', site.cookies.manager);
    expect(list.statusCode).toBe(200);
    expect(list.json().courses.map((c: { title: string }) => c.title)).toEqual(['First aid at work']);
    expect((await call('GET', '/api/learn/courses?q=health')).json().total).toBe(1);
    expect((await call('GET', '/api/learn/courses?status=published')).json().total).toBe(0);
    expect((await call('GET', `/api/learn/courses/${course.id}`, site.cookies.manager)).json().id).toBe(course.id);
  });

  it('names each invalid field, and refuses learners and managers where they may not', async () => {
    const bad = await call('POST', '/api/learn/courses', site.cookies.admin, { title: '', language: 'not a language', tags: ['a', 'A'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['language', 'tags', 'title']);
    expect((await call('PATCH', '/api/learn/courses/00000000-0000-4000-8000-000000000000', site.cookies.admin, {})).json().error.code).toBe('VALIDATION_FAILED');
    expect((await call('PATCH', '/api/learn/courses/00000000-0000-4000-8000-000000000000', site.cookies.admin, { title: 'x' })).json().error.code).toBe('LEARN_COURSE_NOT_FOUND');
    expect((await call('GET', '/api/learn/courses', site.cookies.learner)).json().error.code).toBe('AUTH_FORBIDDEN');
    expect((await call('POST', '/api/learn/courses', site.cookies.manager, { title: 'Mine' })).json().error.code).toBe('AUTH_FORBIDDEN');
    expect((await call('POST', '/api/learn/courses', site.cookies.learner, { title: 'Mine' })).json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('a course is published only once it has content, and can be archived and returned to draft', async () => {
    const course = (await call('POST', '/api/learn/courses', site.cookies.admin, { title: 'Forklifts' })).json();
    const early = await call('POST', `/api/learn/courses/${course.id}/status`, site.cookies.admin, { status: 'published' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('LEARN_COURSE_NO_CONTENT');

    const upload = await uploadZip(site, await buildScormPackage('1.2', 'Forklift package', [{ id: 'SCO-1', title: 'Driving' }]), { courseId: course.id });
    expect(upload.statusCode).toBe(201);
    expect(upload.json().course).toMatchObject({ title: 'Forklifts', currentVersion: { version: 1, title: 'Forklift package' } });

    const published = await call('POST', `/api/learn/courses/${course.id}/status`, site.cookies.admin, { status: 'published' });
    expect(published.json().status).toBe('published');
    expect((await call('POST', `/api/learn/courses/${course.id}/status`, site.cookies.instructor, { status: 'archived' })).json().status).toBe('archived');
    expect((await call('POST', `/api/learn/courses/${course.id}/status`, site.cookies.admin, { status: 'draft' })).json().status).toBe('draft');
    expect((await call('POST', `/api/learn/courses/${course.id}/status`, site.cookies.admin, { status: 'gone' })).json().error.fields[0].field).toBe('status');
    const versions = await call('GET', `/api/learn/courses/${course.id}/versions`, site.cookies.manager);
    expect(versions.json().versions).toHaveLength(1);
  });

  it('a cover image is checked by its bytes, replaced, served to signed-in users, and removed', async () => {
    const course = (await call('POST', '/api/learn/courses', site.cookies.admin, { title: 'With cover' })).json();
    const put = (bytes: Buffer, type: string, cookie = site.cookies.admin) =>
      site.ctx.app.inject({ method: 'PUT', url: `/api/learn/courses/${course.id}/cover`, headers: { host: site.host, cookie, 'content-type': type }, payload: bytes });

    const fake = await put(Buffer.from('<svg onload="alert(1)"/>'), 'image/png');
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.code).toBe('LEARN_COVER_INVALID');
    const huge = await put(Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), 'image/png');
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('LEARN_COVER_TOO_LARGE');
    expect((await put(PNG, 'image/png', site.cookies.learner)).json().error.code).toBe('AUTH_FORBIDDEN');
    expect((await call('GET', `/api/learn/courses/${course.id}/cover`, site.cookies.learner)).json().error.code).toBe('LEARN_COVER_NOT_FOUND');

    expect((await put(PNG, 'image/png')).json().hasCover).toBe(true);
    // A JPEG sent as image/png is stored and served as what it is.
    expect((await put(JPEG, 'image/png')).json().hasCover).toBe(true);
    // Kept in the store under the hash of its bytes, with the kind its bytes showed; nothing on the node's disk.
    const jpegHash = createHash('sha256').update(JPEG).digest('hex');
    const coverKey = async () =>
      (await site.ctx.db.withTenant(site.tenantId, (tx) => queryRows<{ cover_key: string | null }>(tx, sql`select cover_key from courses where id = ${course.id}`)))[0]!.cover_key;
    expect(await coverKey()).toBe(`${jpegHash}.jpg`);
    expect(await site.ctx.storage.head(site.tenantId, jpegHash)).toMatchObject({ size: JPEG.length });
    const pngHash = createHash('sha256').update(PNG).digest('hex');
    // The replaced cover is referenced no more (the store collects it); the current one is.
    expect(await learnBlobReferences(site.ctx.db)(site.tenantId, [jpegHash, pngHash])).toEqual(new Set([jpegHash]));
    expect(await listFiles(site.filesDir)).toEqual([]);
    const served = await call('GET', `/api/learn/courses/${course.id}/cover`, site.cookies.learner);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.rawPayload.equals(JPEG)).toBe(true);

    expect((await call('DELETE', `/api/learn/courses/${course.id}/cover`)).json().hasCover).toBe(false);
    expect(await coverKey()).toBeNull();
    expect(await learnBlobReferences(site.ctx.db)(site.tenantId, [jpegHash])).toEqual(new Set());
  });
});

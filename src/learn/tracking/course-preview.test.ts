import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { buildScormPackage } from '../../../test/scorm-packages.js';
import { createLearnTestSite, uploadZip, type LearnTestSite } from '../courses/courses.test-support.js';
import { publishedCourseVersion } from './course-preview.js';

describe(`the version another area may preview of a course (${engine})`, () => {
  let site: LearnTestSite;
  let courseId: string;
  let versionId: string;
  let title: string;
  beforeAll(async () => {
    site = await createLearnTestSite('coursepreviewversion');
    const uploaded = await uploadZip(site, await buildScormPackage('1.2', 'Fire safety', [{ id: 'intro', title: 'Introduction' }]));
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    courseId = uploaded.json().course.id as string;
    versionId = uploaded.json().version.id as string;
    title = uploaded.json().course.title as string;
  });
  afterAll(() => site.close());

  const lookUp = (id: string) => site.ctx.db.withTenant(site.tenantId, (tx) => publishedCourseVersion(tx, id));
  const setStatus = (status: string) => site.ctx.db.withTenant(site.tenantId, (tx) => tx.execute(sql`update courses set status = ${status} where id = ${courseId}`));

  it("is the published course's current version, with the course's title; a draft, an archived or an unknown course has none", async () => {
    expect(await lookUp(courseId)).toBeUndefined();
    await setStatus('published');
    expect(await lookUp(courseId)).toEqual({ versionId, title });
    await setStatus('archived');
    expect(await lookUp(courseId)).toBeUndefined();
    expect(await lookUp(randomUUID())).toBeUndefined();
  });
});

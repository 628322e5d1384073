import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { contentOriginOf } from '../../../test/content-origin.js';
import { buildScormPackage } from '../../../test/scorm-packages.js';
import { queryRows } from '../../platform/db/index.js';
import type { LaunchData } from '../../learn/index.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ItemView } from './library.contract.js';
import { PDF } from './library.test-fixtures.js';
import { sweepLibrary } from './library.jobs.js';

type Refusal = { error: { code: string; fields?: { field: string }[] } };

describe(`a course of the Space library in Learn's player, as a preview (${engine})`, () => {
  let site: SpaceTestSite;
  let course: ItemView;
  let commentator: { id: string; cookie: string };
  beforeAll(async () => {
    site = await createSpaceTestSite('coursepreview');
    const zip = await readFile(await buildScormPackage('1.2', 'Fire safety', [{ id: 'sco1', title: 'Intro' }, { id: 'sco2', title: 'Exits' }]));
    course = (await site.upload(site.admin, 'fire-safety.zip', zip)).body;
    expect(course.fileKind).toBe('course');
    commentator = await site.person('carla', 'commentator');
  });
  afterAll(() => site.close());

  const previewVersions = () =>
    site.ctx.db.withTenant(site.tenant.id, (tx) => queryRows<{ id: string; preview_of: string }>(tx, sql`select id, preview_of from content_versions where preview_of is not null`));
  const countOf = (table: 'attempts' | 'enrolments' | 'courses') =>
    site.ctx.db.withTenant(site.tenant.id, async (tx) => Number((await queryRows<{ n: string }>(tx, sql`select count(*)::text as n from ${sql.identifier(table)}`))[0]!.n));

  it('plays for anyone who may see the file (a commentator too), recording nothing, and unpacks the version once', async () => {
    const courses = await countOf('courses');
    const opened = await site.call<LaunchData>('POST', `/api/space/items/${course.id}/player`, commentator.cookie);
    expect(opened.res.statusCode, opened.res.body).toBe(200);
    expect(opened.res.headers['cache-control']).toBe('no-store');
    expect(opened.body).toMatchObject({ preview: true, attemptId: null, title: 'fire-safety.zip' });
    expect(opened.body.playable.map((item) => item.title)).toEqual(['Intro', 'Exits']);
    // Browse mode, no credit: the content knows it is looked at.
    expect(opened.body.states[opened.body.startScoId!]!.cmi).toMatchObject({ core: { credit: 'no-credit', lesson_mode: 'browse' } });

    // The frame's credential reads the course's files on the content origin, and commits nothing.
    const frame = contentOriginOf(site.ctx.app, opened.body.launchUrl);
    const page = await frame.file(opened.body.playable[0]!.launchHref);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('Intro');
    const commit = await frame.commit({ scoId: opened.body.startScoId, seq: 1, cmi: { core: { lesson_status: 'completed' } } });
    expect(commit.statusCode).toBe(403);
    expect(commit.json().error.code).toBe('LEARN_LAUNCH_PREVIEW');

    const again = await site.call<LaunchData>('POST', `/api/space/items/${course.id}/player?version=1`, site.admin);
    expect(again.body.versionId).toBe(opened.body.versionId);
    expect(await previewVersions()).toHaveLength(1);
    // No course, no enrolment, no attempt in Learn.
    expect(await countOf('courses')).toBe(courses);
    expect(await countOf('attempts')).toBe(0);
    expect(await countOf('enrolments')).toBe(0);
  });

  it("stays out of Learn: its own preview refuses the version, even to Learn's administrator", async () => {
    const opened = await site.call<LaunchData>('POST', `/api/space/items/${course.id}/player`, site.admin);
    const learn = await site.call<Refusal>('POST', `/api/learn/versions/${opened.body.versionId}/preview`, site.admin);
    expect(learn.res.statusCode).toBe(404);
    expect(learn.body.error.code).toBe('LEARN_VERSION_NOT_FOUND');
    const list = await site.call<{ courses: { title: string }[] }>('GET', '/api/learn/courses', site.admin);
    expect(list.body.courses.map((c) => c.title)).not.toContain('Fire safety');
  });

  it('refuses what is no course, a version that does not exist, and a file the member may not see', async () => {
    const pdf = (await site.upload(site.admin, 'handout.pdf', PDF)).body;
    const notCourse = await site.call<Refusal>('POST', `/api/space/items/${pdf.id}/player`, site.admin);
    expect(notCourse.res.statusCode).toBe(422);
    expect(notCourse.body.error).toMatchObject({ code: 'SPACE_PREVIEW_NOT_A_COURSE', fields: [{ field: 'version' }] });

    const noVersion = await site.call<Refusal>('POST', `/api/space/items/${course.id}/player?version=9`, site.admin);
    expect(noVersion.res.statusCode).toBe(404);
    expect(noVersion.body.error.code).toBe('SPACE_VERSION_NOT_FOUND');

    const outsider = await site.person('olaf', null);
    const notMember = await site.call<Refusal>('POST', `/api/space/items/${course.id}/player`, outsider.cookie);
    expect(notMember.res.statusCode).toBe(403);

    const folder = (await site.call<ItemView>('POST', '/api/space/folders', site.admin, { name: 'Board only', parentId: null })).body;
    const zip = await readFile(await buildScormPackage('2004', 'Board briefing', [{ id: 'b1', title: 'Numbers' }]));
    const secret = (await site.upload(site.admin, 'board.zip', zip, { folderId: folder.id })).body;
    const restricted = await site.call('PUT', `/api/space/items/${folder.id}/access`, site.admin, { restricted: true, entries: [] });
    expect(restricted.res.statusCode, restricted.res.body).toBe(200);
    const hidden = await site.call<Refusal>('POST', `/api/space/items/${secret.id}/player`, commentator.cookie);
    expect(hidden.res.statusCode).toBe(404);
    expect(hidden.body.error.code).toBe('SPACE_ITEM_NOT_FOUND');
  });

  it('goes when the file is purged from the trash, with its files and credentials', async () => {
    const zip = await readFile(await buildScormPackage('1.2', 'Old course', [{ id: 'o1', title: 'Old' }]));
    const old = (await site.upload(site.admin, 'old.zip', zip)).body;
    const opened = await site.call<LaunchData>('POST', `/api/space/items/${old.id}/player`, site.admin);
    expect(opened.res.statusCode, opened.res.body).toBe(200);
    const before = (await previewVersions()).length;
    await site.call('DELETE', `/api/space/items/${old.id}`, site.admin);
    expect(await previewVersions()).toHaveLength(before);
    await sweepLibrary(site.ctx.db, site.tenant.id, new Date(Date.now() + 31 * 86_400_000));
    const left = await previewVersions();
    expect(left).toHaveLength(before - 1);
    expect(left.map((row) => row.id)).not.toContain(opened.body.versionId);
    const frame = contentOriginOf(site.ctx.app, opened.body.launchUrl);
    expect((await frame.file(opened.body.playable[0]!.launchHref)).statusCode).not.toBe(200);
  });
});

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { buildScormPackage } from '../../../test/scorm-packages.js';
import { createUser } from '../../platform/identity/users.service.js';
import { startJobWorker, type JobWorker } from '../../platform/jobs/job-worker.js';
import { moduleJobHandlers } from '../../platform/modules/module-jobs.js';
import { testConfig, PASSWORD, signInCookie } from '../../../test/app.js';
import { modules } from '../../modules.js';
import { PDF } from '../library/library.test-fixtures.js';
import type { ItemView } from '../library/library.contract.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { PublicationView } from './publishing.contract.js';

type Refusal = { error: { code: string } };

describe(`"Publish to Learn" from the Space library (${engine})`, () => {
  let site: SpaceTestSite;
  let worker: JobWorker;
  let course: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('publish');
    worker = startJobWorker(site.ctx.db, moduleJobHandlers(modules, { db: site.ctx.db, config: testConfig(), storage: site.ctx.storage }), { pollMs: 20 });
    const zip = await readFile(await buildScormPackage('1.2', 'Fire safety', [{ id: 'sco1', title: 'Intro' }]));
    course = (await site.upload(site.admin, 'fire-safety.zip', zip)).body;
    expect(course.fileKind).toBe('course');
  });
  afterAll(async () => {
    await worker.stop();
    await site.close();
  });

  const finished = (itemId: string, id: string) =>
    eventually(async () => {
      const { body } = await site.call<{ publications: PublicationView[] }>('GET', `/api/space/items/${itemId}/publications`, site.admin);
      const publication = body.publications.find((p) => p.id === id);
      return publication && publication.status !== 'pending' ? publication : undefined;
    });

  it('makes a new Learn course from the stored package, names where it came from, and shows in Space where it went', async () => {
    const asked = await site.call<PublicationView>('POST', `/api/space/items/${course.id}/publish`, site.admin, {});
    expect(asked.res.statusCode, asked.res.body).toBe(202);
    expect(asked.body.status).toBe('pending');
    const done = await finished(course.id, asked.body.id);
    expect(done).toMatchObject({ status: 'published', version: 1, course: { title: 'Fire safety', version: 1 } });
    const versions = await site.call<{ versions: { version: number; source: { label: string; ref: string } | null }[] }>('GET', `/api/learn/courses/${done.course!.id}/versions`, site.admin);
    expect(versions.body.versions[0]!.source).toEqual({ label: 'Space: fire-safety.zip (version 1)', ref: `space:${course.id}/1` });

    // A new version in Space, published into the same course, becomes that course's version 2.
    const zip2 = await readFile(await buildScormPackage('1.2', 'Fire safety', [{ id: 'sco1', title: 'Intro' }, { id: 'sco2', title: 'Exits' }]));
    await site.upload(site.admin, 'fire-safety.zip', zip2, { itemId: course.id });
    const again = await site.call<PublicationView>('POST', `/api/space/items/${course.id}/publish`, site.admin, { courseId: done.course!.id });
    const second = await finished(course.id, again.body.id);
    expect(second).toMatchObject({ status: 'published', version: 2, course: { id: done.course!.id, version: 2 } });

    // Deleting the file in Space leaves the Learn course as it is.
    await site.call('DELETE', `/api/space/items/${course.id}`, site.admin);
    const after = await site.call<{ versions: unknown[] }>('GET', `/api/learn/courses/${done.course!.id}/versions`, site.admin);
    expect(after.body.versions).toHaveLength(2);
    await site.call('POST', `/api/space/items/${course.id}/restore`, site.admin);
  });

  it('refuses what is not a course, a Space author without Learn rights, and marks a publication to a course that is gone failed', async () => {
    const paper = (await site.upload(site.admin, 'handout.pdf', PDF)).body;
    const notCourse = await site.call<Refusal>('POST', `/api/space/items/${paper.id}/publish`, site.admin, {});
    expect(notCourse.body.error.code).toBe('SPACE_NOT_A_COURSE');

    const author = await site.person('ada', 'author');
    const noRole = await site.call<Refusal>('POST', `/api/space/items/${course.id}/publish`, author.cookie, {});
    expect(noRole.res.statusCode).toBe(403);
    expect(noRole.body.error.code).toBe('SPACE_PUBLISH_NEEDS_LEARN_ROLE');
    const instructor = await createUser(site.ctx.db, site.tenant.id, { email: 'ina@publish.test', firstName: 'Ina', lastName: 'Structor', roles: ['instructor'], password: PASSWORD });
    await site.call('PUT', '/api/space/members', site.admin, { userId: instructor.id, role: 'author' });
    const inaCookie = await signInCookie(site.ctx.app, site.host, 'ina@publish.test', PASSWORD);
    const toNowhere = await site.call<PublicationView>('POST', `/api/space/items/${course.id}/publish`, inaCookie, { courseId: '00000000-0000-4000-8000-000000000000' });
    expect(toNowhere.res.statusCode).toBe(202);
    const failed = await finished(course.id, toNowhere.body.id);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'LEARN_COURSE_NOT_FOUND' });
  });
});

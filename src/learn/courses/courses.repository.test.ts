import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import type { Db } from '../../platform/db/client.js';
import { createUser } from '../../platform/identity/users.service.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';
import { createTenant } from '../../platform/tenancy/tenants.service.js';
import { insertCourse, insertUpload, listCourses, listExpiredUploads, moveUploadStatus, type UploadRow } from './courses.repository.js';

describe(`courses repository (${engine})`, () => {
  let db: Db;
  let tenant: Tenant;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await createTenant(db, { slug: 'repo', name: 'Repo', hostnames: ['repo.test'] });
    userId = (await createUser(db, tenant.id, { email: 'ada@repo.test', firstName: 'Ada', lastName: 'Admin', roles: ['admin'], password: 'Quiet-Meadow-42' })).id;
  });
  afterAll(() => db.close());

  const HOUR = 3_600_000;

  describe('the expired-upload sweep', () => {
    async function upload(fileName: string, expiredHoursAgo: number, status: UploadRow['status']): Promise<string> {
      return db.withTenant(tenant.id, async (tx) => {
        const row = await insertUpload(tx, { courseId: null, userId, fileName, totalBytes: 10, expiresAt: new Date(Date.now() - expiredHoursAgo * HOUR) });
        if (status !== 'receiving') await moveUploadStatus(tx, row.id, 'receiving', status);
        return row.id;
      });
    }

    it('skips an upload being imported, unless it has been importing for longer than any import takes', async () => {
      const receiving = await upload('receiving.zip', 1, 'receiving');
      const failed = await upload('failed.zip', 1, 'failed');
      const done = await upload('done.zip', 1, 'done');
      const importing = await upload('importing.zip', 1, 'importing');
      const stuck = await upload('stuck.zip', 7, 'importing');
      const current = await upload('current.zip', -1, 'receiving');

      const swept = (await db.withTenant(tenant.id, (tx) => listExpiredUploads(tx, new Date()))).map((row) => row.id);

      expect(swept).toEqual(expect.arrayContaining([receiving, failed, done, stuck]));
      expect(swept).not.toContain(importing);
      expect(swept).not.toContain(current);
      expect(swept).toHaveLength(4);
    });
  });

  describe('course search', () => {
    const titlesOf = async (q: string) =>
      (await db.withTenant(tenant.id, (tx) => listCourses(tx, { q, limit: 50, offset: 0 }))).courses.map((course) => course.title).sort();

    beforeAll(async () => {
      await db.withTenant(tenant.id, async (tx) => {
        const course = (title: string, tags: string[]) =>
          insertCourse(tx, { title, description: '', categoryId: null, language: null, tags, selfEnrolment: false, createdBy: userId });
        await course('Discounts', ['100% Rabatt']);
        await course('Wildcards', ['%', 'a_b', 'back\\slash']);
        await course('Fire safety', ['Safety', 'Brandschutz']);
        await course('First aid', ['aXb']);
      });
    });

    it('a % finds only the courses with a % in a tag (or title), not every course', async () => {
      expect(await titlesOf('%')).toEqual(['Discounts', 'Wildcards']);
      // ... and a tag '%' is not a pattern that every other search matches.
      expect(await titlesOf('Safety')).toEqual(['Fire safety']);
    });

    it('_ and \\ in a search are characters, not patterns', async () => {
      expect(await titlesOf('a_b')).toEqual(['Wildcards']);
      expect(await titlesOf('aXb')).toEqual(['First aid']);
      expect(await titlesOf('back\\slash')).toEqual(['Wildcards']);
    });

    it('a tag is found by any part of it, in any case', async () => {
      expect(await titlesOf('brandschutz')).toEqual(['Fire safety']);
      expect(await titlesOf('rabatt')).toEqual(['Discounts']);
      expect(await titlesOf('axb')).toEqual(['First aid']);
    });
  });
});

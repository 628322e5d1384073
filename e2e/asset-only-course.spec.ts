import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { scorm12Manifest } from '../test/scorm-packages.js';
import { buildZip } from '../test/zip-fixtures.js';
import { importPackage } from './package-import-helper.js';
import { exitToCompleted, publishAndEnrol, startCourse } from './course-play-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// A package of assets only (pages that never talk to the LMS): the import says, in words, that each
// item counts as completed once opened; a learner who opens it and closes the player has completed it.
let server: RunningServer;
const COURSE = 'Staff handbook';
const LEARNER = { email: 'abe@example.com', firstName: 'Abe', lastName: 'Asset', roles: ['learner'], password: 'Handbook-Reader-77' };

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

test('a course of assets only imports with a worded warning, and opening it completes it for the learner', async ({ page, browser }) => {
  const zip = path.join(await mkdtemp(path.join(os.tmpdir(), 'lectern-assets-')), 'handbook.zip');
  await buildZip(zip, [
    { name: 'imsmanifest.xml', data: scorm12Manifest(COURSE, [{ id: 'PAGE-1', title: 'Welcome page', asset: true }]) },
    { name: 'PAGE-1/index.html', data: '<!doctype html><html lang="en"><head><title>Welcome page</title></head><body><h1>Welcome to the handbook</h1></body></html>' },
  ]);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await importPackage(page, zip, COURSE);
  const versions = page.getByRole('table', { name: /Uploaded versions/ });
  await expect(versions).toContainText('No item of the course is a SCO: nothing in it reports progress to Lectern. Each item counts as completed once the learner has opened it.');
  await expect(versions).not.toContainText('LEARN_MANIFEST_ONLY_ASSETS');
  await publishAndEnrol(page, server.url, LEARNER);

  const { context, page: learner, content: asset } = await startCourse(browser, server.url, LEARNER, COURSE);
  await expect(asset.getByRole('heading', { name: 'Welcome to the handbook' })).toBeVisible({ timeout: 30_000 });
  await expect(learner.getByText('All progress saved')).toBeVisible();
  await exitToCompleted(learner, COURSE);
  await expect(learner.getByRole('region', { name: 'Completed (1)' }).getByRole('link', { name: `Open again: ${COURSE}` })).toBeVisible();
  await context.close();
});

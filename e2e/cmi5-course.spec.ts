import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { buildZip } from '../test/zip-fixtures.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { exitToCompleted, publishAndEnrol, startCourse } from './course-play-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';
import { AU_PAGE, cmi5Xml } from './cmi5-fixtures.js';

// A cmi5 course played in the real player: the AU is launched through the content origin, takes its
// auth token from the fetch URL, reads LMS.LaunchData and the learner preferences, records
// initialized, completed and terminated, and the learner's course shows as completed.
let server: RunningServer;
const COURSE = 'Ladder safety';
const LEARNER = { email: 'cleo@example.com', firstName: 'Cleo', lastName: 'Mifive', roles: ['learner'], password: 'Ladder-Climber-55' };

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

/** The administrator imports a one-AU course, publishes it and enrols the learner. */
async function courseFor(page: Page, course: string, launchMethod: 'AnyWindow' | 'OwnWindow', learner: typeof LEARNER): Promise<void> {
  const zip = path.join(await mkdtemp(path.join(os.tmpdir(), 'lectern-cmi5-')), 'course.zip');
  await buildZip(zip, [
    { name: 'cmi5.xml', data: cmi5Xml(course, launchMethod) },
    { name: 'au/index.html', data: AU_PAGE },
  ]);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await importPackage(page, zip, course);
  await publishAndEnrol(page, server.url, learner);
}

test('a cmi5 course plays in the player: launch, fetch, launch data, statements, and the learner has completed it', async ({ page, browser }) => {
  await courseFor(page, COURSE, 'AnyWindow', LEARNER);

  const { context, page: learner, content: au } = await startCourse(browser, server.url, LEARNER, COURSE);
  await expect(au.getByRole('status')).toHaveText('Mode Normal, move on when Completed.', { timeout: 30_000 });
  await au.getByRole('button', { name: 'Finish the lesson' }).click();
  await expect(au.getByRole('status')).toHaveText('Lesson finished.');
  await exitToCompleted(learner, COURSE);
  await context.close();
});

test('an OwnWindow AU opens from the player in a window of its own and, when it ends, brings the learner to their courses', async ({ page, browser }) => {
  const course = 'Roof safety';
  const learner = { ...LEARNER, email: 'otto@example.com', firstName: 'Otto', lastName: 'Window' };
  await courseFor(page, course, 'OwnWindow', learner);

  const { context, page: player } = await startCourse(browser, server.url, learner, course);
  await expect(player.getByRole('heading', { name: 'Climbing a ladder opens in a window of its own' })).toBeVisible();
  await expect(player.locator('iframe[title^="Course content"]')).toBeHidden();
  await expectAccessible(player);
  // On a phone the notice and its link fit the width.
  await player.setViewportSize({ width: 390, height: 800 });
  expect(await player.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await player.setViewportSize({ width: 1280, height: 800 });
  const [au] = await Promise.all([context.waitForEvent('page'), player.getByRole('link', { name: 'Open “Climbing a ladder”' }).click()]);
  await expect(au.getByRole('status')).toHaveText('Mode Normal, move on when Completed.', { timeout: 30_000 });
  await au.getByRole('button', { name: 'Finish the lesson' }).click();
  // The AU's window goes to the learner's courses on the app's origin, where the course is completed.
  await expect(au).toHaveURL(`${server.url}/my-courses`);
  await expect(au.getByRole('region', { name: 'Completed (1)' }).getByRole('article', { name: course })).toBeVisible();
  await exitToCompleted(player, course);
  await context.close();
});

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { scorm12Manifest } from '../test/scorm-packages.js';
import { buildZip } from '../test/zip-fixtures.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// The player on a phone (390 px): the course takes the width; the contents open in a drawer and
// close when a part is chosen; nothing in the toolbar is cut off.
let server: RunningServer;
const COURSE = 'Pocket course';

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

test('at 390 px the player gives the course the width and opens its contents in a drawer', async ({ page }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-pocket-'));
  const zip = path.join(dir, 'course.zip');
  const lesson = (title: string) => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
  await buildZip(zip, [
    { name: 'imsmanifest.xml', data: scorm12Manifest(COURSE, [{ id: 'SCO-1', title: 'Lesson 1' }, { id: 'SCO-2', title: 'Lesson 2' }]) },
    { name: 'SCO-1/index.html', data: lesson('Lesson 1') },
    { name: 'SCO-2/index.html', data: lesson('Lesson 2') },
  ]);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await importPackage(page, zip, COURSE);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
  const courseId = /[0-9a-f]{8}-[0-9a-f-]{27}/.exec(page.url())![0];
  const me = (await (await page.request.get(`${server.url}/api/me`)).json()) as { user: { id: string } };
  const enrolled = await page.request.post(`${server.url}/api/learn/courses/${courseId}/enrolments`, { data: { userIds: [me.user.id] } });
  const enrolmentId = ((await enrolled.json()) as { created: string[] }).created[0]!;

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/play/${enrolmentId}`);
  const content = page.locator('iframe[title^="Course content"]');
  await expect(content.contentFrame().frameLocator('iframe').getByRole('heading', { name: 'Lesson 1' })).toBeVisible({ timeout: 30_000 });
  // No contents column beside the course: the frame has the page's width, and every toolbar button is on screen.
  await expect(page.getByRole('navigation', { name: 'Contents' })).toHaveCount(0);
  const frameBox = await content.boundingBox();
  expect(frameBox!.width).toBeGreaterThanOrEqual(380);
  for (const button of await page.getByRole('banner').getByRole('button').all()) {
    const box = await button.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  }

  await page.getByRole('button', { name: 'Contents' }).click();
  const drawer = page.getByRole('dialog', { name: 'Contents' });
  await expect(drawer.getByRole('navigation', { name: 'Contents' })).toBeVisible();
  await expectAccessible(page, { exclude: ['iframe'] });
  await drawer.getByRole('button', { name: /Lesson 2/ }).click();
  await expect(drawer).toHaveCount(0);
  await expect(content.contentFrame().frameLocator('iframe').getByRole('heading', { name: 'Lesson 2' })).toBeVisible({ timeout: 30_000 });
});

test('at 390 px the users table and a course report scroll inside the page, reachable by keyboard, and the page itself does not overflow', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

  await page.goto(`${server.url}/users`);
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users).toBeVisible();
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  // The table's columns are all there, in a region that scrolls and takes the focus.
  const usersRegion = page.getByRole('region', { name: 'Users' });
  await expect(usersRegion).toHaveAttribute('tabindex', '0');
  expect(await usersRegion.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  await expectAccessible(page);

  await page.goto(`${server.url}/courses`);
  await page.getByRole('link', { name: COURSE }).first().click();
  await page.getByRole('tab', { name: 'Report' }).click();
  await expect(page.getByRole('table').first()).toBeVisible();
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  await expectAccessible(page);
});

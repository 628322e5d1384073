import { expect, test, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// The bell, on a site without a mail server: an enrolment puts a notice into the learner's bell
// (written by the job worker, as the mail would be); the count shows on the bell and in its name;
// opening a notice marks it read and opens the course; "Mark all as read" clears the rest; German
// and 390 px wide; axe-core with the list open.

const COURSE = 'Forklift basics';
const SECOND = 'Ladder safety';
const DAY = 86_400_000;

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

async function publishedCourse(page: Page, title: string): Promise<string> {
  await importPackage(page, await buildScormPackage('1.2', title, [{ id: 'SCO-1', title: 'Lesson 1' }]), title);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
  return new URL(page.url()).pathname.split('/').filter(Boolean).at(-1)!;
}

test('enrolments reach the bell without mail; a notice opens its course and is read; all can be marked read', async ({ page }) => {
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const bell = page.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications');

  const first = await publishedCourse(page, COURSE);
  const second = await publishedCourse(page, SECOND);
  const me = ((await (await page.request.get(`${server.url}/api/auth/session`)).json()) as { user: { id: string } }).user.id;
  const due = new Date(Date.now() + 10 * DAY);
  for (const courseId of [first, second]) {
    const enrolled = await page.request.post(`${server.url}/api/learn/courses/${courseId}/enrolments`, { data: { userIds: [me], dueAt: due.toISOString() } });
    expect(enrolled.status()).toBe(200);
  }

  // The worker writes the notices; the bell asks again on the next page load.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('button', { name: 'Notifications: 2 unread' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(bell).toHaveText('2');

  await bell.click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  await expect(panel).toBeVisible();
  const notice = panel.getByRole('button', { name: new RegExp(`^Unread: You have been enrolled in “${COURSE}”, due on `) });
  await expect(notice).toBeVisible();
  await expect(panel.getByRole('button', { name: new RegExp(`^Unread: You have been enrolled in “${SECOND}”`) })).toBeVisible();
  await expectAccessible(page);

  // Opening the notice opens the course's player and marks it read.
  await notice.click();
  await expect(page).toHaveURL(/\/play\//);
  await expect(page.getByRole('heading', { name: COURSE }).first()).toBeVisible();
  await page.goto(`${server.url}/`);
  await expect(page.getByRole('button', { name: 'Notifications: 1 unread' })).toBeVisible();

  // At 390 px the bell stays in the header and its list fits the screen; in German.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: /: language /i }).click();
  await page.getByRole('menuitem', { name: 'Deutsch' }).click();
  const glocke = page.getByRole('button', { name: 'Benachrichtigungen: 1 ungelesen' });
  await glocke.click();
  const liste = page.getByRole('dialog', { name: 'Benachrichtigungen' });
  await expect(liste.getByRole('button', { name: new RegExp(`^Ungelesen: Sie wurden in den Kurs „${SECOND}“ eingeschrieben, fällig am `) })).toBeVisible();
  await expect(liste.getByRole('button', { name: new RegExp(`^Sie wurden in den Kurs „${COURSE}“`) })).toBeVisible();
  const box = await liste.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(page);

  await liste.getByRole('button', { name: 'Alle als gelesen markieren' }).click();
  await expect(page.getByRole('button', { name: 'Benachrichtigungen', exact: true })).toBeVisible();
  await expect(liste.getByRole('button', { name: /^Ungelesen:/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(liste).toBeHidden();
});

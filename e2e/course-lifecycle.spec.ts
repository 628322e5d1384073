import { expect, test, type Browser, type BrowserContext, type FrameLocator, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { sentTo, tokenFromMail } from '../test/smtp-server.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signIn } from './sign-in-helper.js';

// A SCORM course from upload to a completed report line, in a real browser against the built
// server: the administrator imports and publishes it and enrols a learner; the learner takes
// it in the player (the SCO talks to the SCORM API in the launch frame on the content origin);
// the report shows it.
// Then the two ways progress could be lost: a tab closed mid-course and a server killed
// between commits.

const LEARNER = { email: 'lena@example.com', password: 'Blue-Harbour-42' };
const COURSE = 'Fire safety basics';

const running = serverWithMailForThisFile();

test.describe.configure({ mode: 'serial' });


async function learnerContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, running.server.url, LEARNER.email, LEARNER.password);
  return { context, page };
}

/** The SCO: framed by the launch frame on the content origin, which the player page frames. */
function sco(page: Page): FrameLocator {
  return page.frameLocator('iframe[title^="Course content"]').frameLocator('iframe');
}

async function openCourseFromDashboard(page: Page): Promise<FrameLocator> {
  await page.goto(running.server.url);
  await page.getByRole('link', { name: new RegExp(`^(Start|Continue|Open again:) ${COURSE}`) }).first().click();
  const frame = sco(page);
  await expect(frame.getByRole('heading', { name: 'Lesson 1' })).toBeVisible();
  return frame;
}

test('an administrator imports, publishes and assigns a course; the learner passes it; the report shows it', async ({ page, browser }) => {
  const zip = await buildScormPackage('1.2', COURSE, [{ id: 'SCO-1', title: 'Lesson 1', masteryScore: 80 }]);
  await signIn(page, running.server.url, running.server.adminEmail, running.server.adminPassword);

  // Import through the admin UI, with its progress bar, then publish. A new course is made from
  // the package: its page opens with version 1.
  await importPackage(page, zip, COURSE);
  await expect(page.getByRole('table', { name: /Uploaded versions/ }).getByRole('row').nth(1)).toContainText('1.2');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
  const courseUrl = page.url();

  // The learner is invited (real mail) and chooses a password.
  const invited = await page.request.post(`${running.server.url}/api/admin/users`, {
    data: { email: LEARNER.email, firstName: 'Lena', lastName: 'Lindqvist', roles: ['learner'] },
  });
  expect(invited.status()).toBe(201);
  const invitation = await running.smtp.waitForMail(sentTo(LEARNER.email), 20_000);
  const accepted = await page.request.post(`${running.server.url}/api/auth/invitation/accept`, {
    data: { token: tokenFromMail(invitation, '/accept-invitation'), password: LEARNER.password },
  });
  expect(accepted.ok()).toBe(true);

  // Enrol the learner on the course page.
  await page.getByRole('tab', { name: 'Enrolments' }).click();
  await page.getByRole('searchbox', { name: 'Find users' }).fill('lena');
  await page.getByRole('button', { name: 'Add Lena Lindqvist' }).click();
  // A day that is over is said where it is chosen, then cleared (this enrolment has no due date).
  const due = page.getByRole('form', { name: 'Enrol users' }).getByLabel('Due date');
  await due.fill('2020-01-01');
  await expect(page.getByText('This day has passed: the enrolments will be overdue at once.')).toBeVisible();
  await due.fill('');
  await page.getByRole('button', { name: /^Enrol 1 users?$/ }).click();
  await expect(page.getByText(/1 enrolled/)).toBeVisible();
  const enrolmentMail = await running.smtp.waitForMail((m) => sentTo(LEARNER.email)(m) && m.subject.includes(COURSE), 20_000);
  expect(enrolmentMail.text).toContain('/play/');

  // The learner takes the course: the SCO sets a raw score of 90 and "passed", commits and finishes.
  const learner = await learnerContext(browser);
  const frame = await openCourseFromDashboard(learner.page);
  await frame.getByRole('button', { name: 'Pass with 90' }).click();
  await frame.getByRole('button', { name: 'Commit' }).click();
  await expect(learner.page.getByText('All progress saved')).toBeVisible();
  await frame.getByRole('button', { name: 'Finish' }).click();
  // The player, its frames included, reads well to a screen reader; also at 390 px wide.
  await expectAccessible(learner.page);
  await learner.page.setViewportSize({ width: 390, height: 844 });
  await expect(learner.page.getByRole('button', { name: 'Exit' })).toBeVisible();
  // Signing out is one click away in the player too, not only in the app's menu.
  await expect(learner.page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectAccessible(learner.page);
  await learner.page.getByRole('button', { name: 'Exit' }).click();
  await expect(learner.page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
  // The learner's navigation is what the server's policies grant a learner: their own courses and the Space's entry (which tells a non-member to ask), no administration.
  const learnerNav = learner.page.getByRole('navigation', { name: 'Main navigation' });
  await expect(learnerNav.getByRole('link', { name: 'My courses' })).toBeVisible();
  await expect(learnerNav.getByRole('link')).toHaveText(['Dashboard', 'My courses', 'My purchases', 'Space']);
  await learner.context.close();

  // The report has the completed line.
  await page.goto(courseUrl);
  await page.getByRole('tab', { name: 'Report' }).click();
  const row = page.getByRole('row', { name: /Lindqvist, Lena/ });
  await expect(row).toContainText('Passed');
  await expect(row).toContainText('90');

  // A reset starts the learner over and keeps the attempt: the history the reset dialog promises shows it.
  await page.getByRole('tab', { name: 'Enrolments' }).click();
  await page.getByRole('button', { name: 'Reset the attempt of Lena Lindqvist' }).click();
  await expect(page.getByRole('dialog')).toContainText('attempt history');
  await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByText('Attempt of Lena Lindqvist reset.')).toBeVisible();
  await page.getByRole('tab', { name: 'Report' }).click();
  await expect(page.getByRole('row', { name: /Lindqvist, Lena/ })).toContainText('Not started');
  await page.getByRole('button', { name: `Attempt history of Lena Lindqvist in ${COURSE}: 1 attempt` }).click();
  const history = page.getByRole('dialog', { name: `Attempts of Lena Lindqvist in ${COURSE}` });
  const first = history.getByRole('row', { name: /^1 / });
  await expect(first).toContainText('Passed');
  await expect(first).toContainText('90 %');
  await expect(first).toContainText('closed');
  await expectAccessible(page);
  await history.getByRole('button', { name: 'Close' }).first().click();
  await expect(history).toBeHidden();
});

test('a tab closed in the middle of a course loses nothing: the learner resumes where they were', async ({ browser }) => {
  const learner = await learnerContext(browser);
  let frame = await openCourseFromDashboard(learner.page);
  await frame.getByLabel('Location').fill('page-7');
  await frame.getByRole('button', { name: 'Save location' }).click();
  await frame.getByRole('button', { name: 'Save 64 KB of suspend data' }).click();
  await frame.getByRole('button', { name: 'Commit' }).click();
  await expect(learner.page.getByText('All progress saved')).toBeVisible();
  // A last change that only the page-hide flush can carry.
  await frame.getByLabel('Location').fill('page-8');
  await frame.getByRole('button', { name: 'Save location' }).click();
  await learner.page.close({ runBeforeUnload: true });

  const again = await learner.context.newPage();
  frame = await openCourseFromDashboard(again);
  await expect(frame.locator('#location')).toHaveText('page-8');
  await expect(frame.locator('#suspend')).toHaveText(String(64 * 1024));
  await learner.context.close();
});

test('a server killed between commits loses no acknowledged value: the commit is retried and the learner resumes', async ({ browser }) => {
  const learner = await learnerContext(browser);
  let frame = await openCourseFromDashboard(learner.page);
  await frame.getByLabel('Location').fill('chapter-2');
  await frame.getByRole('button', { name: 'Save location' }).click();
  await frame.getByRole('button', { name: 'Commit' }).click();
  await expect(learner.page.getByText('All progress saved')).toBeVisible();

  await running.server.kill();
  await frame.getByLabel('Location').fill('chapter-3');
  await frame.getByRole('button', { name: 'Save location' }).click();
  await frame.getByRole('button', { name: 'Commit' }).click();
  await expect(learner.page.getByText(/Connection lost/)).toBeVisible({ timeout: 20_000 });
  await running.server.restart();
  await expect(learner.page.getByText('All progress saved')).toBeVisible({ timeout: 30_000 });

  await learner.page.reload();
  frame = sco(learner.page);
  await expect(frame.locator('#location')).toHaveText('chapter-3');
  await expect(frame.locator('#suspend')).toHaveText(String(64 * 1024));
  await learner.context.close();
});

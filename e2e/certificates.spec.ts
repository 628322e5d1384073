import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// Certificates end to end: the administrator switches on a course's certificate, takes the course
// (enrolled by self-enrolment) and passes it; the certificate is issued by the completion event,
// downloaded as a PDF, verified on the public page (English and German), revoked, and then no
// longer verifies.

let server: RunningServer;
const COURSE = 'Ladder safety';

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

/** The SCO: framed by the launch frame on the content origin, which the player page frames. */
const sco = (page: Page) => page.frameLocator('iframe[title^="Course content"]').frameLocator('iframe');
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

test('a certificate is issued on completion, downloaded, verified publicly and revoked', async ({ page, browser }) => {
  const zip = await buildScormPackage('1.2', COURSE, [{ id: 'SCO-1', title: 'Lesson 1', masteryScore: 80 }]);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await importPackage(page, zip, COURSE);
  const courseUrl = page.url();
  await page.getByRole('button', { name: 'Edit details' }).click();
  const details = page.getByRole('dialog', { name: 'Edit details' });
  await details.getByLabel('Learners may enrol themselves (published courses only)').check();
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The details were saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();

  // The certificate: off until switched on; a heading longer than allowed cannot be typed.
  await page.getByRole('tab', { name: 'Certificate' }).click();
  const enabled = page.getByRole('switch', { name: 'Award a certificate on completion' });
  await expect(enabled).not.toBeChecked();
  await enabled.check();
  await page.getByLabel('Heading').fill('Certificate of ladder safety');
  await page.getByLabel('Text under the course title (optional)').fill('Für sicheres Arbeiten in der Höhe.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The certificate template was saved.')).toBeVisible();
  await expect(page.getByText('No certificates have been issued for this course yet.')).toBeVisible();
  await expectAccessible(page);
  const [preview] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Preview PDF' }).click()]);
  expect((await readFile((await preview.path())!)).subarray(0, 5).toString()).toBe('%PDF-');

  // The administrator enrols and passes the course.
  await nav(page).getByRole('link', { name: 'My courses' }).click();
  await page.getByRole('region', { name: 'Courses open to you' }).getByRole('button', { name: `Enrol in ${COURSE}` }).click();
  await page.getByRole('link', { name: `Start ${COURSE}` }).click();
  const frame = sco(page);
  await expect(frame.getByRole('heading', { name: 'Lesson 1' })).toBeVisible();
  await frame.getByRole('button', { name: 'Pass with 90' }).click();
  await frame.getByRole('button', { name: 'Commit' }).click();
  await expect(page.getByText('All progress saved')).toBeVisible();
  await frame.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('button', { name: 'Exit' }).click();

  // Issued by the completion event (delivered by the job worker): it appears under My certificates.
  await nav(page).getByRole('link', { name: 'My courses' }).click();
  const mine = page.getByRole('region', { name: 'My certificates' });
  await expect(async () => {
    await page.reload();
    await expect(mine.getByRole('article', { name: COURSE })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  // The bell says so, and its notice leads to the certificates, shown on the page (on a phone they are below the courses).
  await page.setViewportSize({ width: 390, height: 700 });
  await page.goto(`${server.url}/`);
  await page.getByRole('button', { name: /^Notifications: \d+ unread$/ }).click();
  await page.getByRole('dialog', { name: 'Notifications' }).getByRole('button', { name: `Unread: Your certificate for “${COURSE}” is ready.` }).click();
  await expect(page).toHaveURL(/\/my-courses#certificates$/);
  // Scrolled to them: the section starts at the top of the screen, not below the courses.
  await expect.poll(() => mine.evaluate((section) => section.getBoundingClientRect().top)).toBeLessThan(60);
  await expect(mine.getByRole('article', { name: COURSE })).toBeInViewport();
  await page.setViewportSize({ width: 1280, height: 800 });
  const certificate = mine.getByRole('article', { name: COURSE });
  const code = /Verification code: ([0-9A-Z]{5}(?:-[0-9A-Z]{5}){3})/.exec((await certificate.textContent()) ?? '')?.[1];
  expect(code).toBeDefined();
  // The completed course's card offers it too.
  await expect(page.getByRole('article', { name: COURSE }).getByRole('link', { name: `Certificate (PDF): ${COURSE}` })).toBeVisible();
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent('download'), certificate.getByRole('link', { name: `Download PDF: certificate for ${COURSE}` }).click()]);
  expect(download.suggestedFilename()).toBe(`certificate-ladder-safety-${code}.pdf`);
  expect((await readFile((await download.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(certificate).toBeVisible();
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Anybody verifies it on the public page, without signing in: English and German, and at 390 px.
  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const verifyPage = await visitor.newPage();
  await verifyPage.goto(`${server.url}/verify/${code}`);
  await expect(verifyPage.getByText('This certificate is valid.')).toBeVisible();
  await expect(verifyPage.getByRole('row', { name: /Course/ })).toContainText(COURSE);
  await expectAccessible(verifyPage);
  await verifyPage.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(verifyPage);
  const german = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE' });
  const germanPage = await german.newPage();
  await germanPage.goto(`${server.url}/verify/${code!.toLowerCase()}`);
  await expect(germanPage.getByText('Dieses Zertifikat ist gültig.')).toBeVisible();
  await expectAccessible(germanPage);
  await germanPage.goto(`${server.url}/verify/ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ`);
  await expect(germanPage.getByText('Dieses Zertifikat ist nicht gültig.')).toBeVisible();
  await expectAccessible(germanPage);

  // The administrator revokes it, with a reason.
  await page.goto(courseUrl);
  await page.getByRole('tab', { name: 'Certificate' }).click();
  const issued = page.getByRole('region', { name: 'Certificates issued for this course' });
  await expect(issued.getByRole('row')).toHaveCount(2);
  await issued.getByRole('button', { name: /^Revoke the certificate of/ }).click();
  const question = page.getByRole('dialog', { name: 'Revoke this certificate?' });
  await expect(question).toHaveCSS('opacity', '1');
  // The revocation waits for its reason.
  await expect(question.getByRole('button', { name: 'Revoke' })).toBeDisabled();
  await question.getByLabel('Reason').fill('   ');
  await expect(question.getByRole('button', { name: 'Revoke' })).toBeDisabled();
  await question.getByLabel('Reason').fill('Issued by mistake');
  await expectAccessible(page);
  await question.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText('The certificate was revoked.')).toBeVisible();
  await expect(issued).toContainText('revoked: Issued by mistake');
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(issued).toBeVisible();
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Now it verifies as not valid (the same answer as an unknown code), and the learner cannot download it.
  await verifyPage.reload();
  await expect(verifyPage.getByText('This certificate is not valid.')).toBeVisible();
  await expect(verifyPage.getByText('This certificate is valid.')).toHaveCount(0);
  await expectAccessible(verifyPage);
  await nav(page).getByRole('link', { name: 'My courses' }).click();
  await expect(mine.getByRole('article', { name: COURSE })).toContainText('revoked');
  await expect(page.getByRole('link', { name: new RegExp(`^(Download PDF: certificate for|Certificate \\(PDF\\):) ${COURSE}`) })).toHaveCount(0);
  await visitor.close();
  await german.close();
});

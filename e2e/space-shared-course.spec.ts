import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { oneScoPackage } from './package-import-helper.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';
import { expectFitsAndAccessible, sharePublicly, uploadToSpace } from './space-helper.js';

// A course shared by a public link: a visitor without an account opens the link on a phone, in
// German, plays the course in Learn's player, and the course's own report (its slide, completed)
// reaches the link's analytics, where the member sees how far the visitor got; Learn records nothing.

const server = serverForThisFile();

const PHONE = { width: 390, height: 844 };
const reportingLesson = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Fluchtwege</title></head>
<body><h1>Fluchtwege</h1>
<script>
  var api = (function find(win) { for (var i = 0; win && i < 10; i++) { if (win.API) return win.API; if (win.parent === win) break; win = win.parent; } return null; })(window.parent);
  api.LMSInitialize('');
  api.LMSSetValue('cmi.core.lesson_location', 'folie-3');
  api.LMSSetValue('cmi.core.lesson_status', 'completed');
  api.LMSCommit('');
</script></body></html>`;

test('a visitor without an account plays a shared course on a phone (de); the member sees how far they got (en)', async ({ browser }) => {
  const admin = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const adminPage = await admin.newPage();
  await signIn(adminPage, server.url, server.adminEmail, server.adminPassword, 'en');
  const name = 'brandschutz-geteilt.zip';
  const itemId = await uploadToSpace(adminPage.request, server.url, name, await readFile(await oneScoPackage('Brandschutz', reportingLesson)));
  const { url, id: shareId } = await sharePublicly(adminPage.request, server.url, itemId);

  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const tab = await visitor.newPage();
  await tab.goto(url);
  await expect(tab.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(tab.getByText('Wie weit Sie im Kurs kommen, sieht die Person, die ihn mit Ihnen geteilt hat.')).toBeVisible();
  await expectAccessible(tab);
  await tab.getByRole('link', { name: 'Kurs abspielen' }).click();
  await expect(tab).toHaveURL(/\/shared-course\//);
  const content = tab.locator('iframe[title^="Kursinhalt"]').contentFrame().frameLocator('iframe');
  await expect(content.getByRole('heading', { name: 'Fluchtwege' })).toBeVisible({ timeout: 30_000 });
  // No preview banner and no sign-out: the visitor has no account here.
  await expect(tab.getByRole('button', { name: 'Beenden' })).toBeVisible();
  await expect(tab.getByRole('button', { name: 'Abmelden' })).toHaveCount(0);
  await expect(tab.getByText('Vorschau: Was Sie hier tun, wird nicht aufgezeichnet.')).toHaveCount(0);
  expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expectAccessible(tab);
  // What the course committed reaches the link's analytics.
  await expect
    .poll(async () => ((await (await adminPage.request.get(`${server.url}/api/space/shares/${shareId}/analytics`)).json()) as { byViewer: { course: { done: number } | null }[] }).byViewer[0]?.course?.done ?? 0, {
      timeout: 15_000,
    })
    .toBe(1);
  // Leaving the player goes back to the link's page.
  await tab.getByRole('button', { name: 'Beenden' }).click();
  await expect(tab.getByRole('heading', { level: 1, name })).toBeVisible();
  await visitor.close();

  await adminPage.goto(`${server.url}/space/items/${itemId}`);
  await adminPage.getByRole('button', { name: 'Share', exact: true }).click();
  const card = adminPage.getByRole('dialog', { name: `Share “${name}”` }).getByRole('list', { name: 'Links' }).getByRole('listitem').first();
  await card.getByRole('button', { name: /^Show views of the link of / }).click();
  const viewers = card.getByRole('table', { name: 'Viewers of the link' });
  await expect(viewers.getByRole('columnheader', { name: 'Parts done' })).toBeVisible();
  const row = viewers.getByRole('row', { name: /Visitor 1/ });
  await expect(row.getByRole('cell').nth(3)).toHaveText('1 of 1');
  await expect(row.getByRole('cell').nth(4)).toHaveText('Lesson – folie-3');
  await expectFitsAndAccessible(adminPage);

  // Learn has no enrolment or attempt of it: its course list does not know the package.
  const courses = (await (await adminPage.request.get(`${server.url}/api/learn/courses`)).json()) as { courses: { title: string }[] };
  expect(courses.courses.map((course) => course.title)).not.toContain('Brandschutz');
  await admin.close();
});

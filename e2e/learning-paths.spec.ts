import { expect, test, type Locator, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { invite } from './enrol-learner-helper.js';
import { importPackage } from './package-import-helper.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signIn } from './sign-in-helper.js';

// Learning paths end to end: the administrator builds a path of two published courses, the
// second to be taken after the first, with a due date and a certificate; prerequisites that go
// round in a circle are refused at the course they are about. A learner is enrolled on the path's
// page; in German they see the second course locked, finish the first in the player, and then
// find the second open and the progress counted; the administrator sees the progress too, and the
// course enrolment the path made. Finishing the second course finishes the path and earns its
// certificate.

const LEARNER = { email: 'jonas@example.com', password: 'Green-Valley-73', firstName: 'Jonas', lastName: 'Berg' };
const FIRST = 'Working at height';
const SECOND = 'Rescue from height';
const PATH = 'Safe work at height';

const running = serverWithMailForThisFile();

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });
/** The SCO: framed by the launch frame on the content origin, which the player page frames. */
const sco = (page: Page) => page.frameLocator('iframe[title^="Kursinhalt"]').frameLocator('iframe');

async function importAndPublish(page: Page, title: string): Promise<void> {
  await importPackage(page, await buildScormPackage('1.2', title, [{ id: 'SCO-1', title: 'Lesson 1', masteryScore: 80 }]), title);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
}

async function addCourse(page: Page, title: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Course to add' }).fill(title);
  await page.getByRole('option', { name: title, exact: true }).click();
  await page.getByRole('button', { name: 'Add course' }).click();
}

async function choosePrerequisite(page: Page, of: string, prerequisite: string): Promise<void> {
  await page.getByRole('combobox', { name: `Prerequisites of ${of}` }).click();
  await page.getByRole('option', { name: prerequisite, exact: true }).click();
  await page.keyboard.press('Escape');
}

/** In German: opens the course from the path's card, passes it in the player and leaves. */
async function passInPlayer(page: Page, card: Locator, course: string): Promise<void> {
  await card.getByRole('link', { name: `${course} starten` }).click();
  const frame = sco(page);
  await expect(frame.getByRole('heading', { name: 'Lesson 1' })).toBeVisible();
  await frame.getByRole('button', { name: 'Pass with 90' }).click();
  await frame.getByRole('button', { name: 'Commit' }).click();
  await expect(page.getByText('Fortschritt vollständig gespeichert')).toBeVisible();
  await frame.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('button', { name: 'Beenden' }).click();
}

/** The learner's German "Meine Kurse", reloaded until `check` holds (progress is counted by the job worker). */
async function untilShown(page: Page, check: (card: Locator) => Promise<void>): Promise<Locator> {
  const card = page.getByRole('region', { name: /^Lernpfade/ }).getByRole('article', { name: PATH });
  await expect(async () => {
    await page.goto(`${running.server.url}/my-courses`);
    await check(card);
  }).toPass({ timeout: 30_000 });
  // The rest of the page (certificates, open courses) has loaded too.
  await expect(page.getByLabel('Wird geladen …')).toHaveCount(0);
  return card;
}

test('a path of two courses, the second after the first: built, refused with a cycle, enrolled, and taken in order', async ({ page, browser }) => {
  await signIn(page, running.server.url, running.server.adminEmail, running.server.adminPassword);
  await importAndPublish(page, FIRST);
  await importAndPublish(page, SECOND);
  await invite(page, running.server.url, running.smtp, LEARNER);

  // The editor: details, the two courses, each requiring the other — the server refuses the circle at the course.
  await nav(page).getByRole('link', { name: 'Learning paths' }).click();
  await expect(page.getByText('There are no learning paths yet.')).toBeVisible();
  await page.getByRole('link', { name: 'New learning path' }).click();
  await page.getByLabel('Title').fill(PATH);
  await page.getByLabel('Description').fill('Everything needed before climbing a ladder at work.');
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Due date').fill(due);
  await page.getByRole('switch', { name: 'Award a certificate for the whole path' }).check();
  await addCourse(page, FIRST);
  await addCourse(page, SECOND);
  const courses = page.getByRole('list', { name: 'Courses' });
  await expect(courses.getByRole('listitem')).toHaveCount(2);
  await choosePrerequisite(page, SECOND, FIRST);
  await choosePrerequisite(page, FIRST, SECOND);
  await page.getByRole('button', { name: 'Create learning path' }).click();
  const firstRow = courses.getByRole('listitem', { name: 'Course 1' });
  await expect(firstRow.getByRole('combobox', { name: `Prerequisites of ${FIRST}` })).toHaveAttribute('aria-invalid', 'true');
  await expect(firstRow).toContainText(/cycle|circle/i);
  await expectAccessible(page);

  // Without the circle it is created, and its page opens.
  // Backspace in the field takes the last prerequisite away.
  await firstRow.getByRole('combobox', { name: `Prerequisites of ${FIRST}` }).focus();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Escape');
  await expect(firstRow).not.toContainText(SECOND);
  await page.getByRole('button', { name: 'Create learning path' }).click();
  await expect(page.getByText('The learning path was created.')).toBeVisible();
  await expect(page.getByRole('heading', { name: PATH, level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Courses' })).toContainText(`After: ${FIRST}`);

  // The learner is enrolled on the path's page.
  await page.getByRole('searchbox', { name: 'Find users' }).fill('jonas');
  await page.getByRole('button', { name: 'Add Jonas Berg' }).click();
  await page.getByRole('button', { name: 'Enrol 1 user' }).click();
  await expect(page.getByText('1 enrolled, 0 were in the path already.')).toBeVisible();
  const learners = page.getByRole('table', { name: 'Learners in the path' });
  await expect(learners.getByRole('row', { name: /Jonas Berg/ })).toContainText('0 of 2 courses');
  await expectAccessible(page);

  // The learner, in German: the path above the courses, the second course locked.
  const german = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE' });
  const learner = await german.newPage();
  await signIn(learner, running.server.url, LEARNER.email, LEARNER.password, 'de');
  const card = await untilShown(learner, async (shown) => {
    await expect(shown.getByRole('link', { name: `${FIRST} starten` })).toBeVisible({ timeout: 2_000 });
  });
  await expect(card).toContainText(`Verfügbar nach: ${FIRST}`);
  await expect(card.getByRole('link', { name: `${SECOND} starten` })).toHaveCount(0);
  await expect(card.getByRole('progressbar', { name: '0 von 2 Kursen abgeschlossen' })).toHaveAttribute('aria-valuenow', '0');
  await expect(card).toContainText('Fällig am');
  await expectAccessible(learner);
  await learner.setViewportSize({ width: 390, height: 844 });
  await expect(card).toBeVisible();
  await expect.poll(() => learner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(learner);
  await learner.setViewportSize({ width: 1280, height: 800 });

  // The first course, passed in the player.
  await passInPlayer(learner, card, FIRST);

  // Now the second is open and the first is counted.
  const after = await untilShown(learner, async (shown) => {
    await expect(shown.getByRole('link', { name: `${SECOND} starten` })).toBeVisible({ timeout: 2_000 });
  });
  await expect(after.getByRole('progressbar', { name: '1 von 2 Kursen abgeschlossen' })).toBeVisible();
  await expect(after).not.toContainText('Verfügbar nach');
  await expectAccessible(learner);

  // The administrator sees the progress; on the course's page the enrolment names the path and cannot be undone there.
  await page.reload();
  await expect(learners.getByRole('row', { name: /Jonas Berg/ })).toContainText('1 of 2 courses (50 %)');
  await expect(learners.getByRole('row', { name: /Jonas Berg/ })).toContainText('in progress');
  await page.getByRole('region', { name: 'Courses' }).getByRole('link', { name: FIRST }).click();
  await page.getByRole('tab', { name: 'Enrolments' }).click();
  const enrolment = page.getByRole('table', { name: 'Enrolled learners' }).getByRole('row', { name: /Jonas Berg/ });
  await expect(enrolment).toContainText(`Learning path: ${PATH}`);
  await expect(enrolment.getByRole('button', { name: 'Unenrol Jonas Berg' })).toHaveCount(0);

  // The second course finishes the path: its certificate is on the card and among the learner's certificates.
  await passInPlayer(learner, after, SECOND);
  const done = await untilShown(learner, async (shown) => {
    await expect(shown.getByRole('link', { name: `Zertifikat (PDF): ${PATH}` })).toBeVisible({ timeout: 2_000 });
  });
  await expect(done.getByRole('progressbar', { name: '2 von 2 Kursen abgeschlossen' })).toBeVisible();
  await expect(done).toContainText('Lernpfad abgeschlossen am');
  await expect(learner.getByRole('region', { name: 'Meine Zertifikate' }).getByRole('article', { name: PATH })).toContainText('Lernpfad');
  await expectAccessible(learner);
  await german.close();

  await nav(page).getByRole('link', { name: 'Learning paths' }).click();
  await expect(page.getByRole('table', { name: 'Learning paths of this site' }).getByRole('row', { name: new RegExp(PATH) })).toContainText(/2\s*1\s*1/);
  await expectAccessible(page);

  // The path's page lists the certificate; its code verifies publicly as a learning path's.
  await page.getByRole('link', { name: PATH }).click();
  await expect(page.getByRole('heading', { name: PATH, level: 1 })).toBeVisible();
  const issued = page.getByRole('table', { name: 'Certificates issued for this learning path' }).getByRole('row', { name: /Jonas Berg/ });
  await expect(issued).toContainText('valid');
  const code = /[0-9A-Z]{5}(?:-[0-9A-Z]{5}){3}/.exec((await issued.textContent()) ?? '')?.[0];
  expect(code).toBeDefined();
  await expectAccessible(page);
  const visitor = await browser.newContext({ ignoreHTTPSErrors: true });
  const verifyPage = await visitor.newPage();
  await verifyPage.goto(`${running.server.url}/verify/${code!}`);
  await expect(verifyPage.getByText('This certificate is valid.')).toBeVisible();
  await expect(verifyPage.getByRole('row', { name: /Learning path/ })).toContainText(PATH);
  await visitor.close();
});

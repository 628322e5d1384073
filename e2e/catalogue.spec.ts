import { expect, test, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// The catalogue with categories: the administrator keeps the categories (add, a refused name at
// its field, rename, delete after a question that counts the courses), puts two imported courses
// in them and opens them for self-enrolment; in German and 390 px wide the catalogue is searched
// (as typed and with Enter), says when nothing matches and clears, is filtered by category, and
// a course is enrolled in.

let server: RunningServer;
const FIRE = 'Fire safety basics';
const SPANISH = 'Spanish for travellers';

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

async function openCategories(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Courses', exact: true }).click();
  await page.getByRole('link', { name: 'Categories', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Course categories', level: 1 })).toBeVisible();
}

async function addCategory(page: Page, name: string): Promise<void> {
  const form = page.getByRole('region', { name: 'Add a category' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Add category' }).click();
}

/** Imports a course, puts it in `category`, opens it for self-enrolment and publishes it. */
async function openCourseIn(page: Page, title: string, category: string): Promise<void> {
  await importPackage(page, await buildScormPackage('1.2', title, [{ id: 'SCO-1', title: 'Lesson 1' }]), title);
  await page.getByRole('button', { name: 'Edit details' }).click();
  const details = page.getByRole('dialog', { name: 'Edit details' });
  await details.getByLabel('Category', { exact: true }).click();
  await page.getByRole('option', { name: category, exact: true }).click();
  await details.getByLabel('Learners may enrol themselves (published courses only)').check();
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The details were saved.')).toBeVisible();
  await expect(page.getByRole('main').getByText(category, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
}

test('categories are kept, given to courses, and the German catalogue is searched and filtered by them at 390 px', async ({ page, browser }) => {
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await openCategories(page);
  await expect(page.getByText('There are no categories yet.')).toBeVisible();
  await addCategory(page, 'Safety');
  await expect(page.getByText('The category “Safety” was added.')).toBeVisible();
  // Each added before the next is typed: the form empties itself once the server has answered.
  await addCategory(page, 'Languages');
  await expect(page.getByText('The category “Languages” was added.')).toBeVisible();
  await addCategory(page, 'Retired');
  await expect(page.getByText('The category “Retired” was added.')).toBeVisible();
  // A name taken in another case is refused at the field.
  await addCategory(page, 'SAFETY');
  await expect(page.getByRole('region', { name: 'Add a category' }).getByText('There is already a category of this name.')).toBeVisible();
  await expectAccessible(page);

  // Rename in a dialog.
  await page.getByRole('button', { name: 'Rename Languages' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename “Languages”' });
  await rename.getByLabel('Name').fill('Language courses');
  await rename.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The category is now called “Language courses”.')).toBeVisible();
  const table = page.getByRole('table', { name: 'Course categories' });
  await expect(table.getByRole('row')).toHaveCount(4);

  await openCourseIn(page, FIRE, 'Safety');
  await openCourseIn(page, SPANISH, 'Language courses');
  // The course list filters by category.
  await nav(page).getByRole('link', { name: 'Courses', exact: true }).click();
  // The course's page (with its own category field) stays until the list has loaded.
  await expect(page.getByRole('table', { name: 'Courses of this site' })).toBeVisible();
  await page.getByLabel('Category').selectOption({ label: 'Safety' });
  await expect(page.getByRole('table', { name: 'Courses of this site' }).getByRole('link')).toHaveText([FIRE]);

  // Deleting asks first and says what becomes of the courses.
  await page.getByRole('link', { name: 'Categories', exact: true }).click();
  await expect(table.getByRole('row', { name: /Safety/ })).toContainText('1');
  await page.getByRole('button', { name: 'Delete Retired' }).click();
  const question = page.getByRole('dialog', { name: 'Delete the category “Retired”?' });
  await expect(question).toContainText('0 courses are in this category. They stay, without a category.');
  await expect(question).toHaveCSS('opacity', '1');
  await expectAccessible(page);
  await question.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('The category “Retired” was deleted; 0 courses are now without a category.')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(3);
  // The management page at 390 px: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(page);

  // The catalogue, in German, 390 px wide.
  const german = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: { width: 390, height: 844 } });
  const learner = await german.newPage();
  await signIn(learner, server.url, server.adminEmail, server.adminPassword, 'de');
  await learner.goto(`${server.url}/my-courses`);
  const open = learner.getByRole('region', { name: 'Offene Kurse' });
  const cards = open.getByRole('article');
  await expect(cards).toHaveCount(2);
  await expect(open.getByRole('article', { name: FIRE })).toContainText('Safety');
  await expect(open.getByRole('article', { name: SPANISH })).toContainText('Language courses');

  // Searching as one types: the category's name is searched too.
  const search = open.getByRole('searchbox', { name: 'Kurse durchsuchen' });
  await search.fill('language');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAccessibleName(SPANISH);
  await expect(open.getByRole('status')).toHaveText('1 Kurs gefunden');
  await expectAccessible(learner);

  // With Enter at once; nothing found says so and offers to clear.
  await search.fill('Quantenphysik');
  await search.press('Enter');
  await expect(open.getByText('Kein offener Kurs passt zu Ihrer Suche.')).toBeVisible();
  await expectAccessible(learner);
  await open.getByRole('button', { name: 'Suche und Filter zurücksetzen' }).click();
  await expect(cards).toHaveCount(2);
  await expect(search).toHaveValue('');

  // By category, with its number of open courses.
  await open.getByLabel('Kategorie').selectOption({ label: 'Safety (1)' });
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAccessibleName(FIRE);
  await expect.poll(() => learner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await open.getByRole('button', { name: `In ${FIRE} einschreiben` }).click();
  await expect(open.getByText(`Sie sind in „${FIRE}“ eingeschrieben.`)).toBeVisible();
  await expectAccessible(learner);
  await german.close();
});

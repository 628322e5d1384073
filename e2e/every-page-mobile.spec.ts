import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { solidPng, uploadToSpace } from './space-helper.js';
import { importPackage } from './package-import-helper.js';
import { createPerson, signInQuietly } from './people-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// Every page of the navigation and its main sub-pages, for each role, on a phone (390 × 844),
// the administrator and the instructor in German, the manager and the learner in English: the page
// does not scroll sideways, no control is cut off at the right edge (a table scrolls in its own
// region), the page has one h1 and axe finds nothing (WCAG 2.1 A/AA); the main dialogs likewise.

const PHONE = { width: 390, height: 844 };
const PASSWORD = 'Pocket-Sized-2031';
const MANAGER = { email: 'mara@example.com', firstName: 'Mara', lastName: 'Manager', roles: ['manager'], password: PASSWORD };
const INSTRUCTOR = { email: 'ines@example.com', firstName: 'Ines', lastName: 'Instructor', roles: ['instructor'], password: PASSWORD };
const LEARNER = { email: 'lena@example.com', firstName: 'Lena', lastName: 'Learner', roles: ['learner'], password: PASSWORD };
const COURSE = 'Workplace safety on the move';
const OPEN_COURSE = 'First aid refresher';
const GROUP = 'Field service';
const CATEGORY = 'Safety';
const DAY = 86_400_000;

let server: RunningServer;
let courseId: string;
let pathId: string;
const PATH = 'Field safety path';
let learnerId: string;
/** The learner's attempt of COURSE (the reports open its timeline). */
let attemptId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  server = await startServer();
  // What every page has something to show of: two published courses (one open to self-enrolment, in
  // a category), a group with a learner and its manager, an overdue enrolment, an instructor, and a
  // learning path of both courses with the learner in it.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const request = page.request;
  const category = (await (await request.post(`${server.url}/api/learn/categories`, { data: { name: CATEGORY } })).json()) as { id: string };
  let openCourseId = '';
  for (const title of [COURSE, OPEN_COURSE]) {
    await importPackage(page, await buildScormPackage('1.2', title, [{ id: 'SCO-1', title: 'Lesson 1' }]), title);
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    if (title === COURSE) courseId = id;
    else {
      openCourseId = id;
      expect((await request.patch(`${server.url}/api/learn/courses/${id}`, { data: { selfEnrolment: true, categoryId: category.id } })).ok()).toBe(true);
    }
    expect((await request.post(`${server.url}/api/learn/courses/${id}/status`, { data: { status: 'published' } })).ok()).toBe(true);
  }
  learnerId = await createPerson(request, server.url, LEARNER);
  const managerId = await createPerson(request, server.url, MANAGER);
  await createPerson(request, server.url, INSTRUCTOR);
  const group = (await (await request.post(`${server.url}/api/admin/groups`, { data: { name: GROUP } })).json()) as { id: string };
  expect((await request.post(`${server.url}/api/admin/groups/${group.id}/members`, { data: { userIds: [learnerId] } })).ok()).toBe(true);
  expect((await request.put(`${server.url}/api/admin/groups/${group.id}/managers`, { data: { userIds: [managerId] } })).ok()).toBe(true);
  const enrolled = await request.post(`${server.url}/api/learn/courses/${courseId}/enrolments`, { data: { userIds: [learnerId], dueAt: new Date(Date.now() - 2 * DAY).toISOString() } });
  expect(enrolled.ok(), await enrolled.text()).toBe(true);
  const path = await request.post(`${server.url}/api/learn/paths`, {
    data: { title: PATH, dueAt: new Date(Date.now() + 30 * DAY).toISOString(), certificateEnabled: true, courses: [{ courseId }, { courseId: openCourseId, prerequisites: [courseId] }] },
  });
  expect(path.ok(), await path.text()).toBe(true);
  pathId = ((await path.json()) as { id: string }).id;
  expect((await request.post(`${server.url}/api/learn/paths/${pathId}/enrolments`, { data: { userIds: [learnerId] } })).ok()).toBe(true);
  await context.close();
  // The learner opens the course once: an attempt whose timeline the reports show.
  const learnerContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const learner = await learnerContext.newPage();
  await signInQuietly(learner, server.url, LEARNER.email, LEARNER.password);
  const mine = (await (await learner.request.get(`${server.url}/api/learn/me/enrolments`)).json()) as { enrolments: { id: string; courseId: string }[] };
  const launched = await learner.request.post(`${server.url}/api/learn/enrolments/${mine.enrolments.find((e) => e.courseId === courseId)!.id}/launch`, { data: {} });
  expect(launched.ok(), await launched.text()).toBe(true);
  attemptId = ((await launched.json()) as { attemptId: string }).attemptId;
  await learnerContext.close();
});
test.afterAll(async () => {
  await server.stop();
});

async function phone(browser: Browser, locale: 'de-DE' | 'en-GB', email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale, viewport: PHONE });
  const page = await context.newPage();
  await signInQuietly(page, server.url, email, password);
  return page;
}

/** The controls that end beyond the right edge of the screen, outside any region that scrolls sideways. */
function controlsCutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scrollsSideways = (element: Element) => {
      for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
        const overflow = getComputedStyle(node).overflowX;
        if ((overflow === 'auto' || overflow === 'scroll') && node.scrollWidth > node.clientWidth) return true;
      }
      return false;
    };
    const cut: string[] = [];
    for (const element of document.querySelectorAll('button, a[href], input, select, textarea, [role="button"], [role="tab"]')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === 'hidden') continue;
      if (box.right > window.innerWidth + 0.5 && !scrollsSideways(element)) {
        const name = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '';
        cut.push(`${element.tagName.toLowerCase()} "${name.slice(0, 60)}" ends at ${Math.round(box.right)}`);
      }
    }
    return cut;
  });
}

/** The checks every state gets: fits the phone's width, nothing cut off, accessible; a page also has one h1. */
async function expectFitsPhone(page: Page, what: string, options: { dialog?: boolean } = {}): Promise<void> {
  await test.step(what, async () => {
    await page.waitForLoadState('networkidle');
    await expect(page.getByRole('main').getByLabel(/^(Loading…|Wird geladen…)$/)).toHaveCount(0);
    if (options.dialog) await expect(page.getByRole('dialog')).toBeVisible();
    else await expect(page.getByRole('heading', { level: 1 }), `${what}: one h1`).toHaveCount(1);
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
    expect(widths.page, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(widths.screen);
    expect(await controlsCutOff(page), `${what}: controls cut off`).toEqual([]);
    await expectAccessible(page);
  });
}

async function visit(page: Page, path: string, what = path): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await expectFitsPhone(page, what);
}

/** Each tab of the page's first tab list, one after the other. */
async function everyTab(page: Page, what: string): Promise<void> {
  const tabs = page.getByRole('tablist').first().getByRole('tab');
  const count = await tabs.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 0; i < count; i++) {
    await tabs.nth(i).click();
    await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
    await expectFitsPhone(page, `${what}, tab ${(await tabs.nth(i).innerText()).trim()}`);
  }
}

/** Opens a dialog with `opener`, checks it, closes it with Escape. */
async function dialog(page: Page, opener: Locator, what: string): Promise<void> {
  await opener.click();
  await expectFitsPhone(page, `dialog: ${what}`, { dialog: true });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

async function bell(page: Page, label: RegExp): Promise<void> {
  const button = page.getByRole('banner').getByRole('button', { name: label });
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expectFitsPhone(page, 'the notifications open');
  await button.click();
}

/** The navigation lists these entries for this user (once their permissions are known). */
async function expectNavigation(page: Page, label: string, paths: string[]): Promise<void> {
  const links = page.getByRole('navigation', { name: label }).getByRole('link');
  await expect.poll(() => links.evaluateAll((all) => all.map((link) => new URL((link as HTMLAnchorElement).href).pathname))).toEqual(paths);
}

test('the administrator, in German: every page, tab and main dialog fits 390 px and is accessible', async ({ browser }) => {
  test.setTimeout(420_000);
  const page = await phone(browser, 'de-DE', server.adminEmail, server.adminPassword);
  await expectNavigation(page, 'Hauptnavigation', ['/', '/my-courses', '/purchases', '/users', '/groups', '/courses', '/paths', '/reports', '/lrs', '/space', '/market', '/audit', '/update-mails', '/access-reviews', '/privacy-requests', '/staff-access', '/settings']);
  await expectFitsPhone(page, 'dashboard');
  await page.getByRole('button', { name: 'Navigation ein- oder ausblenden' }).click();
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Kurse', exact: true })).toBeVisible();
  await expectFitsPhone(page, 'the navigation open');
  await page.getByRole('button', { name: 'Navigation ein- oder ausblenden' }).click();
  await bell(page, /^Benachrichtigungen/);

  await visit(page, '/my-courses');
  await visit(page, '/users');
  await dialog(page, page.getByRole('button', { name: 'Benutzer einladen' }), 'invite a user');
  await visit(page, `/users/${learnerId}`);
  await dialog(page, page.getByRole('button', { name: 'Benutzer löschen' }), 'delete a user');

  await visit(page, '/groups');
  await page.getByRole('navigation', { name: 'Gruppen und Abteilungen' }).getByRole('button', { name: new RegExp(`^${GROUP}`) }).click();
  await expectFitsPhone(page, 'a group');
  await dialog(page, page.getByRole('button', { name: 'Gruppe löschen' }), 'delete a group');

  await visit(page, '/courses');
  await visit(page, '/courses/new');
  await visit(page, '/courses/categories');
  await dialog(page, page.getByRole('button', { name: `${CATEGORY} umbenennen` }), 'rename a category');
  await visit(page, `/courses/${courseId}`, 'a course');
  await dialog(page, page.getByRole('button', { name: 'Angaben bearbeiten' }), 'edit a course');
  await everyTab(page, 'a course');
  await page.getByRole('tab', { name: 'Einschreibungen' }).click();
  await dialog(page, page.getByRole('button', { name: `Fälligkeit von ${LEARNER.firstName} ${LEARNER.lastName} ändern` }), 'change a due date');
  await dialog(page, page.getByRole('button', { name: `Versuch von ${LEARNER.firstName} ${LEARNER.lastName} zurücksetzen` }), 'reset an attempt');

  await visit(page, '/paths');
  await visit(page, '/paths/new');
  await visit(page, `/paths/${pathId}`, 'a learning path');
  await visit(page, `/paths/${pathId}/edit`, 'a learning path edited');

  await visit(page, '/reports');
  await everyTab(page, 'reports');
  await visit(page, `/reports/attempts/${attemptId}`, "an attempt's timeline");
  await visit(page, '/lrs');
  await page.getByRole('button', { name: 'Neuer Schlüssel' }).click();
  await expectFitsPhone(page, 'the new LRS key form');
  await visit(page, '/space');
  await expect(page.getByRole('heading', { level: 1, name: 'Bibliothek' })).toBeVisible();
  await dialog(page, page.getByRole('button', { name: 'Neuer Ordner' }), 'a new folder of the Space');
  // A file's page with its comments and review requests, its share and review dialogs; a course package's with "Publish to Learn".
  const imageId = await uploadToSpace(page.request, server.url, 'poster.png', solidPng(8, 8, [150, 150, 150]));
  await visit(page, `/space/items/${imageId}`, "a file's page in the Space");
  await expect(page.getByRole('heading', { level: 2, name: 'Kommentare' })).toBeVisible();
  await dialog(page, page.getByRole('button', { name: 'Teilen', exact: true }), 'share a file');
  await dialog(page, page.getByRole('button', { name: 'Review anfordern' }), 'request a review');
  const packageId = await uploadToSpace(page.request, server.url, 'course.zip', await readFile(await buildScormPackage('1.2', 'Space course', [{ id: 'SCO-1', title: 'Lesson 1' }])));
  await visit(page, `/space/items/${packageId}`, "a course package's page in the Space");
  await expect(page.getByRole('button', { name: 'In Learn veröffentlichen' })).toBeVisible();
  await visit(page, '/space/reviews');
  await visit(page, '/space/trash');
  await visit(page, '/space/members');
  await visit(page, '/settings');
  await visit(page, '/settings/branding');
  await visit(page, '/settings/security');
  await visit(page, '/account');
  await page.context().close();
});

test('a manager of a group, in English: dashboard, team, reports, my courses and account fit 390 px and are accessible', async ({ browser }) => {
  const page = await phone(browser, 'en-GB', MANAGER.email, MANAGER.password);
  await expectNavigation(page, 'Main navigation', ['/', '/my-courses', '/purchases', '/team', '/paths', '/reports', '/space']);
  await expectFitsPhone(page, 'dashboard');
  await bell(page, /^Notifications/);
  await visit(page, '/my-courses');
  await visit(page, '/team');
  await visit(page, `/paths/${pathId}`, 'a learning path');
  await visit(page, '/reports');
  await everyTab(page, 'reports');
  await visit(page, `/reports/attempts/${attemptId}`, "an attempt's timeline");
  await visit(page, '/account');
  await page.context().close();
});

test('an instructor, in German: dashboard, courses with their tabs, categories and account fit 390 px and are accessible', async ({ browser }) => {
  const page = await phone(browser, 'de-DE', INSTRUCTOR.email, INSTRUCTOR.password);
  await expectNavigation(page, 'Hauptnavigation', ['/', '/my-courses', '/purchases', '/courses', '/paths', '/space']);
  await expectFitsPhone(page, 'dashboard');
  await bell(page, /^Benachrichtigungen/);
  await visit(page, '/my-courses');
  await visit(page, '/courses');
  await visit(page, '/courses/new');
  await visit(page, '/courses/categories');
  await visit(page, `/courses/${courseId}`, 'a course');
  await everyTab(page, 'a course');
  await visit(page, '/account');
  await page.context().close();
});

test('a learner, in English: dashboard, my courses with the catalogue and account fit 390 px and are accessible', async ({ browser }) => {
  const page = await phone(browser, 'en-GB', LEARNER.email, LEARNER.password);
  await expectNavigation(page, 'Main navigation', ['/', '/my-courses', '/purchases', '/space']);
  await expectFitsPhone(page, 'dashboard');
  await bell(page, /^Notifications/);
  await visit(page, '/my-courses');
  await expect(page.getByText(OPEN_COURSE).first()).toBeVisible();
  await expect(page.getByRole('article', { name: PATH })).toBeVisible();
  await visit(page, '/space');
  await expect(page.getByRole('heading', { name: 'You are not a member of this Space yet' })).toBeVisible();
  await visit(page, '/purchases');
  await expect(page.getByText('You have not bought anything yet.')).toBeVisible();
  await visit(page, '/account');
  await page.context().close();
});

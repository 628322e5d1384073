import { mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { XAPI_COURSE_ID, xapiPackageEntries } from '../test/xapi-packages.js';
import { buildZip } from '../test/zip-fixtures.js';
import { expectAccessible } from './accessibility.js';
import { createPerson, signInQuietly } from './people-helper.js';
import { startServer, type RunningServer } from './server.js';

// The learner report opens an attempt's xAPI statements as a timeline: from the attempt history of
// a learner's xAPI course to the statements the attempt's registration holds, oldest first, 100 at
// a time with "Load more", the voided one left out; in English and German, wide and at 390 px.

const LEARNER = { email: 'lea@example.com', firstName: 'Lea', lastName: 'Rner', password: 'Quiet-River-2031' };
const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
/** Statements the attempt keeps (the voided one and the voiding one not counted). */
const KEPT = 104;

const TEXTS = {
  en: {
    locale: 'en-GB',
    history: 'Attempt history of Lea Rner in Safety at work: 1 attempt',
    open: 'Statements of attempt 1 as a timeline',
    title: 'Statements of attempt 1',
    subtitle: 'Lea Rner in Safety at work',
    list: 'Statements of the attempt',
    first: ['launched Safety at work', 'Mar 2, 2026, 10:00:00 AM'],
    slide: 'experienced Fire exits',
    answered: ['answered', 'failed'],
    passed: ['passed Safety at work', 'Score 80 % (8 of 10 points) · passed · completed · Duration 12 min 30 s'],
    plain: 'progressed Slide 6',
    shown: `100 statements shown`,
    allShown: `${KEPT} statements shown · All statements are shown.`,
    more: 'Load more',
    back: 'Back to the learner report',
    learnerHeading: 'Learner: Lea Rner',
  },
  de: {
    locale: 'de-DE',
    history: 'Versuchsverlauf von Lea Rner in Safety at work: 1 Versuch',
    open: 'Statements von Versuch 1 als Zeitleiste',
    title: 'Statements von Versuch 1',
    subtitle: 'Lea Rner in Safety at work',
    list: 'Statements des Versuchs',
    first: ['gestartet Sicherheit am Arbeitsplatz', '02.03.2026, 10:00:00'],
    slide: 'erlebt Notausgänge',
    answered: ['answered', 'nicht bestanden'],
    passed: ['bestanden Sicherheit am Arbeitsplatz', 'Ergebnis 80 % (8 von 10 Punkten) · bestanden · abgeschlossen · Dauer 12 Min. 30 Sek.'],
    plain: 'progressed Slide 6',
    shown: `100 Statements angezeigt`,
    allShown: `${KEPT} Statements angezeigt · Alle Statements werden angezeigt.`,
    more: 'Weitere laden',
    back: 'Zurück zum Bericht der lernenden Person',
    learnerHeading: 'Lernende Person: Lea Rner',
  },
} as const;

let server: RunningServer;
let learnerId: string;

const verb = (id: string, en?: string, de?: string) => ({ id: `http://adlnet.gov/expapi/verbs/${id}`, ...(en ? { display: { 'en-US': en, ...(de ? { 'de-DE': de } : {}) } } : {}) });
const course = { objectType: 'Activity', id: XAPI_COURSE_ID, definition: { name: { 'en-US': 'Safety at work', 'de-DE': 'Sicherheit am Arbeitsplatz' } } };
const at = (second: number) => new Date(Date.UTC(2026, 2, 2, 9, 0, second)).toISOString();

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  server = await startServer();
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signInQuietly(page, server.url, server.adminEmail, server.adminPassword);

  // An xAPI course, published, and a learner enrolled in it who opens it once (attempt 1).
  const zip = path.join(await mkdtemp(path.join(os.tmpdir(), 'lectern-xapi-')), 'course.zip');
  await buildZip(zip, xapiPackageEntries());
  const upload = await page.request.post(`${server.url}/api/learn/packages?fileName=course.zip`, { headers: { 'content-type': 'application/zip' }, data: readFileSync(zip) });
  expect(upload.status(), await upload.text()).toBe(201);
  const courseId = ((await upload.json()) as { course: { id: string } }).course.id;
  expect((await page.request.post(`${server.url}/api/learn/courses/${courseId}/status`, { data: { status: 'published' } })).ok()).toBe(true);
  learnerId = await createPerson(page.request, server.url, { ...LEARNER, roles: ['learner'] });
  expect((await page.request.post(`${server.url}/api/learn/courses/${courseId}/enrolments`, { data: { userIds: [learnerId] } })).ok()).toBe(true);

  const learnerContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const learnerPage = await learnerContext.newPage();
  await signInQuietly(learnerPage, server.url, LEARNER.email, LEARNER.password);
  const mine = (await (await learnerPage.request.get(`${server.url}/api/learn/me/enrolments`)).json()) as { enrolments: { id: string }[] };
  const launched = await learnerPage.request.post(`${server.url}/api/learn/enrolments/${mine.enrolments[0]!.id}/launch`, { data: {} });
  expect(launched.status(), await launched.text()).toBe(200);
  const attemptId = ((await launched.json()) as { attemptId: string }).attemptId;
  await learnerContext.close();

  // The attempt's statements, sent by an xAPI client of the site with the attempt as registration.
  const created = await page.request.post(`${server.url}/api/lrs/keys`, { data: { name: 'Timeline test', scopes: ['all'] } });
  expect(created.status(), await created.text()).toBe(201);
  const key = (await created.json()) as { key: string; secret: string };
  const actor = { objectType: 'Agent', name: 'Lea Rner', account: { homePage: server.url, name: learnerId } };
  const context2 = { registration: attemptId };
  const post = async (statements: unknown[]) => {
    const res = await page.request.post(`${server.url}/xapi/statements`, {
      headers: { authorization: `Basic ${Buffer.from(`${key.key}:${key.secret}`).toString('base64')}`, 'x-experience-api-version': '1.0.3' },
      data: statements,
    });
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as string[];
  };
  await post([{ actor, verb: verb('launched', 'launched', 'gestartet'), object: course, context: context2, timestamp: at(0) }]);
  await post([
    {
      actor,
      verb: verb('experienced', 'experienced', 'erlebt'),
      object: { objectType: 'Activity', id: `${XAPI_COURSE_ID}/slide1`, definition: { name: { 'en-US': 'Fire exits', 'de-DE': 'Notausgänge' } } },
      context: context2,
      timestamp: at(20),
    },
  ]);
  await post([{ actor, verb: verb('answered', 'answered'), object: { id: `${XAPI_COURSE_ID}/q1` }, result: { success: false, response: 'b' }, context: context2, timestamp: at(40) }]);
  const [mistake] = await post([{ actor, verb: verb('attempted', 'posted by mistake'), object: course, context: context2, timestamp: at(41) }]);
  await post([
    {
      actor,
      verb: verb('passed', 'passed', 'bestanden'),
      object: course,
      result: { success: true, completion: true, score: { scaled: 0.8, raw: 8, min: 0, max: 10 }, duration: 'PT12M30S' },
      context: context2,
      timestamp: at(50),
    },
  ]);
  await post(
    Array.from({ length: KEPT - 4 }, (_, i) => ({
      actor,
      verb: verb('progressed'),
      object: { id: `${XAPI_COURSE_ID}/slide${i + 6}`, definition: { name: { en: `Slide ${i + 6}` } } },
      context: context2,
      timestamp: at(60 + i),
    })),
  );
  await post([{ actor: { mbox: 'mailto:admin@example.com' }, verb: verb('voided', 'voided'), object: { objectType: 'StatementRef', id: mistake } }]);
  await context.close();
});
test.afterAll(async () => {
  await server.stop();
});

/** The page does not scroll sideways; axe finds nothing. */
async function expectFitsAndAccessible(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page, 'the page scrolls sideways').toBeLessThanOrEqual(widths.screen);
  await expectAccessible(page);
}

for (const language of ['en', 'de'] as const) {
  for (const [width, viewport] of [
    ['wide', WIDE],
    ['390 px', PHONE],
  ] as const) {
    test(`the learner report opens an attempt's statements as a timeline (${language}, ${width})`, async ({ browser }) => {
      const text = TEXTS[language];
      const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale, viewport, timezoneId: 'Europe/Berlin' });
      const page = await context.newPage();
      await signInQuietly(page, server.url, server.adminEmail, server.adminPassword);

      // The learner report, the attempt history, and from there the attempt's timeline.
      await page.goto(`${server.url}/reports?view=learners&learner=${learnerId}`);
      await expect(page.getByRole('heading', { level: 2, name: text.learnerHeading })).toBeVisible();
      await page.getByRole('button', { name: text.history }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByRole('link', { name: text.open })).toBeVisible();
      await expectAccessible(page);
      await dialog.getByRole('link', { name: text.open }).click();

      await expect(page.getByRole('heading', { level: 1, name: text.title })).toBeVisible();
      await expect(page.getByText(text.subtitle, { exact: true })).toBeVisible();
      const list = page.getByRole('list', { name: text.list });
      const entries = list.getByRole('listitem');
      await expect(entries).toHaveCount(100);
      await expect(entries.nth(0)).toContainText(text.first[0]);
      await expect(entries.nth(0)).toContainText(text.first[1]);
      await expect(entries.nth(0).locator('time')).toHaveAttribute('datetime', at(0));
      await expect(entries.nth(1)).toContainText(text.slide);
      for (const words of text.answered) await expect(entries.nth(2)).toContainText(words);
      // The voided statement is not there: the pass follows the answer.
      await expect(entries.nth(3)).toContainText(text.passed[0]);
      await expect(entries.nth(3)).toContainText(text.passed[1]);
      await expect(entries.nth(4)).toContainText(text.plain);
      await expect(list).not.toContainText('posted by mistake');
      await expect(page.getByRole('status').filter({ hasText: text.shown })).toBeVisible();
      await expectFitsAndAccessible(page);

      // The rest on "Load more"; then there is no more to load.
      await page.getByRole('button', { name: text.more }).click();
      await expect(entries).toHaveCount(KEPT);
      await expect(page.getByRole('status').filter({ hasText: text.allShown })).toBeVisible();
      await expect(page.getByRole('button', { name: text.more })).toHaveCount(0);
      await expect(list).not.toContainText('voided');
      await expectFitsAndAccessible(page);

      await page.getByRole('link', { name: text.back }).click();
      await expect(page.getByRole('heading', { level: 2, name: text.learnerHeading })).toBeVisible();
      await context.close();
    });
  }
}

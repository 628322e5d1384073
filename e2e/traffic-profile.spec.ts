import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page, type Request, type Response } from '@playwright/test';
import { scorm12Manifest } from '../test/scorm-packages.js';
import { buildZip } from '../test/zip-fixtures.js';
import { importPackage } from './package-import-helper.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';

// What a browser sends per minute, counted by kind of traffic, to size the default rate limits
// (docs/security.md, "Rate limits"): an administrator working through the admin pages, and a
// learner in a course whose start loads hundreds of files (as Storyline, iSpring and Rise
// exports do) and which commits every few seconds while the player page polls. The figures
// are printed; the test fails when a default limit is not at least ten times the figure.

const COURSE = 'Measured course';
const ASSETS = 300;
const LEARNING_MS = 60_000;
/** The defaults of src/config.ts. */
const DEFAULTS = { anonymousPerAddress: 3_000, perUser: 3_000, attemptCommits: 3_000, launchFiles: 6_000 };

/** A SCO as authoring tools export them: many files loaded at the start, a commit every 3 s (each slide). */
function measuredScoPage(): string {
  const images = Array.from({ length: ASSETS }, (_, i) => `<img src="assets/a${i}.svg" alt="" width="4" height="4">`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson</title><script src="player.js"></script></head>
<body><h1>Lesson 1</h1>${images}
<script>
  var api = (function find(win) { for (var i = 0; win && i < 10; i++) { if (win.API) return win.API; if (win.parent === win) break; win = win.parent; } return null; })(window.parent);
  api.LMSInitialize('');
  var slide = 0;
  setInterval(function () {
    slide += 1;
    api.LMSSetValue('cmi.core.lesson_location', 'slide-' + slide);
    api.LMSSetValue('cmi.suspend_data', 'visited=' + slide + ';' + new Array(200).join('x'));
    api.LMSSetValue('cmi.core.exit', 'suspend');
    api.LMSCommit('');
  }, 3000);
</script></body></html>`;
}

async function measuredPackage(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-measured-'));
  const zip = path.join(dir, 'course.zip');
  await buildZip(zip, [
    { name: 'imsmanifest.xml', data: scorm12Manifest(COURSE, [{ id: 'SCO-1', title: 'Lesson 1' }]) },
    { name: 'SCO-1/index.html', data: measuredScoPage() },
    { name: 'SCO-1/player.js', data: 'window.playerLoaded = true;' },
    ...Array.from({ length: ASSETS }, (_, i) => ({ name: `SCO-1/assets/a${i}.svg`, data: `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="${(i % 4) + 1}" height="4"/></svg>` })),
  ]);
  return zip;
}

type Kind = 'api' | 'content files' | 'launch frame' | 'commits' | 'pages and assets';

function kindOf(request: Request): Kind {
  const url = new URL(request.url());
  if (url.pathname.startsWith('/api/')) return 'api';
  if (/^\/launch\/[^/]+\/commits/.test(url.pathname)) return 'commits';
  if (url.pathname.startsWith('/c/')) return 'content files';
  if (url.pathname.startsWith('/launch/') || url.pathname.startsWith('/_launch/')) return 'launch frame';
  return 'pages and assets';
}

/** Counts the requests of a page (its frames included) by kind while `work` runs. */
async function counted(page: Page, work: () => Promise<void>): Promise<Record<Kind, number>> {
  const counts: Record<Kind, number> = { api: 0, 'content files': 0, 'launch frame': 0, commits: 0, 'pages and assets': 0 };
  const count = (request: Request) => void (counts[kindOf(request)] += 1);
  page.context().on('request', count);
  try {
    await work();
  } finally {
    page.context().off('request', count);
  }
  return counts;
}

const server = serverForThisFile();

test('an administrator working the UI and a learner in a course of 300 files committing every 3 s stay far below the default limits', async ({ page }) => {
  test.setTimeout(240_000);
  const zip = await measuredPackage();

  // Arrival: the sign-in page and the sign-in, without a session. What the landing page asks after the
  // sign-in carries the session and counts against the user's budget, not the address's.
  let signedIn = false;
  let anonymousApi = 0;
  const onRequest = (request: Request) => void (!signedIn && kindOf(request) === 'api' && (anonymousApi += 1));
  const onResponse = (response: Response) => void (response.url().endsWith('/api/auth/sign-in') && response.ok() && (signedIn = true));
  page.context().on('request', onRequest);
  page.context().on('response', onResponse);
  const arrival = await counted(page, () => signIn(page, server.url, server.adminEmail, server.adminPassword));
  page.context().off('request', onRequest);
  page.context().off('response', onResponse);

  // An administrator goes through the admin pages: one page view per section and the course's tabs.
  await importPackage(page, zip, COURSE);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
  const courseUrl = page.url();
  const sections = ['/users', '/groups', '/courses', '/reports', '/settings', '/'];
  const admin = await counted(page, async () => {
    for (const section of sections) {
      await page.goto(`${server.url}${section}`);
      await page.waitForLoadState('networkidle');
    }
    await page.goto(courseUrl);
    for (const tab of ['Enrolments', 'Report']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForLoadState('networkidle');
    }
  });
  const adminViews = sections.length + 3;

  // The administrator enrols themself and takes the course as a learner.
  const me = (await (await page.request.get(`${server.url}/api/me`)).json()) as { user: { id: string } };
  const courseId = /[0-9a-f]{8}-[0-9a-f-]{27}/.exec(courseUrl)![0];
  const enrolled = await page.request.post(`${server.url}/api/learn/courses/${courseId}/enrolments`, { data: { userIds: [me.user.id] } });
  expect(enrolled.ok(), await enrolled.text()).toBe(true);
  const enrolmentId = ((await enrolled.json()) as { created: string[] }).created[0]!;
  const learner = await counted(page, async () => {
    await page.goto(`${server.url}/play/${enrolmentId}`);
    const sco = page.frameLocator('iframe[title^="Course content"]').frameLocator('iframe');
    await expect(sco.getByRole('heading', { name: 'Lesson 1' })).toBeVisible({ timeout: 30_000 });
    await page.waitForTimeout(LEARNING_MS);
  });

  const perMinute = (n: number) => Math.round((n * 60_000) / LEARNING_MS);
  const figures = {
    arrival: { api: arrival.api, withoutSession: anonymousApi },
    adminPerPageView: { api: +(admin.api / adminViews).toFixed(1) },
    learnerFirstMinute: { api: perMinute(learner.api), contentFiles: perMinute(learner['content files']), launchFrame: learner['launch frame'], commits: perMinute(learner.commits) },
  };
  console.log(`traffic profile: ${JSON.stringify(figures)}`);
  // A fast administrator opens a page every two seconds: 30 page views a minute.
  expect(figures.adminPerPageView.api * 30 * 10).toBeLessThanOrEqual(DEFAULTS.perUser);
  // A class of 200 arriving within one minute behind one address needs a third of the budget at most.
  expect(figures.arrival.withoutSession * 200 * 3).toBeLessThanOrEqual(DEFAULTS.anonymousPerAddress);
  expect(figures.learnerFirstMinute.api * 10).toBeLessThanOrEqual(DEFAULTS.perUser);
  expect(figures.learnerFirstMinute.contentFiles).toBeGreaterThanOrEqual(ASSETS);
  expect(figures.learnerFirstMinute.contentFiles * 10).toBeLessThanOrEqual(DEFAULTS.launchFiles);
  expect(figures.learnerFirstMinute.commits * 10).toBeLessThanOrEqual(DEFAULTS.attemptCommits);
});

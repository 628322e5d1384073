import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { buildZip } from '../test/zip-fixtures.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { exitToCompleted, publishAndEnrol, startCourse } from './course-play-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// A cmi5 course played in the real player: the AU is launched through the content origin, takes its
// auth token from the fetch URL, reads LMS.LaunchData and the learner preferences, records
// initialized, completed and terminated, and the learner's course shows as completed.
let server: RunningServer;
const COURSE = 'Ladder safety';
const LEARNER = { email: 'cleo@example.com', firstName: 'Cleo', lastName: 'Mifive', roles: ['learner'], password: 'Ladder-Climber-55' };

const cmi5Xml = (course: string, launchMethod: 'AnyWindow' | 'OwnWindow') => `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.com/cmi5/${course.toLowerCase().replace(/ /g, '-')}"><title><langstring lang="en">${course}</langstring></title></course>
  <au id="https://example.com/cmi5/${course.toLowerCase().replace(/ /g, '-')}/au" moveOn="Completed" launchMethod="${launchMethod}">
    <title><langstring lang="en">Climbing a ladder</langstring></title>
    <url>au/index.html?lesson=1</url>
  </au>
</courseStructure>`;

/** An AU as cmi5 content behaves, in a page of its own (its script inline, as authoring tools write it). */
const AU_PAGE = `<!doctype html><html lang="en"><head><title>Climbing a ladder</title></head><body>
<h1>Climbing a ladder</h1><p id="status" role="status">Starting…</p><button id="finish" disabled>Finish the lesson</button>
<script>
const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVE_ON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const uuid = () => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));
const say = (text) => { document.getElementById('status').textContent = text; };
(async () => {
  const query = new URLSearchParams(location.search);
  const endpoint = query.get('endpoint'), actor = JSON.parse(query.get('actor')), registration = query.get('registration'), activityId = query.get('activityId');
  const token = (await (await fetch(query.get('fetch'), { method: 'POST' })).json())['auth-token'];
  const headers = { 'X-Experience-API-Version': '1.0.3', Authorization: 'Basic ' + token, 'Content-Type': 'application/json' };
  const launchData = await (await fetch(endpoint + 'activities/state?' + new URLSearchParams({ stateId: 'LMS.LaunchData', activityId, agent: JSON.stringify(actor), registration }), { headers })).json();
  await fetch(endpoint + 'agents/profile?' + new URLSearchParams({ profileId: 'cmi5LearnerPreferences', agent: JSON.stringify(actor) }), { headers });
  const started = Date.now();
  const send = async (verb, extra = {}, moveOn = false) => {
    const context = { registration, contextActivities: { category: [{ id: CMI5 }, ...(moveOn ? [{ id: MOVE_ON }] : [])], grouping: launchData.contextTemplate.contextActivities.grouping }, extensions: launchData.contextTemplate.extensions };
    const statement = { id: uuid(), timestamp: new Date().toISOString(), actor, verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb }, object: { objectType: 'Activity', id: activityId }, context, ...extra };
    const answer = await fetch(endpoint + 'statements', { method: 'POST', headers, body: JSON.stringify(statement) });
    if (!answer.ok) throw new Error(verb + ': ' + answer.status + ' ' + (await answer.text()));
  };
  await send('initialized');
  say('Mode ' + launchData.launchMode + ', move on when ' + launchData.moveOn + '.');
  const finish = document.getElementById('finish');
  finish.disabled = false;
  finish.addEventListener('click', async () => {
    const duration = 'PT' + Math.max(1, Math.round((Date.now() - started) / 1000)) + 'S';
    await send('completed', { result: { completion: true, duration } }, true);
    await send('terminated', { result: { duration } });
    say('Lesson finished.');
    // In a window of its own, an AU sends the learner back to the LMS when it ends (cmi5 returnURL).
    if (launchData.returnURL) location.assign(launchData.returnURL);
  });
})().catch((error) => say('Failed: ' + error.message));
</script></body></html>`;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

/** The administrator imports a one-AU course, publishes it and enrols the learner. */
async function courseFor(page: Page, course: string, launchMethod: 'AnyWindow' | 'OwnWindow', learner: typeof LEARNER): Promise<void> {
  const zip = path.join(await mkdtemp(path.join(os.tmpdir(), 'lectern-cmi5-')), 'course.zip');
  await buildZip(zip, [
    { name: 'cmi5.xml', data: cmi5Xml(course, launchMethod) },
    { name: 'au/index.html', data: AU_PAGE },
  ]);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await importPackage(page, zip, course);
  await publishAndEnrol(page, server.url, learner);
}

test('a cmi5 course plays in the player: launch, fetch, launch data, statements, and the learner has completed it', async ({ page, browser }) => {
  await courseFor(page, COURSE, 'AnyWindow', LEARNER);

  const { context, page: learner, content: au } = await startCourse(browser, server.url, LEARNER, COURSE);
  await expect(au.getByRole('status')).toHaveText('Mode Normal, move on when Completed.', { timeout: 30_000 });
  await au.getByRole('button', { name: 'Finish the lesson' }).click();
  await expect(au.getByRole('status')).toHaveText('Lesson finished.');
  await exitToCompleted(learner, COURSE);
  await context.close();
});

test('an OwnWindow AU opens from the player in a window of its own and, when it ends, brings the learner to their courses', async ({ page, browser }) => {
  const course = 'Roof safety';
  const learner = { ...LEARNER, email: 'otto@example.com', firstName: 'Otto', lastName: 'Window' };
  await courseFor(page, course, 'OwnWindow', learner);

  const { context, page: player } = await startCourse(browser, server.url, learner, course);
  await expect(player.getByRole('heading', { name: 'Climbing a ladder opens in a window of its own' })).toBeVisible();
  await expect(player.locator('iframe[title^="Course content"]')).toBeHidden();
  await expectAccessible(player);
  // On a phone the notice and its link fit the width.
  await player.setViewportSize({ width: 390, height: 800 });
  expect(await player.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await player.setViewportSize({ width: 1280, height: 800 });
  const [au] = await Promise.all([context.waitForEvent('page'), player.getByRole('link', { name: 'Open “Climbing a ladder”' }).click()]);
  await expect(au.getByRole('status')).toHaveText('Mode Normal, move on when Completed.', { timeout: 30_000 });
  await au.getByRole('button', { name: 'Finish the lesson' }).click();
  // The AU's window goes to the learner's courses on the app's origin, where the course is completed.
  await expect(au).toHaveURL(`${server.url}/my-courses`);
  await expect(au.getByRole('region', { name: 'Completed (1)' }).getByRole('article', { name: course })).toBeVisible();
  await exitToCompleted(player, course);
  await context.close();
});

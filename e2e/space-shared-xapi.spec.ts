import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { storylineTincanXml } from '../test/xapi-packages.js';
import { buildZip } from '../test/zip-fixtures.js';
import { expectAccessible } from './accessibility.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';
import { expectFitsAndAccessible, sharePublicly, uploadToSpace } from './space-helper.js';

// An xAPI course shared by a public link: the visitor without an account plays it on a phone; the
// course reads the launch parameters from its address and posts its statements to the endpoint
// they name, as authoring tools' courses do; the LRS keeps none of them, and the member sees the
// visitor's pass and the last slide in the link's analytics.

const server = serverForThisFile();

const PHONE = { width: 390, height: 844 };
/** A course page that reports like a Storyline export: launched, a slide seen, passed with a score. */
const story = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Brandschutz</title></head>
<body><h1>Brandschutz</h1><p id="state">Sendet …</p>
<script>
  var query = new URLSearchParams(location.search);
  var actor = JSON.parse(query.get('actor'));
  var course = query.get('activity_id');
  function statement(verb, object, extra) {
    return Object.assign({ actor: actor, verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb, display: { 'en-US': verb } }, object: object, context: { registration: query.get('registration') } }, extra || {});
  }
  fetch(query.get('endpoint') + 'statements', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', Authorization: query.get('auth') },
    body: JSON.stringify([
      statement('launched', { id: course }),
      statement('experienced', { id: course + '/slide2', definition: { name: { 'de-DE': 'Fluchtwege' } } }),
      statement('passed', { id: course }, { result: { score: { scaled: 0.9 }, duration: 'PT2M' } }),
    ]),
  }).then(function (answer) { document.getElementById('state').textContent = answer.ok ? 'Gespeichert' : 'Fehler ' + answer.status; });
</script></body></html>`;

test('a visitor without an account plays a shared xAPI course (de, 390 px); its pass reaches the link analytics (en)', async ({ browser }) => {
  const admin = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const adminPage = await admin.newPage();
  await signIn(adminPage, server.url, server.adminEmail, server.adminPassword, 'en');
  const zip = path.join(await mkdtemp(path.join(os.tmpdir(), 'lectern-xapi-')), 'course.zip');
  await buildZip(zip, [
    { name: 'tincan.xml', data: storylineTincanXml('Brandschutz') },
    { name: 'story.html', data: story },
  ]);
  const name = 'brandschutz-xapi.zip';
  const itemId = await uploadToSpace(adminPage.request, server.url, name, await readFile(zip));
  const { url, id: shareId } = await sharePublicly(adminPage.request, server.url, itemId);

  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const tab = await visitor.newPage();
  await tab.goto(url);
  await tab.getByRole('link', { name: 'Kurs abspielen' }).click();
  const content = tab.locator('iframe[title^="Kursinhalt"]').contentFrame().frameLocator('iframe');
  await expect(content.getByRole('heading', { name: 'Brandschutz' })).toBeVisible({ timeout: 30_000 });
  await expect(content.getByText('Gespeichert')).toBeVisible();
  await expect(tab.getByText('Vorschau: Was Sie hier tun, wird nicht aufgezeichnet.')).toHaveCount(0);
  await expectAccessible(tab);
  await visitor.close();

  await expect
    .poll(async () => ((await (await adminPage.request.get(`${server.url}/api/space/shares/${shareId}/analytics`)).json()) as { byViewer: { course: { parts: { status: string }[] } | null }[] }).byViewer[0]?.course?.parts[0]?.status ?? null, { timeout: 15_000 })
    .toBe('passed');
  await adminPage.goto(`${server.url}/space/items/${itemId}`);
  await adminPage.getByRole('button', { name: 'Share', exact: true }).click();
  const card = adminPage.getByRole('dialog', { name: `Share “${name}”` }).getByRole('list', { name: 'Links' }).getByRole('listitem').first();
  await card.getByRole('button', { name: /^Show views of the link of / }).click();
  const row = card.getByRole('table', { name: 'Viewers of the link' }).getByRole('row', { name: /Visitor 1/ });
  await expect(row.getByRole('cell').nth(3)).toHaveText('1 of 1');
  await expect(row.getByRole('cell').nth(4)).toHaveText('Brandschutz – Fluchtwege');
  await expectFitsAndAccessible(adminPage);
  await admin.close();
});

import { expect, test } from '@playwright/test';
import { storylineTincanXml } from '../test/xapi-packages.js';
import { expectAccessible } from './accessibility.js';
import { serverForThisFile } from './server.js';
import { expectFirstPartStatus, expectFitsAndAccessible, firstVisitorRow, playAsVisitor, shareCourseZip } from './space-helper.js';

// An xAPI course shared by a public link: the visitor without an account plays it on a phone; the
// course reads the launch parameters from its address and posts its statements to the endpoint
// they name, as authoring tools' courses do; the LRS keeps none of them, and the member sees the
// visitor's pass and the last slide in the link's analytics.

const server = serverForThisFile();
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
  const name = 'brandschutz-xapi.zip';
  const { admin, adminPage, itemId, url, shareId } = await shareCourseZip(browser, server, name, [
    { name: 'tincan.xml', data: storylineTincanXml('Brandschutz') },
    { name: 'story.html', data: story },
  ]);
  const { visitor, tab, content } = await playAsVisitor(browser, url);
  await expect(content.getByRole('heading', { name: 'Brandschutz' })).toBeVisible({ timeout: 30_000 });
  await expect(content.getByText('Gespeichert')).toBeVisible();
  await expect(tab.getByText('Vorschau: Was Sie hier tun, wird nicht aufgezeichnet.')).toHaveCount(0);
  await expectAccessible(tab);
  await visitor.close();

  await expectFirstPartStatus(adminPage.request, server.url, shareId, 'passed');
  const row = await firstVisitorRow(adminPage, server.url, itemId, name);
  await expect(row.getByRole('cell').nth(3)).toHaveText('1 of 1');
  await expect(row.getByRole('cell').nth(4)).toHaveText('Brandschutz – Fluchtwege');
  await expectFitsAndAccessible(adminPage);
  await admin.close();
});

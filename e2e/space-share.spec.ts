import { expect, test, type Browser } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';
import { solidPng } from './space-helper.js';

// A share link as its visitor meets it: no session, a phone, German or English, a password first.

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

const PHONE = { width: 390, height: 844 };
const PASSWORD = 'Share-Secret-2031';
async function sharedLink(browser: Browser): Promise<string> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const bytes = solidPng(1600, 1, [120, 120, 120]);
  const started = await page.request.post(`${server.url}/api/space/uploads`, { data: { fileName: 'Lageplan.png', totalBytes: bytes.length } });
  expect(started.status()).toBe(201);
  const { id } = (await started.json()) as { id: string };
  const chunk = await page.request.put(`${server.url}/api/space/uploads/${id}`, { headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` }, data: bytes });
  expect(chunk.status()).toBe(200);
  const done = await page.request.post(`${server.url}/api/space/uploads/${id}/complete`);
  expect(done.status()).toBe(201);
  const share = await page.request.post(`${server.url}/api/space/items/${((await done.json()) as { id: string }).id}/shares`, { data: { password: PASSWORD } });
  expect(share.status()).toBe(201);
  const { url } = (await share.json()) as { url: string };
  await context.close();
  return url;
}

for (const [locale, words] of [
  ['de-DE', { title: 'Passwort erforderlich', label: 'Passwort', open: 'Öffnen', wrong: 'Das Passwort stimmt nicht.' }],
  ['en-GB', { title: 'Password required', label: 'Password', open: 'Open', wrong: 'The password is not right.' }],
] as const) {
  test(`a visitor without an account opens a password-protected link on a phone (${locale})`, async ({ browser }) => {
    const url = await sharedLink(browser);
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1, name: words.title })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel(words.label).fill('not-the-password');
    await page.getByRole('button', { name: words.open }).click();
    await expect(page.getByRole('alert')).toHaveText(words.wrong);
    await expectAccessible(page);
    await page.getByLabel(words.label).fill(PASSWORD);
    await page.getByRole('button', { name: words.open }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Lageplan.png' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'Lageplan.png' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page);
    await context.close();
  });
}

import { crc32, deflateSync } from 'node:zlib';
import { expect, test, type Browser } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

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
/** A PNG of 1600 × 1 pixels: wider than any phone. */
function widePng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1600, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(1600 * 3, 120)]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(row)), chunk('IEND', Buffer.alloc(0))]);
}

async function sharedLink(browser: Browser): Promise<string> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const bytes = widePng();
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

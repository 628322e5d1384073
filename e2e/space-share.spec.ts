import { expect, test, type Browser } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';
import { minimalDocx } from '../test/zip-fixtures.js';
import { expectFitsAndAccessible, onePagePdf, solidPng, uploadToSpace } from './space-helper.js';

// A share link as its visitor meets it: no session, a phone, German or English, a password first;
// and an Office file shown as the PDF uploaded beside it, to members and through a link.

const server = serverForThisFile();

const PHONE = { width: 390, height: 844 };
const PASSWORD = 'Share-Secret-2031';
async function sharedLink(browser: Browser): Promise<string> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const id = await uploadToSpace(page.request, server.url, 'Lageplan.png', solidPng(1600, 1, [120, 120, 120]));
  const share = await page.request.post(`${server.url}/api/space/items/${id}/shares`, { data: { password: PASSWORD } });
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

test('an Office file shows the PDF of the same name beside it, to a member and through a link (en, 390 px)', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'en');
  const id = await uploadToSpace(page.request, server.url, 'Fire drill.docx', await minimalDocx());
  await page.goto(`${server.url}/space/items/${id}`);
  await expect(page.getByText('This Office file is not shown in the browser.', { exact: false })).toBeVisible();
  const pdfId = await uploadToSpace(page.request, server.url, 'Fire drill.pdf', onePagePdf());
  await page.reload();
  const rendition = page.getByRole('link', { name: 'Open its PDF version in a new tab' });
  await expect(rendition).toHaveAttribute('href', new RegExp(`/api/space/items/${pdfId}/content`));
  await expectFitsAndAccessible(page);

  const share = await page.request.post(`${server.url}/api/space/items/${id}/shares`, { data: {} });
  const { url } = (await share.json()) as { url: string };
  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const tab = await visitor.newPage();
  await tab.goto(url);
  await expect(tab.getByText('Shown as its PDF version.')).toBeVisible();
  // The PDF viewer draws it, from the rendition's bytes.
  const viewer = tab.getByRole('region', { name: 'Fire drill.docx' });
  await expect(viewer.getByRole('group', { name: 'Page 1 of 1' })).toBeVisible();
  const source = (await viewer.getAttribute('data-pdf-src'))!;
  expect(source).toMatch(/\/content\?rendition=1$/);
  expect((await tab.request.get(new URL(source, url).toString())).headers()['content-type']).toBe('application/pdf');
  await expectFitsAndAccessible(tab);
  await visitor.close();
  await context.close();
});

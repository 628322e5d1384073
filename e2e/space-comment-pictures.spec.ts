import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';
import { onePagePdf, solidPng, uploadToSpace } from './space-helper.js';

// Screenshots on review comments: a member attaches a picture to a comment on a PDF (English, on a
// phone), sees it in the thread and opens it; a file that only pretends to be a picture is refused
// at the picker; a reply in German takes a picture too.

const server = serverForThisFile();
const PHONE = { width: 390, height: 844 };

test('a member attaches a screenshot to a comment and to a reply; a fake picture is refused (en, de, 390 px)', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const id = await uploadToSpace(page.request, server.url, 'Handbook.pdf', onePagePdf());
  await page.goto(`${server.url}/space/items/${id}`);
  const comments = page.getByRole('region', { name: 'Comments' });
  await expect(comments).toBeVisible();

  // Not a picture, whatever its name says.
  let chooser = page.waitForEvent('filechooser');
  await comments.getByRole('button', { name: 'Attach pictures' }).click();
  await (await chooser).setFiles({ name: 'shot.png', mimeType: 'image/png', buffer: onePagePdf() });
  await expect(comments.getByRole('alert')).toHaveText('An attachment must be a PNG, JPEG, GIF or WebP picture (a screenshot).');

  chooser = page.waitForEvent('filechooser');
  await comments.getByRole('button', { name: 'Attach pictures' }).click();
  await (await chooser).setFiles({ name: 'broken-table.png', mimeType: 'image/png', buffer: solidPng(64, 32, [200, 40, 40]) });
  const attached = comments.getByRole('list', { name: 'Attached pictures' });
  await expect(attached.getByRole('img', { name: 'broken-table.png' })).toBeVisible();
  await comments.getByRole('textbox', { name: /^Comment/ }).fill('The table on this page is cut off.');
  await comments.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.getByText('Your comment was added.')).toBeVisible();
  const pictures = comments.getByRole('list', { name: 'Pictures' });
  const thumbnail = pictures.getByRole('img', { name: 'broken-table.png' });
  await expect(thumbnail).toBeVisible();
  expect(await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expectAccessible(page);
  await context.close();

  // In German, a reply with a picture.
  const german = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const dePage = await german.newPage();
  await signIn(dePage, server.url, server.adminEmail, server.adminPassword, 'de');
  await dePage.goto(`${server.url}/space/items/${id}`);
  const kommentare = dePage.getByRole('region', { name: 'Kommentare' });
  await kommentare.getByRole('button', { name: / antworten \(/ }).first().click();
  const reply = dePage.waitForEvent('filechooser');
  await kommentare.getByRole('button', { name: 'Bilder anhängen' }).first().click();
  await (await reply).setFiles({ name: 'so-besser.png', mimeType: 'image/png', buffer: solidPng(20, 20, [40, 160, 40]) });
  await expect(kommentare.getByRole('list', { name: 'Angehängte Bilder' }).getByRole('img', { name: 'so-besser.png' })).toBeVisible();
  await kommentare.getByRole('textbox', { name: /^Ihre Antwort/ }).fill('So sieht es richtig aus.');
  await kommentare.getByRole('button', { name: 'Antwort senden' }).click();
  await expect(kommentare.getByRole('img', { name: 'so-besser.png' })).toBeVisible();
  await expectAccessible(dePage);
  await german.close();
});

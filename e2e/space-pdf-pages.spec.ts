import { expect, test } from '@playwright/test';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';
import { expectFitsAndAccessible, expectSmallPictureInList, linkedPdf, sharePublicly, textPdf, uploadToSpace } from './space-helper.js';

// A PDF shared by a public link: a visitor on a phone, in German, reads it in the page's PDF viewer
// (pages drawn, their text there for screen readers), looks at pages 1 and 3, and leaves; the page
// reports as it goes, and the member sees which pages the visitor saw, per viewer and per page; the
// member's own visit gives the PDF its small picture.
const server = serverForThisFile();

const PHONE = { width: 390, height: 844 };

test('a visitor reads a shared PDF page by page (de, 390 px); the member sees the pages they saw, and the PDF gets a small picture (en)', async ({ browser }) => {
  const admin = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const page = await admin.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'en');
  const name = 'Evacuation plan.pdf';
  const id = await uploadToSpace(page.request, server.url, name, await textPdf(['Assembly point', 'Stairwell B', 'Fire doors', 'Roll call']));
  const { url, id: shareId } = await sharePublicly(page.request, server.url, id);

  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const tab = await visitor.newPage();
  const blocked: string[] = [];
  tab.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  await tab.goto(url);
  await expect(tab.getByRole('heading', { level: 1, name })).toBeVisible();
  const first = tab.getByRole('group', { name: 'Seite 1 von 4' });
  await expect(first).toBeVisible();
  await expect(tab.getByRole('group', { name: /^Seite \d von 4$/ })).toHaveCount(4);
  // The page is drawn, and its text is there (as a screen reader reads it), from a font the PDF names but does not embed.
  await expect(first.locator('canvas')).toHaveCount(1);
  await expect(first.getByText('Assembly point')).toBeAttached();
  await expectFitsAndAccessible(tab);

  // Page 1 is in view on arrival; then page 3, straight away, long enough to count.
  const holder = tab.locator('[data-pdf-src]');
  await expect(holder).toHaveAttribute('data-pages-seen', '1');
  await tab.getByRole('group', { name: 'Seite 3 von 4' }).scrollIntoViewIfNeeded();
  await expect(tab.getByRole('group', { name: 'Seite 3 von 4' }).getByText('Fire doors')).toBeAttached();
  await expect(holder).toHaveAttribute('data-pages-seen', '1 3', { timeout: 5000 });
  // Leaving the page (well before its first 15-second report) sends what it has seen.
  await tab.goto('about:blank');
  expect(blocked).toEqual([]);
  // A file that calls itself a PDF but that PDF.js cannot read: the page says so and keeps the way to the file.
  const broken = await uploadToSpace(page.request, server.url, 'Broken.pdf', Buffer.from('%PDF-1.7\nnot really a document\n'));
  const brokenLink = await sharePublicly(page.request, server.url, broken);
  await tab.goto(brokenLink.url);
  await expect(tab.getByRole('alert')).toHaveText('Das PDF kann hier nicht gezeigt werden.');
  await expect(tab.getByRole('link', { name: 'PDF öffnen' })).toBeVisible();
  await expectFitsAndAccessible(tab);

  await expect
    .poll(async () => ((await (await page.request.get(`${server.url}/api/space/shares/${shareId}/analytics`)).json()) as { byViewer: { pdf: unknown }[] }).byViewer[0]?.pdf ?? null, { timeout: 15_000 })
    .toEqual({ seen: [1, 3], pageCount: 4 });
  await visitor.close();

  await page.goto(`${server.url}/space/items/${id}`);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Share “${name}”` });
  const card = dialog.getByRole('list', { name: 'Links' }).getByRole('listitem').first();
  await card.getByRole('button', { name: /^Show views of the link of / }).click();
  const row = card.getByRole('table', { name: 'Viewers of the link' }).getByRole('row', { name: /Visitor 1/ });
  await expect(row.getByRole('cell').nth(3)).toHaveText('2 of 4');
  await expect(row.getByRole('cell').nth(4)).toHaveText('1, 3');
  await expect(card.getByRole('img', { name: 'Viewers per page of the PDF, 4 pages: most on page 1 (1); the last page was seen by 0.' })).toBeVisible();
  const perPage = card.getByRole('table', { name: 'Viewers per page of the PDF' });
  await expect(perPage.getByRole('row')).toHaveCount(5);
  await expect(perPage.getByRole('row').nth(3).getByRole('cell')).toHaveText(['1']);
  await expectFitsAndAccessible(page);

  // The member's visit to the PDF's page gave it a small picture (its first page, drawn by this browser), which the list shows.
  await expectSmallPictureInList(page, server.url, id, name);
  await admin.close();
});

test('a long PDF holds only the pages near the window: far ones are let go and drawn again on the way back (en, 390 px)', async ({ browser }) => {
  const admin = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const page = await admin.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'en');
  const pages = Array.from({ length: 20 }, (_, index) => `Chapter ${index + 1}`);
  const id = await uploadToSpace(page.request, server.url, 'Manual.pdf', await textPdf(pages));
  const { url } = await sharePublicly(page.request, server.url, id);
  await admin.close();

  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const tab = await visitor.newPage();
  await tab.goto(url);
  const first = tab.getByRole('group', { name: 'Page 1 of 20' });
  const last = tab.getByRole('group', { name: 'Page 20 of 20' });
  await expect(first.getByText('Chapter 1', { exact: true })).toBeAttached();
  await expect(last.locator('canvas')).toHaveCount(0);
  await last.scrollIntoViewIfNeeded();
  await expect(last.getByText('Chapter 20')).toBeAttached();
  await expect(first.locator('canvas')).toHaveCount(0);
  await first.scrollIntoViewIfNeeded();
  await expect(first.getByText('Chapter 1', { exact: true })).toBeAttached();
  await expect(first.locator('canvas')).toHaveCount(1);
  await expectFitsAndAccessible(tab);
  await visitor.close();
});

test("a shared PDF's links work: a web address in a new tab that learns nothing of the page, a page of the document by keyboard; a javascript: link is not offered (de, 390 px)", async ({ browser }) => {
  const admin = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const page = await admin.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'en');
  const id = await uploadToSpace(page.request, server.url, 'Handbook.pdf', await linkedPdf());
  const { url } = await sharePublicly(page.request, server.url, id);
  await admin.close();

  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const tab = await visitor.newPage();
  await tab.goto(url);
  const first = tab.getByRole('group', { name: 'Seite 1 von 3' });
  const web = first.getByRole('link', { name: 'https://example.com/handbook' });
  await expect(web).toHaveAttribute('href', 'https://example.com/handbook');
  await expect(web).toHaveAttribute('target', '_blank');
  await expect(web).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  // Where the PDF puts it: over its words.
  const box = (await web.boundingBox())!;
  const words = (await first.getByText('The handbook online').boundingBox())!;
  expect(Math.abs(box.y - words.y)).toBeLessThan(words.height);
  expect(box.x).toBeLessThanOrEqual(words.x + 1);
  // Two links only: the javascript: one is not there.
  await expect(first.getByRole('link')).toHaveCount(2);
  await expect(tab.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expectFitsAndAccessible(tab);
  // By keyboard: the link to page 3 takes the reader (and the focus) there.
  const toExits = first.getByRole('link', { name: 'Zu Seite 3' });
  await toExits.focus();
  await tab.keyboard.press('Enter');
  const third = tab.getByRole('group', { name: 'Seite 3 von 3' });
  await expect(third).toBeFocused();
  await expect(third).toBeInViewport();
  await expect(third.getByText('Exits', { exact: true })).toBeAttached();
  await visitor.close();
});

import { expect, test } from '@playwright/test';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';
import { expectFitsAndAccessible, expectSmallPictureInList, uploadToSpace, VIDEO } from './space-helper.js';

// A share link's views, end to end: a visitor opens a shared video on a phone and plays it; the
// page reports while it is open; the member sees the visitor, the time and how
// much was played under the link's "Show views", in English at 390 px, axe clean.
const server = serverForThisFile();

const PHONE = { width: 390, height: 844 };

test('a member sees who viewed a shared video, for how long and how much of it they played; the video gets a small picture (en, 390 px)', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'en');
  const name = 'walkthrough.webm';
  const id = await uploadToSpace(page.request, server.url, name, VIDEO);
  const created = await page.request.post(`${server.url}/api/space/items/${id}/shares`, { data: { audience: 'public' } });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()) as { url: string };

  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const tab = await visitor.newPage();
  await tab.goto(url);
  await expect(tab.getByRole('heading', { level: 1, name })).toBeVisible();
  // Played to the end (muted, as a page may start a video without a click).
  await tab.evaluate(async () => {
    const video = document.querySelector('video')!;
    video.muted = true;
    await video.play();
    await new Promise((resolve) => video.addEventListener('ended', resolve, { once: true }));
  });
  // The page reports every 15 seconds while it is visible.
  await tab.waitForRequest((request) => request.method() === 'POST' && /\/views\//.test(request.url()), { timeout: 20_000 });
  const shareId = ((await created.json()) as { id: string }).id;
  await expect
    .poll(async () => ((await (await page.request.get(`${server.url}/api/space/shares/${shareId}/analytics`)).json()) as { byViewer: { watchedPercent: number | null }[] }).byViewer[0]?.watchedPercent ?? null, { timeout: 15_000 })
    .not.toBeNull();
  await visitor.close();

  await page.goto(`${server.url}/space/items/${id}`);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Share “${name}”` });
  const card = dialog.getByRole('list', { name: 'Links' }).getByRole('listitem').first();
  await card.getByRole('button', { name: /^Show views of the link of / }).click();
  const viewers = card.getByRole('table', { name: 'Viewers of the link' });
  const row = viewers.getByRole('row', { name: /Visitor 1/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(1)).toHaveText('1');
  // Six seconds of video, played through: most of it (the browser's ranges end near the end).
  await expect(row.getByRole('cell').nth(3)).toHaveText(/^(9\d|100) %$/);
  // …and got to the end (or nearly).
  await expect(row.getByRole('cell').nth(4)).toHaveText(/^(9\d|100) %$/);
  await expect(card.getByRole('img', { name: /^Opens per day over the last 30 days: 1 in all/ })).toBeVisible();
  // The chart's days for screen readers: today, one open by one viewer.
  const perDay = card.getByRole('table', { name: 'Opens and viewers on the days with opens, last 30 days' });
  await expect(perDay.getByRole('row')).toHaveCount(2);
  await expect(perDay.getByRole('row').nth(1).getByRole('cell')).toHaveText(['1', '1']);
  await expectFitsAndAccessible(page);

  // The member's visit to the video's page gave it a small picture (a frame this browser took), which the list shows.
  await expectSmallPictureInList(page, server.url, id, name);
  await context.close();
});

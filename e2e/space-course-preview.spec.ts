import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { oneScoPackage } from './package-import-helper.js';
import { createPerson } from './people-helper.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';
import { uploadToSpace } from './space-helper.js';

// A course package in the Space library plays in Learn's player as a preview: a commentator (no
// Learn role at all) opens it from the file's page on a phone, in German; an older version opens
// from the version list; nothing is recorded.

const server = serverForThisFile();

const PHONE = { width: 390, height: 844 };
const lesson = (text: string) => `<!doctype html><html lang="de"><head><title>${text}</title></head><body><h1>${text}</h1></body></html>`;

test('a commentator plays a course of the library, the current and an older version, on a phone (de)', async ({ browser }) => {
  const admin = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const adminPage = await admin.newPage();
  await signIn(adminPage, server.url, server.adminEmail, server.adminPassword);
  const first = await readFile(await oneScoPackage('Brandschutz', lesson('Fluchtwege, Fassung 1')));
  const itemId = await uploadToSpace(adminPage.request, server.url, 'brandschutz.zip', first);
  const second = await readFile(await oneScoPackage('Brandschutz', lesson('Fluchtwege, Fassung 2')));
  await uploadToSpace(adminPage.request, server.url, 'brandschutz.zip', second, itemId);
  const reviewer = { email: 'clara.preview@example.test', firstName: 'Clara', lastName: 'Vorschau', roles: ['learner'], password: 'Careful-Viewer-2031' };
  const reviewerId = await createPerson(adminPage.request, server.url, reviewer);
  expect((await adminPage.request.put(`${server.url}/api/space/members`, { data: { userId: reviewerId, role: 'commentator' } })).ok()).toBe(true);
  await admin.close();

  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, server.url, reviewer.email, reviewer.password, 'de');
  await page.goto(`${server.url}/space/items/${itemId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'brandschutz.zip' })).toBeVisible();
  await expect(page.getByText('Ein Kurspaket läuft hier als Vorschau')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Kurs abspielen' }).click();
  await expect(page).toHaveURL(new RegExp(`/play/space/${itemId}$`));
  const content = page.locator('iframe[title^="Kursinhalt"]').contentFrame().frameLocator('iframe');
  await expect(content.getByRole('heading', { name: 'Fluchtwege, Fassung 2' })).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expectAccessible(page);

  // Leaving the player goes back to the file.
  await page.getByRole('button', { name: 'Beenden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'brandschutz.zip' })).toBeVisible();

  // Version 1, from the version list.
  await page.getByRole('button', { name: 'Versionen' }).click();
  await page.getByRole('link', { name: 'Version 1 im Kursplayer abspielen' }).click();
  await expect(page).toHaveURL(new RegExp(`/play/space/${itemId}\\?version=1$`));
  await expect(page.locator('iframe[title^="Kursinhalt"]').contentFrame().frameLocator('iframe').getByRole('heading', { name: 'Fluchtwege, Fassung 1' })).toBeVisible({ timeout: 30_000 });
  await context.close();
});

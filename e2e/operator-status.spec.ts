import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { startServer, type RunningServer } from './server.js';

// The platform operators' status page: served to the monitoring addresses (loopback here), it
// shows what the built-in monitor's first round found, in German or English, readable at 390 px
// and by a screen reader (tables with headers).
let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

test('German at 390 px: components, alerts and history as tables; accessible', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE', ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  // The first round runs once the job worker has started: reload until the database is listed.
  await expect(async () => {
    await page.goto(`${server.url}/operator/status`);
    await expect(page.getByRole('table', { name: 'Komponenten' }).getByRole('row', { name: /^database/ })).toContainText('OK', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Plattformstatus', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Aktuelle Alarme' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Komponenten' }).getByRole('columnheader', { name: 'Meldung' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(page);
  await context.close();
});

test('English on a desktop', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-GB', ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await expect(async () => {
    await page.goto(`${server.url}/operator/status`);
    await expect(page.getByRole('table', { name: 'Components' }).getByRole('row', { name: /^database/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Platform status', level: 1 })).toBeVisible();
  await expectAccessible(page);
  await context.close();
});

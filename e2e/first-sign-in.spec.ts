import { statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from './server.js';

// The first administrator of a production start: the password comes from a file only the
// server's user can read, works for one sign-in, and the sign-in asks for their own at once.
let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer({ firstSignIn: 'leave' });
});
test.afterAll(async () => {
  await server.stop();
});

test('the step is in German too, and signing out from it leaves the password as it was', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE', ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('E-Mail', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Passwort', { exact: true }).fill(server.initialAdminPassword);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Wählen Sie Ihr Passwort' })).toBeVisible();
  await expect(page.getByText('wurde für Sie festgelegt')).toBeVisible();
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
  await context.close();
});

test('the first sign-in with the password from the file asks for a new password before anything else', async ({ page }) => {
  expect(statSync(server.initialAdminPasswordFile).mode & 0o777).toBe(0o600);

  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('E-mail', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(server.initialAdminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await expect(page.getByText('The password you signed in with was set for you')).toBeVisible();
  // The password just typed is not asked for again.
  await expect(page.getByLabel('Current password', { exact: true })).toHaveCount(0);

  // Any other page leads back here; after a reload the current password is asked for.
  await page.goto(`${server.url}/users`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers$/);
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await page.getByLabel('Current password', { exact: true }).fill(server.initialAdminPassword);

  // The password set for them cannot stay in use.
  await page.getByLabel('New password', { exact: true }).fill(server.initialAdminPassword);
  await page.getByLabel('Repeat the new password', { exact: true }).fill(server.initialAdminPassword);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByText('same as the current password')).toBeVisible();

  await page.getByLabel('New password', { exact: true }).fill('Northern-Star-2031');
  await page.getByLabel('Repeat the new password', { exact: true }).fill('Northern-Star-2031');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page).toHaveURL(`${server.url}/users`);
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  // The password from the file no longer works; the new one does, with no further step.
  await page.context().clearCookies();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('E-mail', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(server.initialAdminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('The e-mail address or password is wrong.')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('Northern-Star-2031');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Demo' })).toBeVisible();
});

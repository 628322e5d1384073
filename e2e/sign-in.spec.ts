import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

/** Collects every Content-Security-Policy complaint and page error the browser reports. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

test('a newcomer signs in and reaches the admin dashboard', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`${server.url}/`);
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await page.getByLabel('E-mail', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { name: 'Welcome, Demo' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' })).toBeVisible();
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === '__Host-lectern_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(problems).toEqual([]);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Welcome, Demo' })).toBeVisible();
});

test('a wrong password is refused with a message, and nothing is signed in', async ({ page }) => {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('E-mail', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill('Not-The-Password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The e-mail address or password is wrong.');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the UI speaks German on request, and sign-out returns to the sign-in page', async ({ page }) => {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('E-mail', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Demo' })).toBeVisible();

  await page.getByRole('button', { name: /: language /i }).click();
  await page.getByRole('menuitem', { name: 'Deutsch' }).click();
  await expect(page.getByRole('heading', { name: 'Willkommen, Demo' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  // Whatever the signed-in pages leave in storage goes with the session; the language choice stays.
  await page.evaluate(() => {
    localStorage.setItem('left-behind', 'personal data');
    sessionStorage.setItem('left-behind', 'personal data');
  });
  await page.getByRole('button', { name: /: Konto$/ }).click();
  await page.getByRole('menuitem', { name: 'Abmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
  const storage = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
  expect(storage).toEqual({ local: { 'lectern.language': 'de' }, session: {} });
  await page.goto(`${server.url}/`);
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
});

test('a German browser gets the German sign-in page', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
  await expect(page.getByLabel('Passwort', { exact: true })).toBeVisible();
  await context.close();
});

test('plain HTTP is redirected to HTTPS, where the session cookie is Secure', async ({ page }) => {
  await page.goto(`http://localhost:${server.port}/sign-in`);
  await expect(page).toHaveURL(`${server.url}/sign-in`);
  await page.getByLabel('E-mail', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Demo' })).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === '__Host-lectern_session');
  // __Host-: the browser keeps it only for this host (no Domain), Path=/ and Secure.
  expect(cookie).toMatchObject({ secure: true, httpOnly: true, path: '/', domain: 'localhost' });
});

test('an unknown host shows a clear page instead of a default site', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${server.port}/`);
  await expect(page.getByRole('heading', { name: 'Error 404' })).toBeVisible();
  await expect(page.getByText('No Lectern site is set up at this address.')).toBeVisible();
});

test('the API reference page works under the strict CSP', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`${server.url}/api/docs/`);
  await expect(page.getByRole('heading', { name: /Lectern API/ })).toBeVisible();
  await expect(page.getByText('/api/auth/sign-in').first()).toBeVisible();
  expect(problems).toEqual([]);
  await page.screenshot({ path: 'test-results/api-docs.png' });
});

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// Platform staff in a real browser: the operator console on its own host (password, then the
// mandatory second factor), a just-in-time grant, the form post that opens the site, the site's
// administrator seeing the grant and every request under Operator access, and revoking it: the
// staff member's next request finds no session.
let server: RunningServer;
let staffPassword: string;
const STAFF = 'olga@ops.test';
let staffTotpSecret: string | undefined;
let lastTotpCode: string | undefined;

test.beforeAll(async () => {
  server = await startServer({ env: { LECTERN_OPERATOR_HOST: 'ops.localhost' } });
  // Staff are added with the CLI, which the embedded database admits while no server holds it.
  await server.shutDown();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LECTERN_') && k !== 'DATABASE_URL'));
  const out = execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../bin/lectern.js'), 'staff', 'add', '--email', STAFF, '--name', 'Olga Ops'], {
    env: { ...env, DATA_DIR: server.dataDir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  staffPassword = /shown once: (\S+)/.exec(out)![1]!;
  await server.restart();
});
test.afterAll(async () => {
  await server.stop();
});

const consoleUrl = () => `https://ops.localhost:${server.httpsPort}`;

async function signInToConsole(page: Page): Promise<void> {
  await page.goto(`${consoleUrl()}/operator/sign-in`);
  await expectAccessible(page);
  await page.getByLabel('E-mail address').fill(STAFF);
  await page.getByLabel('Password').fill(staffPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Second factor' })).toBeVisible();
  await expectAccessible(page);
  // The first sign-in enrols the second factor (its secret is shown once); later ones ask for a code.
  staffTotpSecret ??= (await page.locator('code').textContent())!.trim();
  const totp = new TOTP({ secret: Secret.fromBase32(staffTotpSecret), digits: 6, period: 30, algorithm: 'SHA1' });
  // A code is taken once: wait for the next one when this period's was used.
  if (totp.generate() === lastTotpCode) await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
  lastTotpCode = totp.generate();
  await page.getByLabel('Six-digit code').fill(lastTotpCode);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'Operator console: Olga Ops' })).toBeVisible();
}

/** Requests a grant on the demo site in the console; the table of the staff member's grants. */
async function requestGrant(page: Page, scope: 'support_read' | 'admin', reason: string, ticket: string): Promise<Locator> {
  await page.getByLabel('Site (its short name)').fill('demo');
  await page.getByLabel('Scope').selectOption(scope);
  await page.getByLabel('Reason (at least 10 characters)').fill(reason);
  await page.getByLabel('Ticket reference').fill(ticket);
  await page.getByRole('button', { name: 'Request access' }).click();
  return page.getByRole('table', { name: 'My access grants' });
}

test('a grant opens the site from the console; the site sees it and revokes it; the next request is refused', async ({ browser }) => {
  const staff = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: { width: 390, height: 844 } });
  const staffPage = await staff.newPage();
  await signInToConsole(staffPage);
  await expect(staffPage.getByText('You hold no grant.')).toBeVisible();

  const grants = await requestGrant(staffPage, 'support_read', 'Customer reports an empty report page', 'SUP-4711');
  await expect(grants).toContainText('running');
  await expectAccessible(staffPage);
  await expect.poll(() => staffPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await grants.getByRole('button', { name: /Open site/ }).click();
  await staffPage.getByRole('button', { name: /Continue to Demo/ }).click();
  await expect(staffPage).toHaveURL(new RegExp(`^https://localhost:${server.httpsPort}/`));
  await staffPage.goto(`https://localhost:${server.httpsPort}/users`);
  await expect(staffPage.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  const admin = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const adminPage = await admin.newPage();
  await signIn(adminPage, server.url, server.adminEmail, server.adminPassword);
  await adminPage.goto(`${server.url}/staff-access`);
  await expect(adminPage.getByRole('heading', { name: 'Operator access', level: 1 })).toBeVisible();
  const siteGrants = adminPage.getByRole('table', { name: 'Access grants' });
  await expect(siteGrants).toContainText('Olga Ops');
  await expect(siteGrants).toContainText('Read-only support');
  await expect(adminPage.getByRole('table', { name: 'Access transparency log' })).toContainText('Signed in to the site');
  await expectAccessible(adminPage);

  await siteGrants.getByRole('button', { name: 'Revoke the grant of Olga Ops' }).click();
  await adminPage.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(siteGrants).toContainText('Revoked');

  // The staff member's very next request on the site finds no session.
  const answer = await staffPage.request.get(`https://localhost:${server.httpsPort}/api/admin/users`);
  expect(answer.status()).toBe(401);
  await staff.close();
  await admin.close();
});

test('under an admin grant the course page has no preview, the store no coupon button and no payment form: each would outlast the grant or is the site’s', async ({ browser }) => {
  const staff = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const staffPage = await staff.newPage();
  await signInToConsole(staffPage);
  const grant = (await requestGrant(staffPage, 'admin', 'Customer asks why a sale did not arrive', 'SUP-4712')).getByRole('row').filter({ hasText: 'SUP-4712' });
  await expect(grant).toContainText('running');
  await grant.getByRole('button', { name: /Open site/ }).click();
  await staffPage.getByRole('button', { name: /Continue to Demo/ }).click();
  await expect(staffPage).toHaveURL(new RegExp(`^https://localhost:${server.httpsPort}/`));

  // The site's administrator, for comparison, has both.
  const admin = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const adminPage = await admin.newPage();
  await signIn(adminPage, server.url, server.adminEmail, server.adminPassword);
  const zip = await buildScormPackage('1.2', 'Grant preview', [{ id: 'SCO-1', title: 'Lesson 1' }]);
  await importPackage(adminPage, zip, 'Grant preview');
  const coursePath = new URL(adminPage.url()).pathname;
  for (const page of [adminPage, staffPage]) {
    const origin = page === adminPage ? server.url : `https://localhost:${server.httpsPort}`;
    // The player's credential would be bound to a session of the site's people, which staff have none of.
    await page.goto(`${origin}${coursePath}`);
    await expect(page.getByRole('heading', { name: 'Grant preview', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Preview' })).toHaveCount(page === adminPage ? 2 : 0);
    await page.goto(`${origin}/market/coupons`);
    await expect(page.getByRole('heading', { name: 'Coupons', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New coupon' })).toHaveCount(page === adminPage ? 1 : 0);
    await page.goto(`${origin}/market/payments`);
    await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
    await expect(page.getByText('Not connected')).toBeVisible();
    await expect(page.getByRole('form', { name: 'Connect Stripe' })).toHaveCount(page === adminPage ? 1 : 0);
  }
  await expectAccessible(staffPage);
  await staff.close();
  await admin.close();
});

test('the console answers only on its own host; German at the console', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE' });
  const page = await context.newPage();
  expect((await page.request.get(`${server.url}/operator/sign-in`)).status()).toBe(404);
  await page.goto(`${consoleUrl()}/operator/sign-in`);
  await expect(page.getByRole('heading', { name: 'Anmelden', level: 1 })).toBeVisible();
  await page.getByLabel('E-Mail-Adresse').fill(STAFF);
  await page.getByLabel('Passwort').fill('wrong-Password-1');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort ist falsch.');
  await expectAccessible(page);
  await context.close();
});

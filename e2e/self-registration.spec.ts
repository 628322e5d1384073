import { expect, test } from '@playwright/test';
import { sentTo, tokenFromMail } from '../test/smtp-server.js';
import { expectAccessible } from './accessibility.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signIn } from './sign-in-helper.js';

// Self-registration: off until the administrator opens it in the settings, for one domain; then the
// sign-in page offers "Create one"; an address of another domain is refused on its field; an
// allowed one gets a mail whose link confirms the address by choosing the password; the new
// learner signs in. English and German, 390 px, axe-core.

const PASSWORD = 'Meadow-Lantern-58';

const running = serverWithMailForThisFile();

test('the administrator opens registration for a domain; a newcomer registers, confirms by mail and signs in', async ({ page, browser }) => {
  // Closed by default: the sign-in page does not offer it, the page says so.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${running.server.url}/sign-in`);
  await expect(visitor.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'No account yet? Create one' })).toHaveCount(0);
  await visitor.goto(`${running.server.url}/register`);
  await expect(visitor.getByText('This site does not let you create an account yourself.')).toBeVisible();

  await signIn(page, running.server.url, running.server.adminEmail, running.server.adminPassword);
  await page.goto(`${running.server.url}/settings`);
  const section = page.getByRole('region', { name: 'Self-registration' });
  await section.getByRole('switch', { name: 'People may create their own account' }).check();
  const domains = section.getByLabel('Allowed e-mail domains');
  await domains.fill('@example.org');
  await domains.press('Enter');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByText('Allowed e-mail domains (entry 1): must be a domain such as example.com (without @)')).toBeVisible();
  await expectAccessible(page);
  await domains.press('Backspace');
  await domains.fill('example.org');
  await domains.press('Enter');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The settings were saved.')).toBeVisible();

  // A newcomer at 390 px.
  await visitor.setViewportSize({ width: 390, height: 844 });
  await visitor.goto(`${running.server.url}/sign-in`);
  await visitor.getByRole('link', { name: 'No account yet? Create one' }).click();
  await expect(visitor.getByRole('heading', { name: 'Create an account', level: 1 })).toBeVisible();
  await visitor.getByLabel('E-mail', { exact: true }).fill('nina@elsewhere.test');
  await visitor.getByLabel('First name').fill('Nina');
  await visitor.getByLabel('Last name').fill('Neu');
  await visitor.getByRole('button', { name: 'Create account' }).click();
  await expect(visitor.getByText(/E-mail address: Accounts on this site can only be created with an e-mail address of the organisation’s own domains/)).toBeVisible();
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(visitor);

  // In German, with an allowed address.
  await visitor.getByRole('button', { name: /: language /i }).click();
  await visitor.getByRole('menuitem', { name: 'Deutsch' }).click();
  await expect(visitor.getByRole('heading', { name: 'Konto anlegen', level: 1 })).toBeVisible();
  await visitor.getByLabel('E-Mail', { exact: true }).fill('nina@example.org');
  await visitor.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(visitor.getByText('Danke. Wenn nina@example.org hier verwendet werden kann, ist eine E-Mail mit einem Link unterwegs.', { exact: false })).toBeVisible();
  await expectAccessible(visitor);

  const mail = await running.smtp.waitForMail(sentTo('nina@example.org'), 20_000);
  expect(mail.subject).toMatch(/^Bestätigen Sie Ihr Konto bei /);
  await visitor.goto(`${running.server.url}/accept-invitation#token=${tokenFromMail(mail, '/accept-invitation')}`);
  await visitor.getByLabel('Ihr Passwort', { exact: true }).fill(PASSWORD);
  await visitor.getByLabel('Passwort wiederholen', { exact: true }).fill(PASSWORD);
  await visitor.getByRole('button', { name: 'Passwort festlegen' }).click();
  await expect(visitor.getByText('Ihr Passwort ist festgelegt.', { exact: false })).toBeVisible();

  await visitor.goto(`${running.server.url}/sign-in`);
  await visitor.getByLabel('E-Mail', { exact: true }).fill('nina@example.org');
  await visitor.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
  await visitor.getByRole('button', { name: 'Anmelden' }).click();
  await expect(visitor.getByRole('heading', { name: 'Willkommen, Nina' })).toBeVisible();
  await visitorContext.close();
});

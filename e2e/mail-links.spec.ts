import { expect, test } from '@playwright/test';
import { sentTo } from '../test/smtp-server.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signIn } from './sign-in-helper.js';

// The links in Lectern's e-mails, followed in a real browser: the mail goes through a real
// SMTP server with STARTTLS, the test reads the link from it and opens it.
const running = serverWithMailForThisFile();

/** The first link to `page` in the mail's text, pointed at the server under test (the token rides in the fragment). */
function linkFrom(text: string, page: string): string {
  const match = new RegExp(`https?://[^\\s/]+(${page}#token=[A-Za-z0-9_%-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${page} link in:\n${text}`);
  return `${running.server.url}${match[1]}`;
}

test('an invited user follows the e-mail link, chooses a password and signs in', async ({ page }) => {
  await signIn(page, running.server.url, running.server.adminEmail, running.server.adminPassword);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Invite user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite a user' });
  await dialog.getByLabel('E-mail', { exact: true }).fill('grace@example.com');
  await dialog.getByLabel('First name').fill('Grace');
  await dialog.getByLabel('Last name').fill('Hopper');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('An invitation was sent to grace@example.com.')).toBeVisible();

  const mail = await running.smtp.waitForMail(sentTo('grace@example.com'), 20_000);
  expect(mail.secure).toBe(true);
  await page.context().clearCookies();
  await page.goto(linkFrom(mail.text, '/accept-invitation'));
  await expect(page.getByRole('heading', { name: 'Welcome to Lectern' })).toBeVisible();
  // The token leaves the address bar at once (history, bookmarks, shared addresses).
  await expect(page).toHaveURL(`${running.server.url}/accept-invitation`);
  await page.getByLabel('Your password', { exact: true }).fill('Compiler-1952');
  await page.getByLabel('Repeat your password', { exact: true }).fill('Compiler-1952');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('Your password is set. You can now sign in.')).toBeVisible();

  await signIn(page, running.server.url, 'grace@example.com', 'Compiler-1952');
  // The link is single-use (here in the form mailed before, with the token in the query: it is read and removed too).
  await page.context().clearCookies();
  await page.goto(linkFrom(mail.text, '/accept-invitation').replace('#token=', '?token='));
  await expect(page.getByRole('heading', { name: 'Welcome to Lectern' })).toBeVisible();
  await expect(page).toHaveURL(`${running.server.url}/accept-invitation`);
  await page.getByLabel('Your password', { exact: true }).fill('Compiler-1953');
  await page.getByLabel('Repeat your password', { exact: true }).fill('Compiler-1953');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByText('Your password is set. You can now sign in.')).toHaveCount(0);
});

test('a user who forgot the password gets a link by e-mail, sets a new one and signs in with it', async ({ page }) => {
  await page.goto(`${running.server.url}/sign-in`);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('E-mail', { exact: true }).fill(running.server.adminEmail);
  await page.getByRole('button', { name: 'Send link' }).click();
  await expect(page.getByText(/If an account exists for this address/)).toBeVisible();

  const mail = await running.smtp.waitForMail((m) => sentTo(running.server.adminEmail)(m) && /reset-password#token=/.test(m.text), 20_000);
  await page.goto(linkFrom(mail.text, '/reset-password'));
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page).toHaveURL(`${running.server.url}/reset-password`);
  // Reloading the page keeps the link working; the token does not come back into the address.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page).toHaveURL(`${running.server.url}/reset-password`);
  await page.getByLabel('New password', { exact: true }).fill('Lovelace-1843');
  await page.getByLabel('Repeat the new password', { exact: true }).fill('Lovelace-1843');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText('Your password has been changed. Please sign in with your new password.')).toBeVisible();

  await signIn(page, running.server.url, running.server.adminEmail, 'Lovelace-1843');
});

import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// A site without a mail server: the administrator is told that mail is off, copies the
// invitation link and passes it on; the invitee opens it and chooses a password.
let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

test('without mail an administrator copies the invitation link; the invitee sets a password and the state goes from pending to accepted', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByText('Mail is off')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Invite user' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite a user' });
  await invite.getByLabel('E-mail', { exact: true }).fill('ada@example.com');
  await invite.getByLabel('First name').fill('Ada');
  await invite.getByLabel('Last name').fill('Byron');
  await invite.getByRole('button', { name: 'Send invitation' }).click();

  const handover = page.getByRole('dialog', { name: 'Invitation link' });
  await expect(handover.getByText('Mail is off')).toBeVisible();
  await expect(handover.getByText('No e-mail was sent.', { exact: false })).toBeVisible();
  await expectAccessible(page);
  await handover.getByRole('button', { name: 'Copy link' }).click();
  await expect(handover.getByRole('button', { name: 'Copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  // The site's own address, the link's token in the fragment.
  expect(link).toMatch(new RegExp(`^${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/accept-invitation#token=`));
  await expect(handover.getByRole('textbox', { name: 'Invitation link' })).toHaveValue(link);
  await handover.getByRole('button', { name: 'Close' }).last().click();

  const row = page.getByRole('row', { name: /ada@example\.com/ });
  await expect(row.getByText('Invitation pending')).toBeVisible();
  await expect(row.getByText('Active')).toHaveCount(0);

  // The invitee, in a browser of their own.
  const invitee = await context.browser()!.newContext({ ignoreHTTPSErrors: true });
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole('heading', { name: 'Welcome to Lectern' })).toBeVisible();
  await inviteePage.getByLabel('Your password', { exact: true }).fill('Analytical-1843');
  await inviteePage.getByLabel('Repeat your password', { exact: true }).fill('Analytical-1843');
  await inviteePage.getByRole('button', { name: 'Set password' }).click();
  await expect(inviteePage.getByText('Your password is set. You can now sign in.')).toBeVisible();
  await invitee.close();

  await page.reload();
  const accepted = page.getByRole('row', { name: /ada@example\.com/ });
  await expect(accepted.getByText('Active')).toBeVisible();
  await expect(accepted.getByText('Invitation pending')).toHaveCount(0);
});

test('without mail a CSV import with invitations lists each new user with their invitation link to copy', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Import from CSV' }).click();
  const panel = page.getByRole('region', { name: 'Import users from a CSV file' });
  const csv = ['email,first name,last name', 'kim@example.com,Kim,Kurz', 'lou@example.com,Lou,Lang'].join('\n');
  await panel.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('2 users imported');
  await expect(panel.getByText('No e-mail was sent. Copy each invitation link')).toBeVisible();
  const links = panel.getByRole('table', { name: 'Invitation links' });
  await expect(links.getByRole('row')).toHaveCount(2);
  await links.getByRole('button', { name: 'Copy the invitation link for lou@example.com' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/accept-invitation#/);
  await expectAccessible(page);

  // The link is Lou's: it opens the page that lets them choose a password.
  const invitee = await context.browser()!.newContext({ ignoreHTTPSErrors: true });
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole('heading', { name: 'Welcome to Lectern' })).toBeVisible();
  await invitee.close();
});

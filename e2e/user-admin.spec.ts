import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';

// The user administration beyond the list: several users at once (add to a group, deactivate),
// one user's page (profile edit, groups, courses), and deleting a user with what it takes along
// said first.
const server = serverForThisFile();

test('an administrator acts on several users at once, edits one on their page and deletes another', async ({ page }) => {
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  for (const [email, firstName] of [
    ['nina@example.com', 'Nina'],
    ['omar@example.com', 'Omar'],
  ] as const) {
    const res = await page.request.post(`${server.url}/api/admin/users`, { data: { email, firstName, lastName: 'Newcomer', roles: ['learner'] } });
    expect(res.status()).toBe(201);
    // Mail is off: the answer holds the invitation link; Nina accepts hers, Omar has not yet.
    if (firstName === 'Nina') {
      const token = new URLSearchParams(new URL((await res.json() as { link: string }).link).hash.slice(1)).get('token');
      expect((await page.request.post(`${server.url}/api/auth/invitation/accept`, { data: { token, password: 'Night-Owl-2031' } })).ok()).toBe(true);
    }
  }
  expect((await page.request.post(`${server.url}/api/admin/groups`, { data: { name: 'Night shift' } })).status()).toBe(201);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('searchbox', { name: 'Search name or e-mail' }).fill('newcomer');
  const table = page.getByRole('table', { name: 'Users' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await table.getByRole('checkbox', { name: 'Select Nina Newcomer' }).check();
  await table.getByRole('checkbox', { name: 'Select Omar Newcomer' }).check();
  const bulk = page.getByRole('region', { name: 'Actions for the selected users' });
  await expect(bulk).toContainText('2 users selected');
  await expectAccessible(page);

  // A password reset for both: Omar has no password yet (his invitation is pending), so nothing is sent.
  await bulk.getByRole('button', { name: 'Send password reset' }).click();
  const ask = page.getByRole('dialog', { name: 'Send 2 users a password reset link each?' });
  await ask.getByRole('button', { name: 'Send password reset' }).click();
  await expect(ask.getByRole('alert')).toContainText('has not accepted their invitation');
  // The question names who refused it, not only the place in the list.
  await expect(ask.getByRole('alert').getByRole('listitem')).toHaveText(/^Omar Newcomer: /);
  await expectAccessible(page);
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await table.getByRole('checkbox', { name: 'Select Omar Newcomer' }).uncheck();
  await bulk.getByRole('button', { name: 'Send password reset' }).click();
  await page.getByRole('dialog', { name: 'Send 1 user a password reset link?' }).getByRole('button', { name: 'Send password reset' }).click();
  // Mail is off: the link is handed over to copy.
  const links = page.getByRole('dialog', { name: 'Password reset links' });
  await expect(links.getByLabel('Password reset link for nina@example.com')).toHaveValue(/\/reset-password#token=/);
  await expectAccessible(page);
  // At 390 px the link and its copy button stay inside the dialog.
  await page.setViewportSize({ width: 390, height: 844 });
  const copy = await links.getByRole('button', { name: 'Copy the link for nina@example.com' }).boundingBox();
  const dialogBox = await links.boundingBox();
  expect(copy!.x + copy!.width).toBeLessThanOrEqual(dialogBox!.x + dialogBox!.width);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });
  await links.getByRole('button', { name: 'Close' }).last().click();
  await table.getByRole('checkbox', { name: 'Select Nina Newcomer' }).check();
  await table.getByRole('checkbox', { name: 'Select Omar Newcomer' }).check();

  // The list as it is filtered, as a CSV file the import reads back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('users.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFFemail,first name,last name,roles,status,invitation');
  expect(csv).toContain('nina@example.com,Nina,Newcomer,learner,active,accepted');
  expect(csv).toContain('omar@example.com,Omar,Newcomer,learner,active,pending');
  expect(csv).not.toContain(server.adminEmail);

  await bulk.getByLabel('Group').selectOption({ label: 'Night shift' });
  await bulk.getByRole('button', { name: 'Add to group' }).click();
  await expect(page.getByText('2 users added to Night shift.')).toBeVisible();
  await bulk.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByText('2 users changed.')).toBeVisible();
  await expect(table.getByRole('row', { name: /Nina Newcomer/ })).toContainText('Deactivated');

  // Nina's page: her group, no courses yet; a new last name.
  await table.getByRole('link', { name: 'Nina Newcomer' }).click();
  await expect(page.getByRole('heading', { name: 'Nina Newcomer', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Groups' })).toContainText('Night shift');
  await expect(page.getByText('Not enrolled in any course.')).toBeVisible();
  const profile = page.getByRole('form', { name: 'Profile' });
  await profile.getByLabel('Last name').fill('Nightingale');
  await profile.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  // An address someone else has: the field says so.
  await profile.getByLabel('E-mail').fill('omar@example.com');
  await profile.getByRole('button', { name: 'Save changes' }).click();
  await expect(profile.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Deleting says what goes with the user, then returns to the list.
  await page.getByRole('button', { name: 'Delete user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Nina Nightingale?' });
  await expect(dialog).toContainText('Their enrolments, progress, certificates, group memberships');
  await expect(dialog).toHaveCSS('opacity', '1');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Delete user' }).click();
  await expect(page.getByText('Nina Nightingale was deleted.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search name or e-mail' }).fill('newcomer');
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row')).toHaveCount(2);
});

import { expect, test } from '@playwright/test';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';

// Departments as an administrator builds them: a group, a sub-group inside it, a member added
// by search, and the parent's count that includes its sub-groups.
const server = serverForThisFile();

test('an administrator builds nested groups, adds a member by search and sees it counted in the parent', async ({ page }) => {
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Groups' }).click();
  await expect(page.getByRole('heading', { name: 'Groups', level: 1 })).toBeVisible();

  const create = page.getByRole('form', { name: 'New group' });
  await create.getByLabel('Name').fill('Sales');
  await create.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText('Group “Sales” created.')).toBeVisible();

  await create.getByLabel('Name').fill('Sales North');
  await create.getByLabel('Inside').selectOption({ label: 'Sales' });
  await create.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText('Group “Sales North” created.')).toBeVisible();

  // The new sub-group is selected: add the administrator to it.
  await page.getByRole('searchbox', { name: 'Search users' }).fill('admin');
  await page.getByRole('button', { name: 'Add Demo Administrator' }).click();
  await expect(page.getByText('Demo Administrator added.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Members' })).toContainText('admin@localhost.test');

  // The parent counts the sub-group's member.
  await expect(page.getByRole('navigation', { name: 'Groups and departments' })).toContainText('0 members, 1 with sub-groups');
  await expect(page.getByRole('navigation', { name: 'Groups and departments' })).toContainText('1 member, 1 with sub-groups');

  // A second group of the same name: the field says why, not only the name in red.
  await create.getByLabel('Name').fill('Sales');
  await create.getByLabel('Inside').selectOption({ label: '(top level)' });
  await create.getByRole('button', { name: 'Create group' }).click();
  await expect(create.getByText('Name: A group with this name exists already at this place.')).toBeVisible();
  await expect(create.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
});

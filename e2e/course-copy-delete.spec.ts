import { expect, test } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';

// A course is copied as a draft with its content, and a course that is not published can be
// deleted after a question that says what goes with it.
const server = serverForThisFile();

test('an administrator copies a published course and deletes the copy', async ({ page }) => {
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const zip = await buildScormPackage('1.2', 'Ladder safety', [{ id: 'SCO-1', title: 'Lesson 1' }]);
  await importPackage(page, zip, 'Ladder safety');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
  // A published course offers no delete: it is archived first.
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Ladder safety (copy)', level: 1 })).toBeVisible();
  await expect(page.getByText('This is the copy, a draft.')).toBeVisible();
  await expect(page.getByRole('table', { name: /Uploaded versions/ }).getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'Preview' }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this course?' });
  await expect(dialog).toContainText('every enrolment, all progress and results');
  await expect(dialog).toHaveCSS('opacity', '1');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Delete course' }).click();
  await expect(page.getByText('The course “Ladder safety (copy)” was deleted.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Courses', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ladder safety (copy)' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Ladder safety', exact: true })).toBeVisible();
});

import { expect, type Page } from '@playwright/test';

/**
 * Imports a package zip as a new course through the admin UI (Courses → Import package, file
 * chooser, Upload with its progress bar) and waits for the new course's page, titled `title`.
 */
export async function importPackage(page: Page, zip: string, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Courses', exact: true }).click();
  await page.getByRole('link', { name: 'Import package' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByLabel('SCORM package (zip)').click();
  await (await chooser).setFiles(zip);
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible({ timeout: 30_000 });
}

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { scorm12Manifest } from '../test/scorm-packages.js';
import { buildZip } from '../test/zip-fixtures.js';

/** A SCORM 1.2 zip of one SCO (SCO-1/index.html is `page`) and any other files, in a folder of its own. */
export async function oneScoPackage(title: string, page: string, more: { name: string; data: string }[] = []): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'lectern-package-')), 'package.zip');
  await buildZip(file, [{ name: 'imsmanifest.xml', data: scorm12Manifest(title, [{ id: 'SCO-1', title: 'Lesson' }]) }, { name: 'SCO-1/index.html', data: page }, ...more]);
  return file;
}

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

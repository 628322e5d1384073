import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { scorm12Manifest } from '../test/scorm-packages.js';
import { buildZip } from '../test/zip-fixtures.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// A course open for self-enrolment: the learner finds it under the open courses, enrols, and
// from then on finds it with their courses only, not offered again.
let server: RunningServer;
const COURSE = 'Open course';

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

test('a learner enrols in an open course, which then leaves the open courses for their own list', async ({ page }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-open-'));
  const zip = path.join(dir, 'course.zip');
  await buildZip(zip, [
    { name: 'imsmanifest.xml', data: scorm12Manifest(COURSE, [{ id: 'SCO-1', title: 'Lesson 1' }]) },
    { name: 'SCO-1/index.html', data: '<!doctype html><html lang="en"><head><title>Lesson</title></head><body><h1>Lesson 1</h1></body></html>' },
  ]);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await importPackage(page, zip, COURSE);
  await page.getByRole('button', { name: 'Edit details' }).click();
  const details = page.getByRole('dialog', { name: 'Edit details' });
  await details.getByLabel('Learners may enrol themselves (published courses only)').check();
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The details were saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My courses' }).click();
  const open = page.getByRole('region', { name: 'Courses open to you' });
  await expect(open.getByRole('article', { name: COURSE })).toBeVisible();
  await expectAccessible(page);
  await open.getByRole('button', { name: `Enrol in ${COURSE}` }).click();
  await expect(open.getByText(`You are enrolled in “${COURSE}”.`)).toBeVisible();
  // Not offered again: it is with the learner's courses now.
  await expect(open.getByRole('article', { name: COURSE })).toHaveCount(0);
  await expect(open.getByText('You are enrolled in every course open for self-enrolment')).toBeVisible();
  await expect(page.getByRole('article', { name: COURSE })).toHaveCount(1);
  await expectAccessible(page);

  // Archiving asks first; afterwards the course is no longer open to anyone, and the learner's card says why it cannot be opened.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Courses', exact: true }).click();
  await page.getByRole('link', { name: COURSE }).click();
  await page.getByRole('button', { name: 'Archive', exact: true }).click();
  const question = page.getByRole('dialog', { name: 'Archive this course?' });
  // Checked once the dialog has faded in (colours mid-transition are not the ones people read).
  await expect(question).toHaveCSS('opacity', '1');
  await expectAccessible(page);
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Published', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Archive', exact: true }).click();
  await page.getByRole('dialog', { name: 'Archive this course?' }).getByRole('button', { name: 'Archive course' }).click();
  await expect(page.getByText('The course is archived.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My courses' }).click();
  await expect(page.getByRole('article', { name: COURSE }).getByRole('link')).toHaveCount(0);
  await expect(page.getByText('No course is open for self-enrolment at the moment.')).toBeVisible();
});

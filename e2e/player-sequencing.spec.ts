import { expect, test } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { importPackage } from './package-import-helper.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';

// SCORM 2004 sequencing rules in the player, seen in an administrator's preview of a package
// whose items carry them: a part hidden from the table of contents and skipped by Next, and a
// part that moves on by itself once passed (a post-condition rule).

const COURSE = 'Sequenced safety course';
const rule = (kind: 'pre' | 'post', condition: string, action: string) =>
  `<imsss:${kind}ConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="${condition}"/></imsss:ruleConditions><imsss:ruleAction action="${action}"/></imsss:${kind}ConditionRule>`;

const server = serverForThisFile();

test('the player applies pre- and post-condition rules: hidden and skipped parts, moving on once passed', async ({ page }) => {
  const zip = await buildScormPackage('2004', COURSE, [
    { id: 'SCO-1', title: 'Lesson 1', sequencing: `<imsss:sequencing><imsss:sequencingRules>${rule('post', 'satisfied', 'continue')}</imsss:sequencingRules></imsss:sequencing>` },
    { id: 'SCO-2', title: 'Lesson 2' },
    {
      id: 'SCO-3',
      title: 'Optional extras',
      sequencing: `<imsss:sequencing><imsss:sequencingRules>${rule('pre', 'always', 'skip')}${rule('pre', 'always', 'hiddenFromChoice')}</imsss:sequencingRules></imsss:sequencing>`,
    },
    { id: 'SCO-4', title: 'Lesson 4' },
  ]);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await importPackage(page, zip, COURSE);
  await page.getByRole('link', { name: 'Preview' }).first().click();

  const frame = page.frameLocator('iframe[title^="Course content"]').frameLocator('iframe');
  await expect(frame.getByRole('heading', { name: 'Lesson 1' })).toBeVisible();
  const contents = page.getByRole('navigation', { name: 'Contents' });
  await expect(contents.getByRole('listitem')).toHaveText([/Lesson 1/, /Lesson 2/, /Lesson 4/]);

  // Passed and finished without asking for anything: the post-condition rule moves on.
  await frame.getByRole('button', { name: 'Pass with 90' }).click();
  await frame.getByRole('button', { name: 'Finish' }).click();
  await expect(frame.getByRole('heading', { name: 'Lesson 2' })).toBeVisible();
  await expect(contents.getByRole('listitem').first()).toContainText('Passed');

  // Next passes over the part that says skip.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(frame.getByRole('heading', { name: 'Lesson 4' })).toBeVisible();
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(frame.getByRole('heading', { name: 'Lesson 2' })).toBeVisible();
});

import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { AU_PAGE, cmi5Xml } from './cmi5-fixtures.js';
import { serverForThisFile } from './server.js';
import { expectFirstPartStatus, expectFitsAndAccessible, firstVisitorRow, playAsVisitor, shareCourseZip } from './space-helper.js';

// A cmi5 course shared by a public link: the visitor without an account plays it on a phone; the AU
// takes its auth token from the fetch URL, reads LMS.LaunchData and the learner preferences and
// records initialized, completed and terminated, as it does for a learner; the LRS keeps none of
// it, and the member sees the visitor's completion in the link's analytics.

const server = serverForThisFile();

test('a visitor without an account plays a shared cmi5 course (de, 390 px); its completion reaches the link analytics (en)', async ({ browser }) => {
  const name = 'ladder-safety-cmi5.zip';
  const { admin, adminPage, itemId, url, shareId } = await shareCourseZip(browser, server, name, [
    { name: 'cmi5.xml', data: cmi5Xml('Ladder safety', 'AnyWindow') },
    { name: 'au/index.html', data: AU_PAGE },
  ]);
  const { visitor, tab, content } = await playAsVisitor(browser, url);
  await expect(content.getByRole('heading', { name: 'Climbing a ladder' })).toBeVisible({ timeout: 30_000 });
  // The AU got its session: LMS.LaunchData read, initialized recorded (a preview's AU could not).
  await expect(content.getByRole('status')).toHaveText('Mode Normal, move on when Completed.');
  await content.getByRole('button', { name: 'Finish the lesson' }).click();
  await expect(content.getByRole('status')).toHaveText('Lesson finished.');
  await expect(tab.getByText('Vorschau: Was Sie hier tun, wird nicht aufgezeichnet.')).toHaveCount(0);
  await expectAccessible(tab);
  await visitor.close();

  await expectFirstPartStatus(adminPage.request, server.url, shareId, 'completed');
  const row = await firstVisitorRow(adminPage, server.url, itemId, name);
  await expect(row.getByRole('cell').nth(3)).toHaveText('1 of 1');
  await expectFitsAndAccessible(adminPage);
  await admin.close();
});

import { expect, test, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { sentTo, tokenFromMail } from '../test/smtp-server.js';
import { expectAccessible } from './accessibility.js';
import { importPackage } from './package-import-helper.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signIn } from './sign-in-helper.js';

// Dashboards and the team view: the administrator sees the site at a glance and names a manager
// for a group on the Groups page; the manager's dashboard and Team page show that group's
// members (and nobody else's), and "remind now" mails an overdue learner at once.

const MANAGER = { email: 'mia@example.com', password: 'Quiet-Meadow-42' };
const COURSE = 'Data protection';
const DAY = 86_400_000;

const running = serverWithMailForThisFile();

test.describe.configure({ mode: 'serial' });


async function invite(page: Page, email: string, firstName: string, lastName: string, roles: string[]): Promise<string> {
  const res = await page.request.post(`${running.server.url}/api/admin/users`, { data: { email, firstName, lastName, roles } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('the administrator names a manager; the manager sees only their group and reminds an overdue learner', async ({ page, browser }) => {
  await signIn(page, running.server.url, running.server.adminEmail, running.server.adminPassword);
  const zip = await buildScormPackage('1.2', COURSE, [{ id: 'SCO-1', title: 'Lesson 1' }]);
  await importPackage(page, zip, COURSE);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
  const courseId = new URL(page.url()).pathname.split('/').filter(Boolean).at(-1)!;

  // Two groups with a learner each, both overdue; the manager is invited and chooses a password.
  const otto = await invite(page, 'otto@example.com', 'Otto', 'Overdue', ['learner']);
  const sara = await invite(page, 'sara@example.com', 'Sara', 'Support', ['learner']);
  await invite(page, MANAGER.email, 'Mia', 'Manager', ['manager']);
  const invitation = await running.smtp.waitForMail(sentTo(MANAGER.email), 20_000);
  expect((await page.request.post(`${running.server.url}/api/auth/invitation/accept`, { data: { token: tokenFromMail(invitation, '/accept-invitation'), password: MANAGER.password } })).ok()).toBe(true);
  const group = async (name: string, userId: string) => {
    const created = (await (await page.request.post(`${running.server.url}/api/admin/groups`, { data: { name } })).json()) as { id: string };
    expect((await page.request.post(`${running.server.url}/api/admin/groups/${created.id}/members`, { data: { userIds: [userId] } })).ok()).toBe(true);
  };
  await group('Sales', otto);
  await group('Support', sara);
  const enrolled = await page.request.post(`${running.server.url}/api/learn/courses/${courseId}/enrolments`, {
    data: { userIds: [otto, sara], dueAt: new Date(Date.now() - 2 * DAY).toISOString() },
  });
  expect(enrolled.status()).toBe(200);

  // The administrator's dashboard: the site at a glance.
  await page.goto(running.server.url);
  const figures = page.getByRole('region', { name: 'At a glance' });
  await expect(figures.getByRole('listitem').filter({ hasText: 'Overdue' })).toContainText('2');
  await expect(page.getByRole('table', { name: 'Completions per week, the last 12 weeks' })).toBeAttached();
  await expect(page.getByRole('region', { name: 'Highest completion' })).toContainText(COURSE);
  await expectAccessible(page);

  // The Groups page names Mia as the manager of Sales; a learner cannot lead a group.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Groups' }).click();
  await page.getByRole('navigation', { name: 'Groups and departments' }).getByRole('button', { name: /^Sales/ }).click();
  const search = page.getByRole('searchbox', { name: 'Search managers' });
  await search.fill('otto');
  await expect(page.getByText('Needs the manager role')).toBeVisible();
  await search.fill('mia');
  await page.getByRole('button', { name: 'Make manager: Mia Manager' }).click();
  await expect(page.getByText('Mia Manager now leads this group.')).toBeVisible();
  await expectAccessible(page);

  // The manager: a dashboard of their group, the Team page, remind now.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const manager = await context.newPage();
  await signIn(manager, running.server.url, MANAGER.email, MANAGER.password);
  await expect(manager.getByText('Groups you lead: Sales')).toBeVisible();
  await expect(manager.getByRole('region', { name: 'At a glance' }).getByRole('listitem').filter({ hasText: 'Overdue' })).toContainText('1');
  await expectAccessible(manager);

  await manager.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Team' }).click();
  await expect(manager.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
  const members = manager.getByRole('table', { name: 'Members' });
  await expect(members).toContainText('Otto Overdue');
  await expect(members).not.toContainText('Sara');
  const overdue = manager.getByRole('table', { name: 'Overdue courses' });
  await expect(overdue).toContainText('Otto Overdue');
  await expect(overdue).not.toContainText('Sara');
  await expectAccessible(manager);
  await overdue.getByRole('button', { name: `Remind now: Otto Overdue, ${COURSE}` }).click();
  await expect(manager.getByText('A reminder went to 1 learner by e-mail.')).toBeVisible();
  const reminder = await running.smtp.waitForMail((m) => sentTo('otto@example.com')(m) && m.subject.startsWith('Overdue:'), 20_000);
  expect(reminder.text).toContain(COURSE);

  // Again at once: skipped and said why.
  await overdue.getByRole('checkbox', { name: `Select Otto Overdue: ${COURSE}` }).check();
  await manager.getByRole('button', { name: 'Remind 1 selected now' }).click();
  await expect(manager.getByText('reminded within the last 24 hours')).toBeVisible();
  await expectAccessible(manager);

  // At 390 px the tables scroll inside their region, the page does not.
  await manager.setViewportSize({ width: 390, height: 844 });
  expect(await manager.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(manager);

  // In German.
  await manager.getByRole('button', { name: /: language /i }).click();
  await manager.getByRole('menuitem', { name: 'Deutsch' }).click();
  await expect(manager.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
  await expect(manager.getByRole('table', { name: 'Überfällige Kurse' })).toContainText('Otto Overdue');
  await expect(manager.getByRole('menu')).toBeHidden();
  await expectAccessible(manager);
  await context.close();
});

import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { sentTo, tokenFromMail } from '../test/smtp-server.js';
import { expectAccessible } from './accessibility.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signInQuietly } from './people-helper.js';
import { signIn } from './sign-in-helper.js';
import { expectFitsAndAccessible } from './space-helper.js';

// The administrator's oversight of the site, in a real browser, with a real SMTP server:
// - the audit log: their own sign-in and a settings change they make are there, searching narrows
//   the entries, a malformed search is refused in words, the security timeline counts a failed
//   sign-in, and the CSV download answers a CSV of what the search selects;
// - privacy requests: a person downloads their own data and asks for erasure from their account
//   page; the administrator sees the request, downloads the person's data as a zip and erases them
//   (gone from the people list, and they can no longer sign in); another person's request is refused
//   with a reason;
// - update e-mails: a person opts in on their account page and confirms by the link mailed to them
//   (double opt-in); the administrator sends an update e-mail, which arrives with a List-Unsubscribe
//   header; following its link without being signed in unsubscribes the person;
// - access reviews: with a second administrator and an API token in place, the administrator starts
//   a review, confirms their own role, revokes the other administrator's role and the token, and the
//   review completes; the role and the token are really gone;
// - the four pages on a phone (390 px) in German: nothing scrolls sideways and axe finds nothing.
const running = serverWithMailForThisFile();
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'Lantern-Keeper-2031';
const ADMIN_NAME = 'Demo Administrator';

interface Invitee {
  email: string;
  firstName: string;
  lastName: string;
  roles: string[];
}

/** Invites a person as the administrator whose session `request` carries and accepts the invitation mailed to them with PASSWORD. */
async function addPerson(request: APIRequestContext, person: Invitee): Promise<string> {
  const { server, smtp } = running;
  const res = await request.post(`${server.url}/api/admin/users`, { data: person });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const mail = await smtp.waitForMail((m) => sentTo(person.email)(m) && /\/accept-invitation#token=/.test(m.text), 20_000);
  const accepted = await request.post(`${server.url}/api/auth/invitation/accept`, { data: { token: tokenFromMail(mail, '/accept-invitation'), password: PASSWORD } });
  expect(accepted.ok(), await accepted.text()).toBe(true);
  return id;
}

/** A fresh browser context (English unless told), not signed in. */
async function newPage(browser: Browser, options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: options.locale ?? 'en-GB', ...(options.viewport ? { viewport: options.viewport } : {}) });
  return context.newPage();
}

/** The link of a mail (its site address may differ), pointed at the server under test. */
function onServer(link: string): string {
  const url = new URL(link);
  return `${running.server.url}${url.pathname}${url.search}${url.hash}`;
}

/** The value of a fact (a term and its description) in a description list. */
function fact(scope: Locator, term: string): Locator {
  return scope.locator('dl > div').filter({ has: scope.page().getByRole('term').filter({ hasText: new RegExp(`^${term.replace(/[()]/g, '\\$&')}$`) }) }).getByRole('definition');
}

test('the audit log shows sign-ins and changes, searches them, refuses a malformed search, counts security events and downloads as CSV', async ({ page }) => {
  const { server } = running;
  // A wrong password first: the security timeline counts it.
  const wrong = await page.request.post(`${server.url}/api/auth/sign-in`, { data: { email: server.adminEmail, password: 'Not-The-Password-1' } });
  expect(wrong.status()).toBe(401);
  await signIn(page, server.url, server.adminEmail, server.adminPassword);

  // A settings change to find in the log.
  await page.goto(`${server.url}/settings`);
  await page.getByLabel('Sign out after inactivity (minutes)').fill('47');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('The settings were saved.')).toBeVisible();

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  const entries = page.getByRole('table', { name: 'Audit log entries, newest first' });
  const settingsRow = entries.getByRole('row').filter({ hasText: 'tenant.settings_changed' });
  await expect(settingsRow).toHaveCount(1);
  await expect(settingsRow).toContainText(ADMIN_NAME);
  await expect(settingsRow).toContainText('47');
  const signInRows = entries.getByRole('row').filter({ hasText: 'auth.sign_in.succeeded' });
  await expect(signInRows.filter({ hasText: ADMIN_NAME }).first()).toBeVisible();
  await expect(entries.getByRole('row').filter({ hasText: 'auth.sign_in.failed' }).first()).toContainText('System / not signed in');

  // The security timeline: today's failed sign-in and sign-ins, per day and per hour.
  const timeline = page.getByRole('region', { name: 'Security events', exact: true });
  const perDay = timeline.getByRole('table', { name: 'Security events per day' });
  await expect(perDay.getByRole('columnheader', { name: 'Failed sign-ins' })).toBeVisible();
  await expect(perDay.getByRole('columnheader', { name: 'Sign-ins', exact: true })).toBeVisible();
  await expect(perDay.getByRole('row', { name: /^Total/ })).toContainText(/[1-9]/);
  await timeline.getByText('Per hour (48 hours)').click();
  await expect(timeline.getByRole('table', { name: 'Security events per hour' }).getByRole('columnheader', { name: 'Failed sign-ins' })).toBeVisible();
  await expectAccessible(page);

  // Searching by action: only the settings change is left.
  const search = page.getByRole('form', { name: 'Search' });
  await search.getByLabel('Action').fill('tenant.settings_changed');
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(entries.getByRole('row')).toHaveCount(2);
  await expect(entries.getByRole('row').nth(1)).toContainText('tenant.settings_changed');
  await expect(page.getByText('1 entry shown')).toBeVisible();

  // The CSV download holds what the search selects.
  const csvLink = search.getByRole('link', { name: 'Download CSV' });
  const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
  expect(download.suggestedFilename()).toBe('audit-log.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('tenant.settings_changed');
  expect(csv).not.toContain('auth.sign_in.succeeded');
  const answer = await page.request.get(new URL((await csvLink.getAttribute('href'))!, server.url).toString());
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toBe('text/csv; charset=utf-8');

  // By person and by an action's beginning: the administrator's sign-ins.
  await search.getByLabel('Action').fill('auth.');
  await search.getByLabel('Who').fill('admin@localhost');
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(entries.getByRole('row').filter({ hasText: 'auth.sign_in.succeeded' }).first()).toBeVisible();
  await expect(entries.getByRole('row').filter({ hasText: 'tenant.settings_changed' })).toHaveCount(0);
  // The failed sign-in was nobody's (not signed in): the person filter leaves it out.
  await expect(entries.getByRole('row').filter({ hasText: 'auth.sign_in.failed' })).toHaveCount(0);

  // A malformed action is refused in words, at its field (not as a page that failed to load).
  await search.getByLabel('Action').fill('Roles Changed!');
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(search.getByLabel('Action')).toHaveAttribute('aria-invalid', 'true');
  await expect(search.getByText(/may hold only lower-case letters, digits, dots and underscores/)).toBeVisible();
  await expect(page.getByText('This page could not be loaded.')).toHaveCount(0);
  await expect(entries).toHaveCount(0);
  await expectAccessible(page);
  // So is a period that ends before it begins (it would otherwise find nothing, silently).
  await search.getByLabel('Action').fill('');
  await search.getByLabel('From (day)').fill('2026-12-06');
  await search.getByLabel('To (day)').fill('2026-12-01');
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(search.getByText(/the end of the period lies before its start/)).toBeVisible();
  await expect(search.getByLabel('To (day)')).toHaveAttribute('aria-invalid', 'true');
  await search.getByLabel('From (day)').fill('');
  await search.getByLabel('To (day)').fill('');

  // Clearing shows everything again, the CSV download among it.
  await search.getByRole('button', { name: 'Clear' }).click();
  await expect(search.getByLabel('Action')).toHaveValue('');
  await expect(entries.getByRole('row').filter({ hasText: 'audit.log_exported' }).first()).toContainText(ADMIN_NAME);
});

test('a person asks for erasure on their account page; the administrator downloads their data, erases them, and refuses another request', async ({ page, browser }) => {
  const { server } = running;
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await Promise.all([
    addPerson(page.request, { email: 'tom.throwaway@example.com', firstName: 'Tom', lastName: 'Throwaway', roles: ['learner'] }),
    addPerson(page.request, { email: 'rita.refused@example.com', firstName: 'Rita', lastName: 'Refused', roles: ['learner'] }),
  ]);

  // Tom downloads his own data and asks for erasure.
  const tom = await newPage(browser);
  await signInQuietly(tom, server.url, 'tom.throwaway@example.com', PASSWORD);
  await tom.goto(`${server.url}/account#privacy`);
  const yourData = tom.getByRole('region', { name: 'Your data', exact: true });
  const [ownExport] = await Promise.all([tom.waitForEvent('download'), yourData.getByRole('link', { name: 'Download my data (zip)' }).click()]);
  expect(ownExport.suggestedFilename()).toMatch(/\.zip$/);
  expect(readFileSync(await ownExport.path()).subarray(0, 2).toString('latin1')).toBe('PK');
  await yourData.getByRole('button', { name: 'Request erasure' }).click();
  const ask = tom.getByRole('dialog', { name: 'Ask for your account to be erased?' });
  await expect(ask).toBeVisible();
  await expectAccessible(tom);
  await ask.getByRole('button', { name: 'Send request' }).click();
  await expect(yourData.getByText(/^Your erasure request was recorded on /)).toBeVisible();
  await expect(yourData.getByRole('listitem').filter({ hasText: 'Erasure' })).toContainText('open');
  await expect(yourData.getByRole('listitem').filter({ hasText: 'Data export' })).toContainText('done');
  await expectAccessible(tom);

  // Rita asks too (the API the page uses).
  const rita = await browser.newContext({ ignoreHTTPSErrors: true });
  expect((await rita.request.post(`${server.url}/api/auth/sign-in`, { data: { email: 'rita.refused@example.com', password: PASSWORD } })).ok()).toBe(true);
  expect((await rita.request.post(`${server.url}/api/me/privacy/erasure-request`, { data: {} })).status()).toBe(201);

  // The administrator sees both open requests.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Privacy requests' }).click();
  await expect(page.getByRole('heading', { name: 'Privacy requests', level: 1 })).toBeVisible();
  const requests = page.getByRole('table', { name: 'Privacy requests' });
  await expect(page.getByRole('checkbox', { name: 'Only open requests' })).toBeChecked();
  await expect(requests.getByRole('row')).toHaveCount(3);
  await expect(requests.getByRole('row', { name: /Tom Throwaway/ })).toContainText('Erasure');
  await expect(requests.getByRole('row', { name: /Tom Throwaway/ })).toContainText('open');
  await expectAccessible(page);

  // Rita's request is refused, with a reason.
  await requests.getByRole('button', { name: 'Refuse: Rita Refused' }).click();
  const refuse = page.getByRole('dialog', { name: 'Refuse this erasure request?' });
  await expect(refuse.getByRole('button', { name: 'Refuse' })).toBeDisabled();
  await refuse.getByLabel('Reason (recorded in the audit log)').fill('Open invoices must be settled first.');
  await expectAccessible(page);
  await refuse.getByRole('button', { name: 'Refuse' }).click();
  await expect(refuse).toBeHidden();
  await expect(requests.getByRole('row')).toHaveCount(2);
  await expect(requests.getByRole('row', { name: /Rita Refused/ })).toHaveCount(0);

  // Tom's page: the open request is named; his data comes as a zip.
  await requests.getByRole('link', { name: 'Tom Throwaway' }).click();
  await expect(page.getByRole('heading', { name: 'Tom Throwaway', level: 1 })).toBeVisible();
  const privacy = page.getByRole('region', { name: 'Privacy', exact: true });
  await expect(privacy.getByRole('status')).toHaveText(/^This person asked for erasure on /);
  const [adminExport] = await Promise.all([page.waitForEvent('download'), privacy.getByRole('link', { name: 'Download data (zip)' }).click()]);
  expect(adminExport.suggestedFilename()).toMatch(/\.zip$/);
  expect(readFileSync(await adminExport.path()).subarray(0, 2).toString('latin1')).toBe('PK');

  // Erasing asks for his address first.
  await privacy.getByRole('button', { name: 'Erase person…' }).click();
  const erase = page.getByRole('dialog', { name: 'Erase Tom Throwaway for good?' });
  await expect(erase.getByRole('button', { name: 'Erase', exact: true })).toBeDisabled();
  await erase.getByLabel('Type the e-mail address tom.throwaway@example.com to confirm').fill('tom.throwaway@example.com');
  await expectAccessible(page);
  await erase.getByRole('button', { name: 'Erase', exact: true }).click();
  // The page now shows the erased account under its new name; the note names who was erased.
  await expect(page.getByRole('heading', { name: 'Deleted person', level: 1 })).toBeVisible();
  await expect(privacy.getByRole('status')).toHaveText('Tom Throwaway was erased.');
  // Nothing of the erased account can be edited any more.
  await expect(page.getByText(/^This person was erased\. The account only keeps/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: /e-mail/i })).toHaveCount(0);
  await expect(privacy.getByText('This person was erased.')).toBeVisible();
  await expect(privacy.getByRole('button', { name: 'Erase person…' })).toHaveCount(0);

  // His request is done; the exports are listed.
  await page.goto(`${server.url}/privacy-requests`);
  await expect(page.getByText('No requests.')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Only open requests' }).uncheck();
  await expect(requests.getByRole('row').filter({ hasText: 'Erasure' }).filter({ hasText: 'done' })).toHaveCount(1);
  await expect(requests.getByRole('row').filter({ hasText: 'Erasure' }).filter({ hasText: 'refused' })).toContainText('Rita Refused');
  await expect(requests.getByRole('row').filter({ hasText: 'Data export' }).first()).toContainText('done');
  await expect(requests).not.toContainText('Tom Throwaway');
  await expectAccessible(page);

  // He is gone from the people list and cannot sign in; his session ended.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('searchbox', { name: 'Search name or e-mail' }).fill('throwaway');
  await expect(page.getByText('No users match.')).toBeVisible();
  // His tombstone is listed as erased, with nothing to do to it.
  await page.getByRole('searchbox', { name: 'Search name or e-mail' }).fill('Deleted');
  await expect(page.getByRole('row', { name: /Deleted person/ })).toContainText('Erased: no actions');
  await expect(page.getByRole('row', { name: /Deleted person/ }).getByRole('button', { name: /Actions/ })).toHaveCount(0);
  expect((await tom.request.get(`${server.url}/api/me/privacy/requests`)).status()).toBe(401);
  const again = await tom.request.post(`${server.url}/api/auth/sign-in`, { data: { email: 'tom.throwaway@example.com', password: PASSWORD } });
  expect(again.status()).toBe(401);
  await tom.context().close();
  await rita.close();
});

test('a person opts in to update e-mails by e-mail; the update e-mail arrives with List-Unsubscribe, whose link unsubscribes without signing in', async ({ page, browser }) => {
  const { server, smtp } = running;
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await addPerson(page.request, { email: 'uma.updates@example.com', firstName: 'Uma', lastName: 'Updates', roles: ['learner'] });

  // Nobody to write to yet.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Update e-mails' }).click();
  await expect(page.getByRole('heading', { name: 'Update e-mails', level: 1 })).toBeVisible();
  const stats = page.getByRole('region', { name: 'Consents', exact: true });
  await expect(fact(stats, 'Confirmed (receive update e-mails)')).toHaveText('0');
  await expect(page.getByText('Nobody has confirmed their consent yet: there is nobody to send an update e-mail to.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send…' })).toBeDisabled();
  await expectAccessible(page);

  // Uma ticks the box on her account page; nothing counts until she follows the mailed link.
  const uma = await newPage(browser);
  await signInQuietly(uma, server.url, 'uma.updates@example.com', PASSWORD);
  await uma.goto(`${server.url}/account#updates`);
  const updates = uma.getByRole('region', { name: 'Update e-mails', exact: true });
  await expect(updates.getByRole('button', { name: 'Send confirmation e-mail' })).toBeDisabled();
  await updates.getByRole('checkbox', { name: 'I want update e-mails' }).check();
  await expectAccessible(uma);
  await updates.getByRole('button', { name: 'Send confirmation e-mail' }).click();
  await expect(updates.getByText('Confirmation e-mail sent. Please follow its link.')).toBeVisible();
  await expect(updates.getByText(/^We sent a confirmation e-mail to uma\.updates@example\.com on /)).toBeVisible();
  await page.reload();
  await expect(fact(stats, 'Waiting for confirmation')).toHaveText('1');
  await expect(fact(stats, 'Confirmed (receive update e-mails)')).toHaveText('0');

  const confirmation = await smtp.waitForMail((m) => sentTo('uma.updates@example.com')(m) && /\/mail-consent\/confirm\?token=/.test(m.text), 20_000);
  const confirmLink = /https?:\/\/\S+\/mail-consent\/confirm\?token=[^\s>"]+/.exec(confirmation.text)![0];
  // The link's page only asks (a mail scanner's visit confirms nothing); the button confirms.
  await uma.goto(onServer(confirmLink));
  await expect(uma.getByRole('heading', { name: 'Confirm update e-mails', level: 1 })).toBeVisible();
  await expectAccessible(uma);
  await uma.getByRole('button', { name: 'Confirm update e-mails' }).click();
  await expect(uma.getByRole('heading', { name: 'Update e-mails confirmed', level: 1 })).toBeVisible();
  await uma.goto(`${server.url}/account#updates`);
  await expect(updates.getByText(/^You receive update e-mails since /)).toBeVisible();
  await expect(updates.getByRole('button', { name: 'Withdraw consent' })).toBeVisible();

  // The administrator writes to the one person with confirmed consent.
  await page.reload();
  await expect(fact(stats, 'Confirmed (receive update e-mails)')).toHaveText('1');
  const compose = page.getByRole('form', { name: 'New update e-mail' });
  await compose.getByLabel('Subject').fill('New courses this autumn');
  await compose.getByLabel('Message').fill('Hello,\n\nthree new courses start in October.\n\nSee you there.');
  await compose.getByRole('button', { name: 'Send…' }).click();
  const ask = page.getByRole('dialog', { name: 'Send this update e-mail?' });
  await expect(ask).toContainText('“New courses this autumn” goes to 1 person with confirmed consent.');
  await expectAccessible(page);
  await ask.getByRole('button', { name: 'Send now' }).click();
  await expect(page.getByText('Sending to 1 person: the e-mail goes out in the next minutes.')).toBeVisible();
  const sentRow = page.getByRole('table', { name: 'Sent update e-mails' }).getByRole('row', { name: /New courses this autumn/ });
  await expect(sentRow).toContainText(ADMIN_NAME);
  await expectAccessible(page);

  // A job delivers it; once it has, the history counts the one recipient.
  const update = await smtp.waitForMail((m) => sentTo('uma.updates@example.com')(m) && m.subject.includes('New courses this autumn'), 30_000);
  await expect(async () => {
    await page.reload();
    await expect(sentRow.getByRole('cell').nth(2)).toHaveText('1', { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  expect(update.text).toContain('three new courses start in October.');
  const header = update.headers.get('list-unsubscribe') ?? '';
  const unsubscribeLink = /<(https:\/\/[^>]+\/api\/mail\/unsubscribe\?token=[^>]+)>/.exec(header)?.[1];
  expect(unsubscribeLink, `List-Unsubscribe: ${header}`).toBeTruthy();
  expect(update.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  // The footer carries the same link.
  expect(update.text).toContain(unsubscribeLink!);

  // Following it in a browser that is signed in nowhere.
  const stranger = await newPage(browser);
  await stranger.goto(onServer(unsubscribeLink!));
  await expect(stranger.getByRole('heading', { name: 'Unsubscribe from update e-mails', level: 1 })).toBeVisible();
  await expectAccessible(stranger);
  await stranger.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(stranger.getByRole('heading', { name: 'You are unsubscribed', level: 1 })).toBeVisible();
  await expectAccessible(stranger);
  await stranger.context().close();

  // Uma's account and the administrator's numbers say so.
  await uma.reload();
  await expect(updates.getByText(/^You withdrew your consent on /)).toBeVisible();
  await expect(updates.getByRole('checkbox', { name: 'I want update e-mails' })).not.toBeChecked();
  await page.reload();
  await expect(fact(stats, 'Withdrawn')).toHaveText('1');
  await expect(fact(stats, 'Confirmed (receive update e-mails)')).toHaveText('0');
  await uma.context().close();
});

test('an access review confirms one privilege, revokes a second administrator and an API token, and completes; the revoked ones are gone', async ({ page, browser, request }) => {
  const { server } = running;
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await addPerson(page.request, { email: 'ada.second@example.com', firstName: 'Ada', lastName: 'Second', roles: ['admin'] });
  const created = await page.request.post(`${server.url}/api/me/tokens`, {
    data: { name: 'Directory sync', scopes: ['users:read'], expiresInDays: 30, currentPassword: server.adminPassword },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  // Without a session: only the token speaks.
  const tokenWorks = () => request.get(`${server.url}/api/admin/users`, { headers: { authorization: `Bearer ${token}` } });
  expect((await tokenWorks()).status()).toBe(200);
  // Ada is signed in somewhere.
  const ada = await browser.newContext({ ignoreHTTPSErrors: true });
  expect((await ada.request.post(`${server.url}/api/auth/sign-in`, { data: { email: 'ada.second@example.com', password: PASSWORD } })).ok()).toBe(true);
  expect((await ada.request.get(`${server.url}/api/admin/users`)).status()).toBe(200);

  const adminHolder = `${ADMIN_NAME} <${server.adminEmail}>`;
  const adaHolder = 'Ada Second <ada.second@example.com>';
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Access reviews' }).click();
  await expect(page.getByRole('heading', { name: 'Access reviews', level: 1 })).toBeVisible();
  const privileges = page.getByRole('table', { name: 'Privileges on this site' });
  await expect(privileges.getByRole('row')).toHaveCount(4);
  await expect(privileges.getByRole('row', { name: /Ada Second/ })).toContainText('Administrator');
  await expect(privileges.getByRole('row', { name: /Directory sync/ })).toContainText('API token');
  await expect(page.getByText('No review yet.')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Start a review' }).click();
  await expect(page.getByRole('heading', { name: /^Access review of /, level: 1 })).toBeVisible();
  await expect(page.getByText('Open', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'decided' })).toHaveText('0 of 3 decided');
  const items = page.getByRole('table', { name: 'Entries of this review' });
  await expect(items.getByRole('row')).toHaveCount(4);
  await expect(items.getByRole('row', { name: new RegExp(adminHolder) }).filter({ hasText: 'Role' })).toContainText('Administrator');
  await expectAccessible(page);

  await items.getByRole('button', { name: `Confirm Administrator of ${adminHolder}` }).click();
  await expect(page.getByText(`${adminHolder}: Confirmed.`)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'decided' })).toHaveText('1 of 3 decided');

  await items.getByRole('button', { name: `Revoke Administrator of ${adaHolder}` }).click();
  const revoke = page.getByRole('dialog', { name: 'Revoke this privilege?' });
  await expect(revoke).toContainText(`${adaHolder} loses “Administrator” at once.`);
  await expectAccessible(page);
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(revoke).toBeHidden();
  await expect(page.getByText(`${adaHolder}: Revoked.`)).toBeVisible();

  await items.getByRole('button', { name: `Revoke Directory sync: users:read of ${adminHolder}` }).click();
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(revoke).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'decided' })).toHaveText('3 of 3 decided');
  await expect(page.getByText('Completed', { exact: true })).toBeVisible();
  await expect(page.getByText(/Completed .*\d/)).toBeVisible();
  await expect(items.getByRole('button')).toHaveCount(0);
  await expect(items.getByRole('row').filter({ hasText: 'Revoked' })).toHaveCount(2);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'All reviews' }).click();
  const reviews = page.getByRole('table', { name: 'Access reviews of this site' });
  await expect(reviews.getByRole('row')).toHaveCount(2);
  await expect(reviews.getByRole('row').nth(1)).toContainText('3 of 3 decided');
  await expect(reviews.getByRole('row').nth(1)).toContainText('Completed');
  await expect(privileges.getByRole('row')).toHaveCount(2);
  await expect(privileges).not.toContainText('Ada Second');

  // Ada is no administrator any more and was signed out; the token opens nothing.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('searchbox', { name: 'Search name or e-mail' }).fill('ada.second');
  const adaRow = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /Ada Second/ });
  await expect(adaRow).toContainText('Learner');
  await expect(adaRow).not.toContainText('Administrator');
  expect((await ada.request.get(`${server.url}/api/admin/users`)).status()).toBe(401);
  expect((await tokenWorks()).status()).toBe(401);
  await page.goto(`${server.url}/account`);
  await expect(page.getByRole('table', { name: 'API tokens' }).getByRole('row', { name: /Directory sync/ })).toContainText('Revoked');
  await ada.close();
});

test('auf dem Telefon und auf Deutsch: Protokoll, Datenschutzanträge, Update-E-Mails und Zugriffsprüfungen', async ({ browser }) => {
  const { server } = running;
  const page = await newPage(browser, { locale: 'de-DE', viewport: PHONE });
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'de');

  await page.goto(`${server.url}/audit`);
  await expect(page.getByRole('heading', { name: 'Protokoll', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Protokolleinträge, die neuesten zuerst' }).getByRole('row').filter({ hasText: 'auth.sign_in.succeeded' }).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Sicherheitsereignisse', exact: true }).getByRole('table', { name: 'Sicherheitsereignisse pro Tag' })).toBeVisible();
  await expectFitsAndAccessible(page);

  await page.goto(`${server.url}/privacy-requests`);
  await expect(page.getByRole('heading', { name: 'Datenschutzanträge', level: 1 })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Nur offene Anträge' })).toBeChecked();
  await expect(page.getByText('Keine Anträge.')).toBeVisible();
  // „Datenschutzanträge“ is one word wider than the screen at this size: the heading breaks it.
  await expectFitsAndAccessible(page);

  await page.goto(`${server.url}/update-mails`);
  await expect(page.getByRole('heading', { name: 'Update-E-Mails', level: 1 })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Neue Update-E-Mail' }).getByLabel('Betreff')).toBeVisible();
  await expectFitsAndAccessible(page);

  await page.goto(`${server.url}/access-reviews`);
  await expect(page.getByRole('heading', { name: 'Zugriffsprüfungen', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Berechtigungen auf dieser Site' }).getByRole('row', { name: /Demo Administrator/ }).filter({ hasText: 'Rolle' })).toContainText('Administrator/in');
  await expectFitsAndAccessible(page);
  await page.context().close();
});

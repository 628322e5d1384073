import { expect, test, type Browser, type Page } from '@playwright/test';
import { sentTo, tokenFromMail } from '../test/smtp-server.js';
import { expectAccessible } from './accessibility.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signInQuietly } from './people-helper.js';
import { signIn } from './sign-in-helper.js';

// A person's consent to update e-mails belongs to the address that confirmed it: when an
// administrator changes the address, the consent ends, and the person's account page says why
// (in English and in German) and offers the box again, whose confirmation goes to the new address.
const running = serverWithMailForThisFile();
const PASSWORD = 'Harbour-Crossing-2031';
const OLD_ADDRESS = 'ines.old@example.com';
const NEW_ADDRESS = 'ines.new@example.com';

/** A fresh browser context in `locale`, not signed in. */
async function newPage(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale });
  return context.newPage();
}

/** The link of a mail (its site address may differ), pointed at the server under test. */
function onServer(link: string): string {
  const url = new URL(link);
  return `${running.server.url}${url.pathname}${url.search}${url.hash}`;
}

test('a consent ended because an administrator changed the address: the account page says so in English and German, and asks the new address', async ({ page, browser }) => {
  const { server, smtp } = running;
  await signInQuietly(page, server.url, server.adminEmail, server.adminPassword);
  const invited = await page.request.post(`${server.url}/api/admin/users`, { data: { email: OLD_ADDRESS, firstName: 'Ines', lastName: 'Moved', roles: ['learner'] } });
  expect(invited.status(), await invited.text()).toBe(201);
  const { id } = (await invited.json()) as { id: string };
  const invitation = await smtp.waitForMail((m) => sentTo(OLD_ADDRESS)(m) && /\/accept-invitation#token=/.test(m.text), 20_000);
  const accepted = await page.request.post(`${server.url}/api/auth/invitation/accept`, { data: { token: tokenFromMail(invitation, '/accept-invitation'), password: PASSWORD } });
  expect(accepted.ok(), await accepted.text()).toBe(true);

  // Ines opts in at her address and confirms by the mailed link.
  const ines = await newPage(browser, 'en-GB');
  await signIn(ines, server.url, OLD_ADDRESS, PASSWORD);
  await ines.goto(`${server.url}/account#updates`);
  const updates = ines.getByRole('region', { name: 'Update e-mails', exact: true });
  await updates.getByRole('checkbox', { name: 'I want update e-mails' }).check();
  await updates.getByRole('button', { name: 'Send confirmation e-mail' }).click();
  await expect(updates.getByText('Confirmation e-mail sent. Please follow its link.')).toBeVisible();
  const confirmation = await smtp.waitForMail((m) => sentTo(OLD_ADDRESS)(m) && /\/mail-consent\/confirm\?token=/.test(m.text), 20_000);
  await ines.goto(onServer(/https?:\/\/\S+\/mail-consent\/confirm\?token=[^\s>"]+/.exec(confirmation.text)![0]));
  await ines.getByRole('button', { name: 'Confirm update e-mails' }).click();
  await expect(ines.getByRole('heading', { name: 'Update e-mails confirmed', level: 1 })).toBeVisible();
  await ines.goto(`${server.url}/account#updates`);
  await expect(updates.getByText(/^You receive update e-mails since /)).toBeVisible();

  // The administrator gives her account another address.
  const changed = await page.request.patch(`${server.url}/api/admin/users/${id}`, { data: { email: NEW_ADDRESS } });
  expect(changed.status(), await changed.text()).toBe(200);

  // English: the consent is over, the page says it is because of the address, and offers the box unticked.
  await ines.reload();
  await expect(
    updates.getByText(
      'Your e-mail address has changed since you gave your consent, so you receive no update e-mails. To receive them at your new address, tick the box: we send a confirmation e-mail there.',
    ),
  ).toBeVisible();
  await expect(updates.getByText(/^You receive update e-mails since /)).toHaveCount(0);
  await expect(updates.getByText(/^You withdrew your consent/)).toHaveCount(0);
  await expect(updates.getByRole('button', { name: 'Withdraw consent' })).toHaveCount(0);
  await expect(updates.getByRole('checkbox', { name: 'I want update e-mails' })).not.toBeChecked();
  await expect(updates.getByRole('button', { name: 'Send confirmation e-mail' })).toBeDisabled();
  await expectAccessible(ines);

  // German, signed in afresh with the new address.
  const inesDe = await newPage(browser, 'de-DE');
  await signIn(inesDe, server.url, NEW_ADDRESS, PASSWORD, 'de');
  await inesDe.goto(`${server.url}/account#updates`);
  const updatesDe = inesDe.getByRole('region', { name: 'Update-E-Mails', exact: true });
  await expect(
    updatesDe.getByText(
      'Ihre E-Mail-Adresse hat sich geändert, seit Sie eingewilligt haben, deshalb erhalten Sie keine Update-E-Mails. Um sie an Ihre neue Adresse zu erhalten, setzen Sie den Haken: Wir senden dorthin eine Bestätigungs-E-Mail.',
    ),
  ).toBeVisible();
  await expect(updatesDe.getByText(/^Sie haben Ihre Einwilligung am/)).toHaveCount(0);
  await expect(updatesDe.getByRole('checkbox', { name: 'Ich möchte Update-E-Mails erhalten' })).not.toBeChecked();
  await expect(updatesDe.getByRole('button', { name: 'Bestätigungs-E-Mail senden' })).toBeDisabled();
  await expectAccessible(inesDe);

  // What the text promises: ticking the box sends the confirmation to the new address.
  await updatesDe.getByRole('checkbox', { name: 'Ich möchte Update-E-Mails erhalten' }).check();
  await updatesDe.getByRole('button', { name: 'Bestätigungs-E-Mail senden' }).click();
  await expect(updatesDe.getByText(/^Wir haben am .+ eine Bestätigungs-E-Mail an ines\.new@example\.com gesendet\./)).toBeVisible();
  await smtp.waitForMail((m) => sentTo(NEW_ADDRESS)(m) && /\/mail-consent\/confirm\?token=/.test(m.text), 20_000);
  await expectAccessible(inesDe);

  await ines.context().close();
  await inesDe.context().close();
});

import { expect, test } from '@playwright/test';
import { sentTo } from '../test/smtp-server.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signIn } from './sign-in-helper.js';
import { expectFitsAndAccessible, onePagePdf, uploadToSpace } from './space-helper.js';

// The Space's ways in for people without an account, end to end through a real SMTP server, on
// phones (390 px), axe clean at each step:
// - a link for named people: a member shares a file with one address (English); the recipient gets
//   the link by mail, opens it in German, gives their address, reads the code from the second mail
//   and sees the file. A guessed code is refused in words, and the member can take the address away,
//   which locks the recipient out at once;
// - a guest reviewer: a member asks a guest for a review (German); the guest opens the personal link
//   from the mail (English), comments on a page, and says the review is done; the member sees the
//   guest's comment marked as a guest's and the review done, then takes the guest off the request,
//   which closes the link and keeps the comment. Sending the link again at once is refused in words.
const running = serverWithMailForThisFile();
const PHONE = { width: 390, height: 844 };
const RECIPIENT = 'eve.reviewer@example.com';

test('a member shares a file with a named recipient, who opens it with the code mailed to them', async ({ browser }) => {
  const { server, smtp } = running;
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'en');
  const name = 'Safety briefing.pdf';
  const id = await uploadToSpace(page.request, server.url, name, onePagePdf());
  await page.goto(`${server.url}/space/items/${id}`);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Share “${name}”` });
  await dialog.getByRole('radio', { name: 'Named people' }).check();
  // An address that is none is refused at the field, by the server.
  const recipients = dialog.getByRole('combobox', { name: 'Recipients' });
  await recipients.fill('not-an-address');
  await recipients.press('Enter');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.getByText(/must be an e-mail address such as name@example\.com/)).toBeVisible();
  await expectFitsAndAccessible(page);
  // Backspace in the empty field takes the last address away (the keyboard's way; the pill's × is for the mouse).
  await recipients.press('Backspace');
  await expect(dialog.getByText('not-an-address')).toHaveCount(0);
  await recipients.fill(RECIPIENT);
  await recipients.press('Enter');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'The link was created.' })).toBeVisible();
  const card = dialog.getByRole('list', { name: 'Links' }).getByRole('listitem').first();
  await expect(card.getByText(RECIPIENT)).toBeVisible();
  await expectFitsAndAccessible(page);

  const invitation = await smtp.waitForMail((mail) => sentTo(RECIPIENT)(mail) && mail.subject.includes(name), 20_000);
  const url = /https?:\/\/\S+\/s\/[\w-]+/.exec(invitation.text)![0];
  expect(url).toBe(await card.getByLabel('Link address').inputValue());

  // The recipient, on a phone, in German.
  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const tab = await visitor.newPage();
  await tab.goto(url);
  await expect(tab.getByRole('heading', { name: 'Adresse bestätigen' })).toBeVisible();
  await expectFitsAndAccessible(tab);
  await tab.getByLabel('E-Mail-Adresse').fill(RECIPIENT);
  await tab.getByRole('button', { name: 'Code senden' }).click();
  await expect(tab.getByRole('heading', { name: 'Code eingeben' })).toBeVisible();
  await expectFitsAndAccessible(tab);
  const codeMail = await smtp.waitForMail((mail) => sentTo(RECIPIENT)(mail) && /\b\d{6}\b/.test(mail.subject), 20_000);
  const code = /\b(\d{6})\b/.exec(codeMail.subject)![1]!;
  await tab.getByLabel('Code').fill(code === '000000' ? '111111' : '000000');
  await tab.getByRole('button', { name: 'Öffnen' }).click();
  await expect(tab.getByRole('alert')).toHaveText(/Der Code stimmt nicht/);
  await expect(tab.getByLabel('Code')).toHaveAttribute('aria-invalid', 'true');
  await expectFitsAndAccessible(tab);
  await tab.getByLabel('Code').fill(code);
  await tab.getByRole('button', { name: 'Öffnen' }).click();
  await expect(tab.getByRole('heading', { level: 1, name })).toBeVisible();
  await expectFitsAndAccessible(tab);

  // The member takes the address away: the recipient's next visit asks again.
  await card.getByRole('combobox', { name: 'Recipients' }).press('Backspace');
  await card.getByRole('combobox', { name: 'Recipients' }).fill('frank@example.com');
  await card.getByRole('combobox', { name: 'Recipients' }).press('Enter');
  await card.getByRole('button', { name: 'Save recipients' }).click();
  await expect(card.getByText('The recipients were saved; new ones got the link by e-mail.')).toBeVisible();
  await tab.reload();
  await expect(tab.getByRole('heading', { name: 'Adresse bestätigen' })).toBeVisible();
  await visitor.close();
  await context.close();
});

test('a member asks a guest without an account for a review, who comments through the mailed link and says it is done', async ({ browser }) => {
  const { server, smtp } = running;
  const guest = 'grace.guest@example.com';
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'de');
  const name = 'Handbuch.pdf';
  const id = await uploadToSpace(page.request, server.url, name, onePagePdf());
  await page.goto(`${server.url}/space/items/${id}`);
  const requests = page.getByRole('region', { name: 'Review-Anfragen' });
  await requests.getByRole('button', { name: 'Review anfordern' }).click();
  const dialog = page.getByRole('dialog', { name: `Review von „${name}“ anfordern` });
  const guests = dialog.getByRole('combobox', { name: 'Gäste ohne Konto (optional)' });
  await guests.fill(guest);
  await guests.press('Enter');
  await expectFitsAndAccessible(page);
  await dialog.getByRole('button', { name: 'Anfrage senden' }).click();
  const request = requests.getByRole('listitem').filter({ hasText: `${guest} (Gast)` });
  await expect(request.getByText(`${guest} (Gast): noch nicht erledigt`)).toBeVisible();
  await expectFitsAndAccessible(page);

  const mail = await smtp.waitForMail((m) => sentTo(guest)(m) && m.subject.includes(name), 20_000);
  const link = /https?:\/\/\S+\/r\/[\w-]+/.exec(mail.text)![0];
  // Sending the link again is for a lost mail, at most once a minute: right away it is refused in words.
  await request.getByRole('button', { name: `${guest} den Review-Link erneut senden` }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Der Link ging vor weniger als einer Minute an diesen Gast.' })).toHaveText(
    'Der Link ging vor weniger als einer Minute an diesen Gast. Versuchen Sie es in einer Minute erneut.',
  );
  await expectFitsAndAccessible(page);
  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const tab = await visitor.newPage();
  await tab.goto(link);
  await expect(tab.getByRole('heading', { level: 1, name: `Review: ${name}` })).toBeVisible();
  await expectFitsAndAccessible(tab);
  // A page that is no number is refused at its field, and what was typed stays.
  await tab.getByLabel('Comment').fill('The chart on this page is too pale.');
  await tab.getByLabel('Page (optional)').fill('0');
  await tab.getByRole('button', { name: 'Add comment' }).click();
  await expect(tab.getByRole('alert')).toHaveText('Give the page as a number from 1.');
  await expect(tab.getByLabel('Page (optional)')).toHaveAttribute('aria-invalid', 'true');
  await expectFitsAndAccessible(tab);
  await tab.getByLabel('Page (optional)').fill('1');
  await tab.getByRole('button', { name: 'Add comment' }).click();
  await expect(tab.getByRole('heading', { level: 3, name: /^1\. Page 1 · open/ })).toBeVisible();
  await expect(tab.getByText('The chart on this page is too pale.')).toBeVisible();
  await tab.getByRole('button', { name: 'My review is done' }).click();
  await expect(tab.getByRole('status')).toContainText('You said your review was done');
  await expectFitsAndAccessible(tab);
  await visitor.close();

  await page.reload();
  await expect(request.getByText(new RegExp(`^✓ ${guest.replace(/\./g, '\\.')} \\(Gast\\): erledigt`))).toBeVisible();
  await expect(page.getByText('The chart on this page is too pale.')).toBeVisible();
  await expect(page.getByRole('heading', { name: `${guest} (Gast) – Seite 1` })).toBeVisible();
  await expectFitsAndAccessible(page);

  // The requester takes the guest off the request: the link closes, the comment stays.
  await request.getByRole('button', { name: `${guest} aus der Review-Anfrage entfernen` }).click();
  const confirm = page.getByRole('dialog', { name: `${guest} aus der Review-Anfrage entfernen?` });
  await expect(confirm).toBeVisible();
  await expectFitsAndAccessible(page);
  await confirm.getByRole('button', { name: 'Entfernen' }).click();
  await expect(page.getByText(`${guest} wurde aus der Review-Anfrage entfernt.`)).toBeVisible();
  await expect(page.getByText(`${guest} (Gast): erledigt`)).toHaveCount(0);
  await expect(page.getByText('The chart on this page is too pale.')).toBeVisible();
  const closed = await page.request.get(link);
  expect(closed.status()).toBe(404);
  await context.close();
});

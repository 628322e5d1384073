import { expect, test } from '@playwright/test';
import { sentTo } from '../test/smtp-server.js';
import { serverWithMailForThisFile } from './mail-server-helper.js';
import { signIn } from './sign-in-helper.js';
import { expectFitsAndAccessible, onePagePdf, uploadToSpace } from './space-helper.js';

// A link for named people, end to end through a real SMTP server: a member shares a file with one
// address (English, 390 px); the recipient gets the link by mail, opens it on a phone in German,
// gives their address, reads the code from the second mail and sees the file. A guessed code is
// refused in words, and the member can take the address away, which locks the recipient out at once.
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

import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { importPackage } from './package-import-helper.js';
import { createPerson, signInQuietly } from './people-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// Each form, given something only the server can refuse (a name or address that is taken, a value
// its rules do not allow): the server's own words appear at the field or in the form's alert, in the
// language of the page; never only a red outline, never an error code. Half in English, half in German.

let server: RunningServer;
const COURSE = 'Ladder safety';
const LEARNER = { email: 'rosa@example.com', firstName: 'Rosa', lastName: 'Refused', roles: ['learner'] };
const OTHER = { email: 'olaf@example.com', firstName: 'Olaf', lastName: 'Other', roles: ['learner'] };
let courseId: string;
let learnerId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

/** The field says it: its accessible description holds the server's message. */
async function expectFieldSays(field: Locator, message: string | RegExp): Promise<void> {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(message instanceof RegExp ? message : new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}

async function germanAdmin(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE' });
  const page = await context.newPage();
  await signInQuietly(page, server.url, server.adminEmail, server.adminPassword);
  return page;
}

test('in English: invitation, user profile, category, settings and certificate template show the server’s refusal', async ({ page }) => {
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await importPackage(page, await buildScormPackage('1.2', COURSE, [{ id: 'SCO-1', title: 'Lesson 1' }]), COURSE);
  courseId = new URL(page.url()).pathname.split('/').at(-1)!;
  learnerId = await createPerson(page.request, server.url, LEARNER);
  await createPerson(page.request, server.url, OTHER);

  // Inviting someone whose address is taken.
  await page.goto(`${server.url}/users`);
  await page.getByRole('button', { name: 'Invite user' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite a user' });
  await invite.getByLabel('E-mail', { exact: true }).fill(OTHER.email);
  await invite.getByLabel('First name').fill('Olga');
  await invite.getByLabel('Last name').fill('Other');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite).toContainText('A user with this e-mail address exists already.');
  await page.keyboard.press('Escape');

  // Giving a user another user's address on their page.
  await page.goto(`${server.url}/users/${learnerId}`);
  const email = page.getByRole('textbox', { name: 'E-mail' });
  await email.fill(OTHER.email);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('main')).toContainText('A user with this e-mail address exists already.');

  // A category whose name is taken.
  await page.goto(`${server.url}/courses/categories`);
  const categories = page.getByRole('region', { name: 'Add a category' });
  for (let i = 0; i < 2; i++) {
    await categories.getByLabel('Name').fill('Safety');
    await categories.getByRole('button', { name: 'Add category' }).click();
    // The form empties itself once the first category is added: fill it again only after that.
    if (i === 0) await expect(categories.getByLabel('Name')).toHaveValue('');
  }
  await expectFieldSays(categories.getByLabel('Name'), 'There is already a category of this name.');

  // A content origin that is not one.
  await page.goto(`${server.url}/settings`);
  const origins = page.getByRole('combobox', { name: 'Allowed content origins' });
  await origins.fill('ftp://files.example.com');
  await origins.press('Enter');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFieldSays(origins, /https/);

  // A certificate heading with a character that turns the text around.
  await page.goto(`${server.url}/courses/${courseId}`);
  await page.getByRole('tab', { name: 'Certificate' }).click();
  const heading = page.getByLabel('Heading', { exact: true });
  await heading.fill('Certificate \u202Eof reversal');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFieldSays(heading, 'contains characters that change the writing direction');
});

test('auf Deutsch: Gruppe, Kursangaben, Branding, Passwort und Zwei-Faktor-Anmeldung zeigen die Ablehnung des Servers', async ({ browser }) => {
  const page = await germanAdmin(browser);

  // Eine Gruppe, deren Name an dieser Stelle vergeben ist.
  await page.goto(`${server.url}/groups`);
  const newGroup = page.getByRole('form', { name: 'Neue Gruppe' });
  for (let i = 0; i < 2; i++) {
    await newGroup.getByLabel('Name').fill('Vertrieb');
    await newGroup.getByRole('button', { name: 'Gruppe anlegen' }).click();
    if (i === 0) await expect(page.getByText('Gruppe „Vertrieb“ angelegt.')).toBeVisible();
  }
  await expectFieldSays(newGroup.getByLabel('Name'), 'Eine Gruppe mit diesem Namen gibt es an dieser Stelle schon.');

  // Eine Sprache, die kein Sprachkürzel ist.
  await page.goto(`${server.url}/courses/${courseId}`);
  await page.getByRole('button', { name: 'Angaben bearbeiten' }).click();
  const details = page.getByRole('dialog', { name: 'Angaben bearbeiten' });
  const language = details.getByLabel('Sprache der Inhalte');
  await language.fill('Deutsch (Schweiz)');
  await details.getByRole('button', { name: 'Speichern' }).click();
  await expectFieldSays(language, 'muss ein Sprachkürzel sein');
  await page.keyboard.press('Escape');

  // Eine Hauptfarbe, auf der weiße Schrift nicht lesbar ist.
  await page.goto(`${server.url}/settings/branding`);
  const colour = page.getByLabel('Hauptfarbe');
  await colour.fill('#ffee00');
  await page.getByRole('form', { name: 'Name und Farbe' }).getByRole('button', { name: 'Speichern' }).click();
  await expectFieldSays(colour, /Kontrast/);

  // Ein falsches aktuelles Passwort.
  await page.goto(`${server.url}/account`);
  const password = page.getByRole('form', { name: 'Passwort ändern' });
  await password.getByLabel('Aktuelles Passwort', { exact: true }).fill('Not-My-Password-1');
  await password.getByLabel('Neues Passwort', { exact: true }).fill('Fresh-Lantern-2032');
  await password.getByLabel('Neues Passwort wiederholen', { exact: true }).fill('Fresh-Lantern-2032');
  await password.getByRole('button', { name: 'Passwort ändern' }).click();
  await expectFieldSays(password.getByLabel('Aktuelles Passwort', { exact: true }), 'falsches Passwort');

  // Ein Code, der nicht aus der Authenticator-App stammt.
  await page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung einrichten' }).click();
  const mfa = page.getByRole('form', { name: 'Zwei-Faktor-Anmeldung einrichten' });
  await mfa.getByLabel('Aktuelles Passwort', { exact: true }).fill(server.adminPassword);
  await mfa.getByRole('button', { name: 'Weiter' }).click();
  const code = mfa.getByLabel('6-stelliger Code');
  await code.fill('000000');
  await mfa.getByRole('button', { name: 'Einschalten' }).click();
  await expectFieldSays(code, 'falsch, abgelaufen oder bereits verwendet');
  await page.context().close();
});

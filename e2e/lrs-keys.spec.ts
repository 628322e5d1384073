import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';

// An administrator opens the Learning Record Store from the navigation, makes an LRS key (the
// form's own and the server's refusals first), sees key and secret once, finds the key in the
// list without its secret, and revokes it: in English and German, on a wide screen and at 390 px.

const server = serverForThisFile();

const TEXTS = {
  en: {
    locale: 'en-GB',
    navigation: 'Main navigation',
    toggleNavigation: 'Show or hide navigation',
    link: 'Learning Record Store',
    heading: 'Learning Record Store (LRS)',
    copyEndpoint: 'Copy endpoint',
    newKey: 'New key',
    form: 'New key',
    name: 'Name',
    permissions: 'Permissions',
    write: 'Send learning records',
    readMine: 'Read the learning records it sent itself',
    state: 'Save and restore where learners are in a course',
    create: 'Create key',
    required: 'Please fill in this field.',
    scopesRequired: 'Choose at least one permission.',
    created: (name: string) => `Key “${name}” created`,
    notShownAgain: 'it is not shown again',
    key: 'Key (user name)',
    secret: 'Secret (password)',
    endpoint: 'Endpoint',
    copySecret: 'Copy secret',
    copied: 'Copied',
    done: 'Done',
    caption: 'LRS keys of this site',
    never: 'Never',
    active: 'Active',
    revoked: 'Revoked',
    revokeNamed: (name: string) => `Revoke key ${name}`,
    revokeTitle: 'Revoke this key?',
    revoke: 'Revoke',
    revokedNote: (name: string) => `The key “${name}” was revoked.`,
  },
  de: {
    locale: 'de-DE',
    navigation: 'Hauptnavigation',
    toggleNavigation: 'Navigation ein- oder ausblenden',
    link: 'Learning Record Store',
    heading: 'Learning Record Store (LRS)',
    copyEndpoint: 'Endpunkt kopieren',
    newKey: 'Neuer Schlüssel',
    form: 'Neuer Schlüssel',
    name: 'Name',
    permissions: 'Berechtigungen',
    write: 'Lerndaten senden',
    readMine: 'Die selbst gesendeten Lerndaten lesen',
    state: 'Den Stand der Lernenden in einem Kurs speichern und abrufen',
    create: 'Schlüssel erstellen',
    required: 'Bitte füllen Sie dieses Feld aus.',
    scopesRequired: 'Wählen Sie mindestens eine Berechtigung.',
    created: (name: string) => `Schlüssel „${name}“ erstellt`,
    notShownAgain: 'Es wird nicht noch einmal angezeigt',
    key: 'Schlüssel (Benutzername)',
    secret: 'Geheimnis (Passwort)',
    endpoint: 'Endpunkt',
    copySecret: 'Geheimnis kopieren',
    copied: 'Kopiert',
    done: 'Fertig',
    caption: 'LRS-Schlüssel dieser Site',
    never: 'Nie',
    active: 'Aktiv',
    revoked: 'Widerrufen',
    revokeNamed: (name: string) => `Schlüssel ${name} widerrufen`,
    revokeTitle: 'Diesen Schlüssel widerrufen?',
    revoke: 'Widerrufen',
    revokedNote: (name: string) => `Der Schlüssel „${name}“ wurde widerrufen.`,
  },
} as const;

const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

interface KeyView {
  id: string;
  name: string;
  key: string;
  scopes: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The value the new key's panel shows under a label (key, secret, endpoint). */
async function shown(panel: Locator, label: string): Promise<string> {
  const value = panel.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]').locator('code');
  return (await value.innerText()).trim();
}

/** On a phone the page does not scroll sideways (the table scrolls in its own region); axe finds nothing. */
async function expectFitsAndAccessible(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page, 'the page scrolls sideways').toBeLessThanOrEqual(widths.screen);
  await expectAccessible(page);
}

async function listedKeys(page: Page): Promise<{ text: string; keys: KeyView[]; endpoint: string }> {
  const res = await page.request.get(`${server.url}/api/lrs/keys`);
  expect(res.status()).toBe(200);
  const text = await res.text();
  return { text, ...(JSON.parse(text) as { keys: KeyView[]; endpoint: string }) };
}

for (const language of ['en', 'de'] as const) {
  for (const [width, viewport] of [
    ['wide', WIDE],
    ['390 px', PHONE],
  ] as const) {
    test(`an administrator makes an LRS key, sees its secret once and revokes it (${language}, ${width})`, async ({ browser }) => {
      const text = TEXTS[language];
      const keyName = `Fire safety course (${language}, ${width})`;
      const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale, viewport });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      const page = await context.newPage();
      await signIn(page, server.url, server.adminEmail, server.adminPassword, language);

      // From the navigation (behind the menu button on a phone).
      if (viewport === PHONE) await page.getByRole('button', { name: text.toggleNavigation }).click();
      await page.getByRole('navigation', { name: text.navigation }).getByRole('link', { name: text.link }).click();
      await expect(page).toHaveURL(/\/lrs$/);
      await expect(page.getByRole('heading', { level: 1, name: text.heading })).toBeVisible();
      const before = await listedKeys(page);
      expect(before.endpoint).toMatch(/^https:\/\/.+\/xapi\/$/);
      await expect(page.getByText(before.endpoint, { exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: text.copyEndpoint })).toBeVisible();
      await expectFitsAndAccessible(page);

      // The form: write statements and read its own ticked; nothing goes out without a name and a permission.
      await page.getByRole('button', { name: text.newKey }).click();
      const form = page.getByRole('form', { name: text.form });
      await expect(form.getByLabel(text.name, { exact: true })).toBeFocused();
      await expect(form.getByRole('checkbox', { name: text.write })).toBeChecked();
      await expect(form.getByRole('checkbox', { name: text.readMine })).toBeChecked();
      await expect(form.getByRole('checkbox', { name: text.state })).not.toBeChecked();
      await form.getByRole('checkbox', { name: text.write }).uncheck();
      await form.getByRole('checkbox', { name: text.readMine }).uncheck();
      let posted = 0;
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/api/lrs/keys')) posted++;
      });
      await form.getByRole('button', { name: text.create }).click();
      await expect(form.getByText(text.required, { exact: true })).toBeVisible();
      await expect(form.getByRole('group', { name: text.permissions })).toHaveAccessibleDescription(new RegExp(text.scopesRequired));
      await expect(form.getByLabel(text.name, { exact: true })).toHaveAttribute('aria-invalid', 'true');
      await expect(form.getByLabel(text.name, { exact: true })).toBeFocused();
      expect(posted).toBe(0);
      await expectFitsAndAccessible(page);

      // The server's refusal of a scope it does not know shows at the permissions (the request altered on its way).
      await form.getByLabel(text.name, { exact: true }).fill(keyName);
      await form.getByRole('checkbox', { name: text.write }).check();
      await expect(form.getByText(text.required, { exact: true })).toHaveCount(0);
      await expect(form.getByText(text.scopesRequired, { exact: true })).toHaveCount(0);
      await page.route('**/api/lrs/keys', (route) => route.continue({ postData: JSON.stringify({ name: keyName, scopes: ['everything'] }) }));
      const refused = page.waitForResponse((res) => res.request().method() === 'POST' && res.url().endsWith('/api/lrs/keys'));
      await form.getByRole('button', { name: text.create }).click();
      expect((await refused).status()).toBe(400);
      // The server's message, naming the refused entry, describes the group of checkboxes.
      await expect(form.getByRole('group', { name: text.permissions })).toHaveAccessibleDescription(new RegExp(`${text.permissions} \\((entry|Eintrag) 1\\)`));
      await expect(form.getByLabel(text.name, { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
      await expect(form.getByRole('checkbox', { name: text.write })).toBeFocused();
      await expect(page.getByRole('alert')).toHaveCount(0);
      await page.unroute('**/api/lrs/keys');

      await form.getByRole('checkbox', { name: text.readMine }).check();
      await form.getByRole('checkbox', { name: text.state }).check();
      await form.getByRole('button', { name: text.create }).click();

      // Key, secret and endpoint, once, with a warning; the panel has the focus.
      const panel = page.getByRole('status').filter({ hasText: text.created(keyName) });
      await expect(panel).toBeVisible();
      await expect(panel).toBeFocused();
      await expect(panel).toContainText(text.notShownAgain);
      await expect(form).toHaveCount(0);
      const key = await shown(panel, text.key);
      const secret = await shown(panel, text.secret);
      expect(key).toMatch(/^lrs_[0-9a-f]{20}$/);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await shown(panel, text.endpoint)).toBe(before.endpoint);
      await panel.getByRole('button', { name: text.copySecret }).click();
      await expect(panel.getByRole('button', { name: text.copied })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await expectFitsAndAccessible(page);

      // The list (on the page and from the API) has the key, unused and active, never its secret.
      const listed = await listedKeys(page);
      expect(listed.text).not.toContain(secret);
      expect(listed.keys.find((k) => k.key === key)).toMatchObject({ name: keyName, scopes: ['statements/write', 'statements/read/mine', 'state'], lastUsedAt: null, revokedAt: null });
      const table = page.getByRole('region', { name: text.caption });
      const row = table.getByRole('row').filter({ hasText: key });
      await expect(row).toContainText(keyName);
      for (const words of [text.write, text.readMine, text.state, text.never, text.active]) await expect(row).toContainText(words);

      await panel.getByRole('button', { name: text.done }).click();
      await expect(panel).toHaveCount(0);
      await expect(page.getByRole('button', { name: text.newKey })).toBeFocused();
      expect(await page.content()).not.toContain(secret);
      await page.reload();
      await expect(row).toBeVisible();
      expect(await page.content()).not.toContain(secret);

      // Revoked after a question: the list says so, and the key has nothing left to revoke.
      await row.getByRole('button', { name: text.revokeNamed(keyName) }).click();
      const dialog = page.getByRole('dialog', { name: text.revokeTitle });
      await expect(dialog).toContainText(key);
      await expectFitsAndAccessible(page);
      await dialog.getByRole('button', { name: text.revoke, exact: true }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByText(text.revokedNote(keyName))).toBeVisible();
      await expect(row).toContainText(text.revoked);
      await expect(row.getByRole('button')).toHaveCount(0);
      expect((await listedKeys(page)).keys.find((k) => k.key === key)?.revokedAt).not.toBeNull();
      await expectFitsAndAccessible(page);
      await context.close();
    });
  }
}

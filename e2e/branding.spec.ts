import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';

// An administrator brands the site: its name, a colour (a too light one is refused with the
// contrast it gives), a logo; the header, the theme and the public pages follow, in both languages.
const server = serverForThisFile();

/** A 48 × 16 PNG: a dark blue square and an orange bar. */
const LOGO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAQCAIAAADfzGvmAAAAKUlEQVR42mMQ8m4gCb2I5KEpYhh10KiDRh006qBRB406aNRBow6ir4MAdXB3Lme7asMAAAAASUVORK5CYII=',
  'base64',
);
const PURPLE = '#7b2d8e';

async function openBranding(page: Page, tab: string) {
  await page.goto(`${server.url}/settings/branding`);
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

test('an administrator sets name, colour and logo; the header, theme and sign-in page show them', async ({ page, browser }) => {
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Branding' }).click();
  await expect(page).toHaveURL(/\/settings\/branding$/);
  const form = page.getByRole('form', { name: 'Name and colour' });

  // A colour white text is hard to read on is refused, with the contrast it gives.
  await form.getByLabel('Main colour').fill('#777777');
  await expect(form.getByText('White text on this colour: 4.48:1')).toBeVisible();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/^Main colour: gives white text a contrast of only 4\.48:1/)).toBeVisible();
  await expect(form.getByLabel('Main colour')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await form.getByLabel('Site name').fill('Harbour Academy');
  await form.getByLabel('Main colour').fill(PURPLE);
  await form.getByLabel('E-mail sender name').fill('Harbour Academy');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('The branding was saved.')).toBeVisible();
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: 'Harbour Academy' })).toBeVisible();
  // Filled buttons take the site's colour itself.
  await expect(form.getByRole('button', { name: 'Save' })).toHaveCSS('background-color', 'rgb(123, 45, 142)');

  // A text file named like an image is refused by its bytes.
  const logo = page.getByRole('region', { name: 'Logo' });
  await logo.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
  await expect(logo.getByText('The logo must be a PNG, JPEG or WebP image (SVG is not accepted).')).toBeVisible();

  await logo.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: LOGO_PNG });
  await expect(logo.getByText('The logo was saved.')).toBeVisible();
  const headerLogo = header.getByRole('img', { name: 'Harbour Academy' });
  await expect(headerLogo).toBeVisible();
  await expect.poll(() => headerLogo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);
  await expect(logo.getByRole('img', { name: 'Harbour Academy' })).toBeVisible();
  await expectAccessible(page);

  // The public pages, in German: the logo and name in the header, the colour on the button.
  const german = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE' });
  const visitor = await german.newPage();
  await visitor.goto(`${server.url}/sign-in`);
  await expect(visitor.getByRole('banner').getByRole('img', { name: 'Harbour Academy' })).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Anmelden' })).toHaveCSS('background-color', 'rgb(123, 45, 142)');
  await expectAccessible(visitor);

  // Signed in in German: the refusal speaks German too.
  await visitor.getByLabel('E-Mail', { exact: true }).fill(server.adminEmail);
  await visitor.getByLabel('Passwort', { exact: true }).fill(server.adminPassword);
  await visitor.getByRole('button', { name: 'Anmelden' }).click();
  await expect(visitor.getByRole('heading', { name: /^Willkommen/ })).toBeVisible();
  await openBranding(visitor, 'Erscheinungsbild');
  const germanForm = visitor.getByRole('form', { name: 'Name und Farbe' });
  await germanForm.getByLabel('Hauptfarbe').fill('#ffff00');
  await germanForm.getByRole('button', { name: 'Speichern' }).click();
  await expect(germanForm.getByText(/^Hauptfarbe: ergibt mit weißer Schrift nur einen Kontrast von 1,07:1/)).toBeVisible();
  await expectAccessible(visitor);
  await german.close();

  // Removing the logo leaves the name.
  await logo.getByRole('button', { name: 'Remove logo' }).click();
  await expect(logo.getByText('The logo was removed.')).toBeVisible();
  await expect(header.getByRole('img')).toHaveCount(0);
  await expect(header.getByRole('link', { name: 'Harbour Academy' })).toBeVisible();
});

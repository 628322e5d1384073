import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { sentTo, smtpEnv, startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';
import { expectAccessible } from './accessibility.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// The public store, without script: a buyer opens the catalogue, searches, opens a product, changes
// the country its price is shown for, goes to checkout, sends the form once with a mistake (shown at
// its field), then right, and lands on the order page. In English and German (the browser's
// language), at desktop width and on a phone (390 px, no sideways scrolling), a paid product by bank
// transfer and a free one; axe finds nothing on any of the four pages.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let server: RunningServer;
let smtp: TestSmtpServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  // A free order without an account waits for its address to be confirmed by mail.
  smtp = await startTestSmtpServer();
  server = await startServer({ env: smtpEnv(smtp) });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const request = page.request;
  const zip = await readFile(await buildScormPackage('1.2', 'Fire safety', [{ id: 'intro', title: 'Raising the alarm' }, { id: 'test', title: 'Using an extinguisher' }]));
  const uploaded = await request.post(`${server.url}/api/learn/packages?fileName=course.zip`, { data: zip, headers: { 'content-type': 'application/zip' } });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const courseId = ((await uploaded.json()) as { course: { id: string } }).course.id;
  expect((await request.post(`${server.url}/api/learn/courses/${courseId}/status`, { data: { status: 'published' } })).ok()).toBe(true);
  const settings = await request.patch(`${server.url}/api/admin/settings`, {
    data: { market: { open: true, sellerName: 'Demo Academy GmbH', sellerCountry: 'DE', bankTransfer: { enabled: true, accountHolder: 'Demo Academy GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } } },
  });
  expect(settings.status(), await settings.text()).toBe(200);
  const products = [
    { slug: 'fire-safety', title: 'Fire safety at work', summary: 'What to do when the alarm rings.', description: 'Raise the alarm.\n\nUse the right extinguisher.', instructorName: 'Grace Hopper', instructorBio: 'Fire warden for twenty years.', seatPacks: true, accessDays: 365, language: 'en', prices: [{ currency: 'EUR', amountMinor: 11900 }] },
    { slug: 'fire-taster', title: 'Fire safety taster', summary: 'A free first look at fire safety.', free: true, language: 'en', prices: [] },
    { slug: 'erste-hilfe', title: 'Brandschutz für Teams', summary: 'Brandschutz im Büro.', language: 'de', prices: [{ currency: 'EUR', amountMinor: 4900 }], previewCourseId: courseId },
  ];
  for (const product of products) {
    const res = await request.post(`${server.url}/api/market/products`, { data: { kind: 'course', status: 'published', courseIds: [courseId], ...product } });
    expect(res.status(), await res.text()).toBe(201);
  }
  await context.close();
});

test.afterAll(async () => {
  await server.stop();
  await smtp.close();
});

/** The page does not scroll sideways and has one h1; axe (WCAG 2.1 A/AA) finds nothing. */
async function checkPage(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await expect(page.locator('h1')).toHaveCount(1);
  await expectAccessible(page);
}

const WORDS = {
  en: {
    search: 'Search courses',
    searchButton: 'Search',
    country: 'Your country',
    showPrice: 'Show price',
    buy: 'Buy now',
    enrol: 'Enrol for free',
    checkout: 'Checkout',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'E-mail address',
    billingCountry: 'Country',
    vatId: 'VAT ID',
    address: 'Billing address',
    bankTransfer: 'Bank transfer (you receive the bank details)',
    placeOrder: 'Buy now',
    placeFree: 'Enrol for free',
    firstNameMissing: 'Enter your first name.',
    vatIdCountry: "The VAT ID belongs to another country than the billing address's.",
    frenchVat: '€119.00 incl. 20 % VAT',
    waiting: 'We are waiting for your bank transfer',
    enrolled: 'You are enrolled — your courses are ready, we have sent you an e-mail.',
    confirmFirst: 'Please confirm your e-mail address: we have sent you an e-mail with a link.',
    confirm: 'Confirm my order',
    lessons: 'Using an extinguisher',
  },
  de: {
    search: 'Kurse durchsuchen',
    searchButton: 'Suchen',
    country: 'Ihr Land',
    showPrice: 'Preis zeigen',
    buy: 'Jetzt kaufen',
    enrol: 'Kostenlos einschreiben',
    checkout: 'Kasse',
    firstName: 'Vorname',
    lastName: 'Nachname',
    email: 'E-Mail-Adresse',
    billingCountry: 'Land',
    vatId: 'USt-IdNr.',
    address: 'Rechnungsadresse',
    bankTransfer: 'Überweisung (Sie erhalten die Bankverbindung)',
    placeOrder: 'Zahlungspflichtig bestellen',
    placeFree: 'Kostenlos einschreiben',
    firstNameMissing: 'Geben Sie Ihren Vornamen ein.',
    vatIdCountry: 'Die USt-IdNr. gehört zu einem anderen Land als die Rechnungsadresse.',
    frenchVat: '119,00 € inkl. 20 % MwSt.',
    waiting: 'Wir warten auf Ihre Überweisung',
    enrolled: 'Sie sind eingeschrieben — Ihre Kurse sind bereit, wir haben Ihnen eine E-Mail geschickt.',
    confirmFirst: 'Bitte bestätigen Sie Ihre E-Mail-Adresse: Wir haben Ihnen eine E-Mail mit einem Link geschickt.',
    confirm: 'Bestellung bestätigen',
    lessons: 'Using an extinguisher',
  },
} as const;

const RUNS = [
  { language: 'en', viewport: DESKTOP, free: false },
  { language: 'de', viewport: PHONE, free: true },
  { language: 'en', viewport: PHONE, free: true },
  { language: 'de', viewport: DESKTOP, free: false },
] as const;

for (const run of RUNS) {
  const width = run.viewport === PHONE ? '390 px' : 'desktop width';
  test(`a buyer finds a ${run.free ? 'free' : 'paid'} course, checks out and reaches the order page (${run.language}, ${width})`, async ({ browser }) => {
    const w = WORDS[run.language];
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: run.language === 'de' ? 'de-DE' : 'en-GB', viewport: run.viewport });
    const page = await context.newPage();
    const email = `buyer-${run.language}-${run.viewport.width}@example.com`;

    await page.goto(`${server.url}/store`);
    await expect(page.locator('html')).toHaveAttribute('lang', run.language);
    await expect(page.getByRole('link', { name: 'Fire safety at work' })).toBeVisible();
    await checkPage(page);

    // The keyboard reaches the skip link first, and it leads to the content.
    await page.keyboard.press('Tab');
    await expect(page.locator('.skip-link')).toBeFocused();

    await page.getByLabel(w.search).fill(run.free ? 'taster' : 'fire safety at');
    await page.getByRole('button', { name: w.searchButton }).click();
    await expect(page.getByRole('link', { name: 'Brandschutz für Teams' })).toHaveCount(0);
    const title = run.free ? 'Fire safety taster' : 'Fire safety at work';
    await page.getByRole('link', { name: title }).click();

    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await expect(page.getByText(w.lessons)).toBeVisible();
    await checkPage(page);
    if (!run.free) {
      await page.getByLabel(w.country).selectOption('FR');
      await page.getByRole('button', { name: w.showPrice }).click();
      await expect(page.locator('.price-box p').first()).toHaveText(w.frenchVat);
      await page.getByRole('link', { name: w.buy }).click();
    } else {
      await page.getByRole('link', { name: w.enrol }).click();
    }

    await expect(page.getByRole('heading', { name: w.checkout, level: 1 })).toBeVisible();
    await page.getByLabel(w.lastName).fill('Lovelace');
    await page.getByLabel(w.email).fill(email);
    await page.getByLabel(w.billingCountry, { exact: true }).selectOption('DE');
    if (run.free) {
      // The first name is left out: the form comes back with the problem at its field.
      await page.getByRole('button', { name: w.placeFree }).click();
      await expect(page.locator('#firstName-error')).toHaveText(w.firstNameMissing);
      await expect(page.getByLabel(w.firstName)).toHaveAttribute('aria-invalid', 'true');
    } else {
      await page.getByLabel(w.firstName).fill('Ada');
      await page.getByLabel(w.address).fill('Hauptstraße 1\n10115 Berlin');
      await page.getByLabel(w.vatId).fill('FR40303265045');
      await page.getByRole('radio', { name: w.bankTransfer }).check();
      await page.getByRole('button', { name: w.placeOrder }).click();
      await expect(page.locator('#vatId-error')).toHaveText(w.vatIdCountry);
      await expect(page.getByLabel(w.vatId)).toHaveAttribute('aria-invalid', 'true');
      // What was typed is kept.
      await expect(page.getByLabel(w.address)).toHaveValue('Hauptstraße 1\n10115 Berlin');
    }
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByLabel(w.email)).toHaveValue(email);
    await checkPage(page);

    if (run.free) {
      await page.getByLabel(w.firstName).fill('Ada');
      await page.getByRole('button', { name: w.placeFree }).click();
    } else {
      await page.getByLabel(w.vatId).fill('');
      await page.getByRole('button', { name: w.placeOrder }).click();
    }

    await expect(page).toHaveURL(/\/store\/orders\/[0-9a-f-]{36}$/);
    await expect(page.locator('.status')).toContainText(run.free ? w.confirmFirst : w.waiting);
    await expect(page.getByText(email)).toHaveCount(0);
    await checkPage(page);
    if (run.free) {
      // The mailed link opens a page whose button confirms the order; then the course is there.
      const mail = await smtp.waitForMail(sentTo(email));
      const link = /https?:\/\/\S+\/confirm\?token=[\w-]+/.exec(mail.text)![0];
      await page.goto(`${server.url}${new URL(link).pathname}${new URL(link).search}`);
      await checkPage(page);
      await page.getByRole('button', { name: w.confirm }).click();
      await expect(page).toHaveURL(/\/store\/orders\/[0-9a-f-]{36}$/);
      await expect(page.locator('.status')).toContainText(w.enrolled);
      await checkPage(page);
    }
    await context.close();
  });
}

test('a visitor without an account watches the free preview from the landing page, on a phone in German', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${server.url}/store/p/erste-hilfe`);
  await expect(page.getByRole('heading', { name: 'Brandschutz für Teams', level: 1 })).toBeVisible();
  await expect(page.getByText('Ohne Konto; was Sie in der Vorschau tun, wird nicht gespeichert.')).toBeVisible();
  await checkPage(page);
  await page.getByRole('link', { name: 'Kostenlose Vorschau ansehen' }).click();
  await expect(page).toHaveURL(/\/store-preview\/erste-hilfe\/[0-9a-f-]{36}$/);
  // The course plays in Learn's player, marked as a preview; the visitor has no session to end.
  const content = page.locator('iframe[title^="Kursinhalt"]').contentFrame().frameLocator('iframe');
  await expect(content.getByRole('heading', { name: 'Raising the alarm' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Vorschau: Was Sie hier tun, wird nicht aufgezeichnet.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expectAccessible(page);
  // Leaving the player goes back to the landing page.
  await page.getByRole('button', { name: 'Beenden' }).click();
  await expect(page.getByRole('heading', { name: 'Brandschutz für Teams', level: 1 })).toBeVisible();
  await context.close();
});

import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { createPerson, signInQuietly } from './people-helper.js';
import { startServer, type RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

// The seller's store in the admin app, in German: the administrator opens the store with the
// seller's details, adds a product for a course with its price typed as "49,90" (stored as 4990
// cents), sees it in the list, turns on bank transfer, and adds a coupon. A buyer without a session
// buys the product by bank transfer; the administrator finds the order by the buyer's e-mail, marks
// the transfer received, downloads the invoice (a PDF) and refunds the order. The sales report shows
// the sale, and the buyer (an existing learner) finds the order under "My purchases". Then every
// store page, in German and English, at desktop width and on a phone (390 px): one h1, no sideways
// scrolling, and axe finds nothing (WCAG 2.1 A/AA).

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const COURSE = 'Brandschutz im Büro';
const PRODUCT = 'Brandschutz für Teams';
const SLUG = 'brandschutz-fuer-teams';
const COUPON = 'FRUEHLING';
const BUYER = { email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace', roles: ['learner'], password: 'Analytical-Engine-1843' };

let server: RunningServer;
/** What the first test made, for the pages the later ones visit. */
const made = { productId: '', orderId: '', couponId: '' };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  server = await startServer();
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const request = page.request;
  // A published course to sell, and the learner who will buy it (without signing in).
  const zip = await readFile(await buildScormPackage('1.2', COURSE, [{ id: 'SCO-1', title: 'Den Alarm auslösen' }]));
  const uploaded = await request.post(`${server.url}/api/learn/packages?fileName=course.zip`, { data: zip, headers: { 'content-type': 'application/zip' } });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const courseId = ((await uploaded.json()) as { course: { id: string } }).course.id;
  expect((await request.post(`${server.url}/api/learn/courses/${courseId}/status`, { data: { status: 'published' } })).ok()).toBe(true);
  await createPerson(request, server.url, BUYER);
  await context.close();
});

test.afterAll(async () => {
  await server.stop();
});

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: label });

/** Once the page has come to rest: one h1, nothing scrolls sideways, and axe finds nothing. */
async function checkPage(page: Page, what: string): Promise<void> {
  await test.step(what, async () => {
    await page.waitForLoadState('networkidle');
    await expect(page.getByRole('main').getByLabel(/^(Loading…|Wird geladen…)$/)).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 }), `${what}: one h1`).toHaveCount(1);
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
    expect(widths.page, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(widths.screen);
    await expectAccessible(page);
  });
}

async function adminPage(browser: Browser, locale: 'de-DE' | 'en-GB', viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale, viewport });
  const page = await context.newPage();
  await signInQuietly(page, server.url, server.adminEmail, server.adminPassword);
  return page;
}

test('the administrator opens the store, sells a course by bank transfer, marks it paid, downloads the invoice and refunds it (German)', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: DESKTOP });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'de');
  const main = page.getByRole('main');

  // The store menu, its overview and settings: closed at first; opened with the seller's details.
  await nav(page, 'Hauptnavigation').getByRole('link', { name: 'Shop', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Shop-Einstellungen', level: 1 })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Shop ansehen' })).toHaveAttribute('href', '/store');
  await expect(main.getByText('Geschlossen', { exact: true })).toBeVisible();
  await checkPage(page, 'store settings');
  await page.getByRole('switch', { name: 'Der Shop ist geöffnet' }).check();
  await page.getByRole('button', { name: 'Speichern' }).click();
  // An open store needs a seller for its invoices: the form says so at the field.
  await expect(page.getByRole('textbox', { name: 'Name oder Firma', exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('textbox', { name: 'Name oder Firma', exact: true })).toBeFocused();
  await page.getByRole('textbox', { name: 'Name oder Firma', exact: true }).fill('Demo Academy GmbH');
  await page.getByRole('textbox', { name: 'Anschrift', exact: true }).fill('Hauptstraße 1\n10115 Berlin');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByText('Die Shop-Einstellungen wurden gespeichert.')).toBeVisible();
  await expect(main.getByText('Geöffnet', { exact: true })).toBeVisible();

  // A product for the course, its price typed the German way.
  await page.getByRole('tab', { name: 'Produkte' }).click();
  await expect(page.getByRole('heading', { name: 'Produkte', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Neues Produkt' }).click();
  await expect(page.getByRole('heading', { name: 'Neues Produkt', level: 1 })).toBeVisible();
  await page.getByRole('textbox', { name: 'Titel', exact: true }).fill(PRODUCT);
  await expect(page.getByRole('textbox', { name: 'Adresse im Shop', exact: true })).toHaveValue(SLUG);
  await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('published');
  await page.getByRole('combobox', { name: 'Kurs', exact: true }).fill(COURSE);
  await page.getByRole('option', { name: COURSE, exact: true }).click();
  await page.getByRole('button', { name: 'Kurs hinzufügen' }).click();
  await expect(page.getByRole('list', { name: 'Kurse des Produkts' }).getByText(COURSE)).toBeVisible();
  const price = page.getByRole('group', { name: 'Preis 1' });
  await expect(price.getByRole('combobox', { name: 'Währung', exact: true })).toHaveValue('EUR');
  // More decimals than the euro has are refused at the field, not rounded.
  await price.getByRole('textbox', { name: 'Betrag', exact: true }).fill('12,345');
  await page.getByRole('button', { name: 'Produkt anlegen' }).click();
  await expect(price.getByText('Diese Währung hat weniger Nachkommastellen.')).toBeVisible();
  await expect(price.getByRole('textbox', { name: 'Betrag', exact: true })).toBeFocused();
  await checkPage(page, 'new product with a refused price');
  await price.getByRole('textbox', { name: 'Betrag', exact: true }).fill('49,90');
  await page.getByRole('button', { name: 'Produkt anlegen' }).click();
  await expect(page.getByText(`Das Produkt „${PRODUCT}“ wurde angelegt.`)).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(PRODUCT) });
  await expect(row).toContainText(/49,90\s€/);
  await expect(row).toContainText('Veröffentlicht');
  await expect(row).toContainText(COURSE);
  const products = (await (await page.request.get(`${server.url}/api/market/products`)).json()) as { products: { id: string; slug: string; prices: unknown[] }[] };
  const product = products.products.find((p) => p.slug === SLUG);
  expect(product?.prices).toEqual([{ currency: 'EUR', amountMinor: 4990 }]);
  made.productId = product!.id;

  // Bank transfer, with the account buyers pay to.
  await page.getByRole('tab', { name: 'Überblick' }).click();
  await page.getByRole('switch', { name: 'Zahlung per Überweisung anbieten' }).check();
  await page.getByRole('textbox', { name: 'Kontoinhaber', exact: true }).fill('Demo Academy GmbH');
  await page.getByRole('textbox', { name: 'IBAN', exact: true }).fill('DE89 3704 0044 0532 0130 00');
  await page.getByRole('textbox', { name: 'BIC', exact: true }).fill('COBADEFFXXX');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByText('Die Shop-Einstellungen wurden gespeichert.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'IBAN', exact: true })).toHaveValue('DE89370400440532013000');
  await expect(main.getByText('Angeboten', { exact: true })).toBeVisible();

  // A coupon.
  await page.getByRole('tab', { name: 'Gutscheine' }).click();
  await page.getByRole('link', { name: 'Neuer Gutschein' }).click();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill('fruehling');
  await page.getByRole('textbox', { name: 'Prozentsatz', exact: true }).fill('20');
  await page.getByRole('button', { name: 'Gutschein anlegen' }).click();
  await expect(page.getByText(`Der Gutschein ${COUPON} wurde angelegt.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(COUPON) })).toContainText(/20\s%/);
  const coupons = (await (await page.request.get(`${server.url}/api/market/coupons`)).json()) as { coupons: { id: string; code: string }[] };
  made.couponId = coupons.coupons.find((c) => c.code === COUPON)!.id;

  // A buyer without a session buys the product by bank transfer.
  const buyer = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE' });
  const checkout = await buyer.request.post(`${server.url}/api/market/checkout`, {
    data: { productSlug: SLUG, email: BUYER.email, firstName: BUYER.firstName, lastName: BUYER.lastName, country: 'DE', paymentMethod: 'bank_transfer', language: 'de' },
  });
  expect(checkout.status(), await checkout.text()).toBe(201);
  const order = (await checkout.json()) as { orderId: string; reference: string };
  made.orderId = order.orderId;
  await buyer.close();

  // The administrator finds it by the buyer's e-mail address.
  await page.getByRole('tab', { name: 'Bestellungen' }).click();
  await expect(page.getByRole('heading', { name: 'Bestellungen', level: 1 })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Suche' }).fill(BUYER.email);
  await page.getByRole('searchbox', { name: 'Suche' }).press('Enter');
  await expect(page).toHaveURL(/q=ada\.lovelace/);
  const orderRow = page.getByRole('row', { name: new RegExp(order.reference) });
  await expect(orderRow).toContainText('Wartet auf Überweisung');
  await expect(orderRow).toContainText(/49,90\s€/);
  await expect(orderRow).toContainText('Überweisung');
  await checkPage(page, 'orders found');
  await orderRow.getByRole('link', { name: order.reference }).click();
  await expect(page.getByRole('heading', { name: `Bestellung ${order.reference}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: `Positionen der Bestellung ${order.reference}` })).toContainText(PRODUCT);
  await checkPage(page, 'an order awaiting its transfer');

  // The money arrived.
  await page.getByRole('button', { name: 'Überweisung erhalten' }).click();
  const paid = page.getByRole('dialog', { name: `Ist die Überweisung für die Bestellung ${order.reference} eingegangen?` });
  await expect(paid).toContainText(/49,90\s€/);
  // The payer's IBAN from the statement: a wrong one is refused in the dialog, a right one's country is kept as VAT evidence.
  await paid.getByLabel('IBAN des Zahlers (optional)').fill('DE00 1234');
  await paid.getByRole('button', { name: 'Als bezahlt markieren' }).click();
  await expect(paid).toContainText('Diese IBAN ist nicht gültig');
  await checkPage(page, 'the transfer dialog with a refused IBAN');
  await paid.getByLabel('IBAN des Zahlers (optional)').fill('DE89 3704 0044 0532 0130 00');
  await paid.getByRole('button', { name: 'Als bezahlt markieren' }).click();
  await expect(page.getByText('Die Bestellung ist bezahlt; der Käufer hat Zugang.')).toBeVisible();
  await expect(main.getByText('Bezahlt', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Überweisung erhalten' })).toHaveCount(0);

  // The invoice is a PDF.
  const invoices = page.getByRole('table', { name: `Rechnungen der Bestellung ${order.reference}` });
  const invoiceLink = invoices.getByRole('link', { name: /^PDF herunterladen: / }).first();
  const href = await invoiceLink.getAttribute('href');
  expect(href).toMatch(/^\/api\/market\/invoices\/[0-9a-f-]{36}\/pdf$/);
  const pdf = await page.request.get(`${server.url}${href!}`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const [download] = await Promise.all([page.waitForEvent('download'), invoiceLink.click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);

  // The refund: everything, the dialog says how much.
  await page.getByRole('button', { name: 'Erstatten', exact: true }).click();
  const refund = page.getByRole('dialog', { name: `Bestellung ${order.reference} erstatten` });
  await expect(refund.getByRole('radio', { name: /^Alles, was noch offen ist: 49,90\s€$/ })).toBeChecked();
  await expectAccessible(page);
  await refund.getByRole('radio', { name: 'Gewählte Beträge je Position' }).check();
  await refund.getByRole('textbox', { name: `Betrag für ${PRODUCT}`, exact: true }).fill('50');
  await refund.getByRole('button', { name: 'Erstatten', exact: true }).click();
  await expect(refund.getByText('Der Betrag ist größer als erlaubt.')).toBeVisible();
  await refund.getByRole('radio', { name: /^Alles, was noch offen ist/ }).check();
  await refund.getByRole('textbox', { name: 'Grund', exact: true }).fill('Der Kurs passt nicht zum Team.');
  await refund.getByRole('button', { name: /^49,90\s€ erstatten$/ }).click();
  await expect(refund).toHaveCount(0);
  await expect(page.getByText(/^49,90\s€ erstattet\.$/)).toBeVisible();
  const refunded = (await (await page.request.get(`${server.url}/api/market/orders/${order.orderId}`)).json()) as { status: string; refundedMinor: number };
  expect(refunded).toMatchObject({ status: 'refunded', refundedMinor: 4990 });
  await expect(page.getByRole('table', { name: `Erstattungen der Bestellung ${order.reference}` })).toContainText('Der Kurs passt nicht zum Team.');
  await expect(invoices.getByRole('cell', { name: 'Gutschrift' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Erstatten', exact: true })).toHaveCount(0);

  // The sale (and its refund) in the sales report, and its CSV.
  await page.getByRole('tab', { name: 'Umsätze' }).click();
  await expect(page.getByRole('heading', { name: 'Umsätze', level: 1 })).toBeVisible();
  await expect(page.getByRole('img', { name: /Balkendiagramm des Bruttoumsatzes je Monat: insgesamt 49,90\s€/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Nach Produkt' })).toContainText(PRODUCT);
  await checkPage(page, 'sales');
  const csvHref = await page.getByRole('link', { name: 'CSV herunterladen' }).getAttribute('href');
  const csv = await page.request.get(`${server.url}${csvHref!}`);
  expect(csv.status(), await csv.text()).toBe(200);
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
  expect(await csv.text()).toContain(order.reference);
  await context.close();

  // The buyer, signed in, finds the order (linked to their account once paid) under "My purchases".
  const learnerContext = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const learner = await learnerContext.newPage();
  await signInQuietly(learner, server.url, BUYER.email, BUYER.password);
  await expect(nav(learner, 'Hauptnavigation').getByRole('link', { name: 'Meine Käufe' })).toHaveAttribute('href', '/purchases');
  await learner.goto(`${server.url}/purchases`);
  const card = learner.getByRole('article', { name: `Bestellung ${order.reference}` });
  await expect(async () => {
    await learner.reload();
    await expect(card).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(card).toContainText('Erstattet');
  await expect(card).toContainText(PRODUCT);
  const buyerPdfs = card.getByRole('link', { name: /^PDF herunterladen: / });
  await expect(buyerPdfs.first()).toBeVisible();
  for (const link of await buyerPdfs.all()) {
    const own = await learner.request.get(`${server.url}${(await link.getAttribute('href'))!}`);
    expect(own.headers()['content-type']).toBe('application/pdf');
  }
  await checkPage(learner, 'my purchases');
  await learnerContext.close();
});

// Each language once and each width once: German on a phone, English at desktop width (the
// pages' layout does not depend on the language, nor their wording on the width).
for (const [language, viewport] of [['de', PHONE], ['en', DESKTOP]] as const) {
  const width = viewport === PHONE ? '390 px' : 'desktop width';
  test(`every store page is accessible and fits (${language}, ${width})`, async ({ browser }) => {
    test.setTimeout(180_000);
    expect(made.orderId, 'the first test made an order').not.toBe('');
    const page = await adminPage(browser, language === 'de' ? 'de-DE' : 'en-GB', viewport);
    const navigation = language === 'de' ? 'Hauptnavigation' : 'Main navigation';
    await expect(nav(page, navigation).getByRole('link', { name: language === 'de' ? 'Shop' : 'Store', exact: true })).toHaveAttribute('href', '/market');
    const pages = [
      '/market',
      '/market/payments',
      '/market/products',
      '/market/products/new',
      `/market/products/${made.productId}`,
      '/market/orders',
      `/market/orders/${made.orderId}`,
      '/market/coupons',
      '/market/coupons/new',
      `/market/coupons/${made.couponId}`,
      '/market/sales',
      '/purchases',
    ];
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      await checkPage(page, path);
    }
    // The payments page: the webhook address to register at Stripe and the events to select.
    await page.goto(`${server.url}/market/payments`);
    await expect(page.getByRole('textbox', { name: language === 'de' ? 'Webhook-Adresse' : 'Webhook address', exact: true })).toHaveValue(/\/webhooks\/stripe/);
    await expect(page.getByText('charge.dispute.closed')).toBeVisible();
    // The sales report by week, from the address.
    await page.goto(`${server.url}/market/sales?groupBy=week`);
    await checkPage(page, 'sales by week');
    await page.context().close();
  });
}

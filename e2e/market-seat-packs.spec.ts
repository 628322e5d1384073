import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { createPerson, signInQuietly } from './people-helper.js';
import { startServer, type RunningServer } from './server.js';

// A company buys two seats of a course in the store by bank transfer; the seller marks the money
// received. The buyer opens "My purchases" on a phone (390 px) in German, gives both seats to two
// colleagues by e-mail and sees 2 of 2 given; a third colleague is refused with the server's message
// at the field; the buyer takes a seat back (after a question) and sees 1 of 2. No sideways
// scrolling, and axe finds nothing with the form and with the question open.

const PHONE = { width: 390, height: 844 };
const PRODUCT = 'Brandschutz für Teams';
const SLUG = 'brandschutz-fuer-teams';
const BUYER = { email: 'hanna.roth@acme.example', firstName: 'Hanna', lastName: 'Roth', roles: ['learner'], password: 'Feuerlöscher-Probe-2031' };
const ANNA = 'anna.schmidt@acme.example';
const BEN = 'ben.weber@acme.example';
const CARL = 'carl.vogel@acme.example';

let server: RunningServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

test('a company buyer gives out the seats of a seat pack and takes one back (German, 390 px)', async ({ browser }) => {
  test.setTimeout(120_000);
  // The seller: an open store with bank transfer, and a course sold as seats.
  const sellerContext = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE' });
  const seller = sellerContext.request;
  const signedIn = await seller.post(`${server.url}/api/auth/sign-in`, { data: { email: server.adminEmail, password: server.adminPassword } });
  expect(signedIn.ok(), await signedIn.text()).toBe(true);
  const zip = await readFile(await buildScormPackage('1.2', 'Brandschutz im Büro', [{ id: 'SCO-1', title: 'Den Alarm auslösen' }]));
  const uploaded = await seller.post(`${server.url}/api/learn/packages?fileName=course.zip`, { data: zip, headers: { 'content-type': 'application/zip' } });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const courseId = ((await uploaded.json()) as { course: { id: string } }).course.id;
  expect((await seller.post(`${server.url}/api/learn/courses/${courseId}/status`, { data: { status: 'published' } })).ok()).toBe(true);
  const settings = await seller.patch(`${server.url}/api/admin/settings`, {
    data: { market: { open: true, sellerName: 'Demo Academy GmbH', sellerCountry: 'DE', bankTransfer: { enabled: true, accountHolder: 'Demo Academy GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } } },
  });
  expect(settings.status(), await settings.text()).toBe(200);
  const product = await seller.post(`${server.url}/api/market/products`, {
    data: { kind: 'course', status: 'published', courseIds: [courseId], slug: SLUG, title: PRODUCT, summary: 'Brandschutz im Büro.', seatPacks: true, language: 'de', prices: [{ currency: 'EUR', amountMinor: 4900 }] },
  });
  expect(product.status(), await product.text()).toBe(201);
  await createPerson(seller, server.url, BUYER);

  // The buyer, signed in, orders two seats through the store's checkout form and pays by transfer.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const page = await context.newPage();
  await signInQuietly(page, server.url, BUYER.email, BUYER.password);
  await page.goto(`${server.url}/store/checkout/${SLUG}?seats=1`);
  await expect(page.getByRole('heading', { name: 'Kasse', level: 1 })).toBeVisible();
  await page.getByLabel('Anzahl der Plätze').fill('2');
  await page.getByLabel('Unternehmen', { exact: true }).fill('Acme GmbH');
  await page.getByLabel('Rechnungsadresse').fill('Hauptstraße 1\n10115 Berlin');
  await page.getByRole('radio', { name: 'Überweisung (Sie erhalten die Bankverbindung)' }).check();
  await page.getByRole('button', { name: 'Zahlungspflichtig bestellen' }).click();
  await expect(page).toHaveURL(/\/store\/orders\/[0-9a-f-]{36}$/);
  const orderId = /\/store\/orders\/([0-9a-f-]{36})$/.exec(page.url())![1]!;

  // The seller marks the transfer received.
  const paid = await seller.post(`${server.url}/api/market/orders/${orderId}/transfer-received`);
  expect(paid.status(), await paid.text()).toBe(200);
  const order = (await paid.json()) as { reference: string; status: string };
  expect(order.status).toBe('paid');
  await sellerContext.close();

  // My purchases: the pack appears once the payment's job has made it.
  await page.goto(`${server.url}/purchases`);
  await expect(page.getByRole('heading', { name: 'Meine Käufe', level: 1 })).toBeVisible();
  const section = page.getByRole('region', { name: 'Platzpakete' });
  await expect(async () => {
    await page.reload();
    await expect(section).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  const pack = section.getByRole('article', { name: new RegExp(`^${PRODUCT}`) });
  await expect(pack).toContainText(`Bestellung ${order.reference}`);
  await expect(pack).toContainText('0 von 2 Plätzen vergeben');
  await expect(pack).toContainText('Noch hat niemand einen Platz.');
  const field = pack.getByRole('textbox', { name: 'E-Mail-Adressen' });
  const give = pack.getByRole('button', { name: 'Plätze vergeben' });

  // Two colleagues at once, one per line.
  await field.fill(`${ANNA}\n${BEN}`);
  await give.click();
  await expect(section.getByRole('status')).toHaveText(`Plätze vergeben an: ${ANNA}, ${BEN}.`);
  await expect(pack).toContainText('2 von 2 Plätzen vergeben');
  await expect(field).toHaveValue('');
  const holders = pack.getByRole('table', { name: /^Wer einen Platz von / });
  await expect(holders.getByRole('row')).toHaveCount(3);
  await expect(holders).toContainText(ANNA);
  await expect(holders).toContainText(BEN);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await expectAccessible(page);

  // A third: no seat is free, and the field says so in the server's words.
  await field.fill(CARL);
  await give.click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/Nicht genug freie Plätze: Nehmen Sie jemandem einen Platz weg, oder kaufen Sie weitere\./);
  await expect(field).toHaveValue(CARL);
  await expect(pack).toContainText('2 von 2 Plätzen vergeben');
  await expect(holders).not.toContainText(CARL);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await expectAccessible(page);

  // Anna's seat back: asked first.
  await holders.getByRole('row', { name: new RegExp(ANNA.replace(/\./g, '\\.')) }).getByRole('button', { name: /^Platz von .* zurücknehmen$/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Platz von .* zurücknehmen\?$/ });
  await expect(dialog).toContainText('verliert die Kurse dieses Pakets sofort');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Platz zurücknehmen' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(section.getByRole('status')).toContainText('ist wieder frei.');
  await expect(pack).toContainText('1 von 2 Plätzen vergeben');
  await expect(holders).not.toContainText(ANNA);
  await expect(holders).toContainText(BEN);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // What the page shows is what the server holds.
  const stored = (await (await page.request.get(`${server.url}/api/market/my/seat-packs`)).json()) as { seatPacks: { seats: number; holders: { email: string }[] }[] };
  expect(stored.seatPacks.map((p) => [p.seats, p.holders.map((h) => h.email)])).toEqual([[2, [BEN]]]);
  await context.close();
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { findTenantById } from '../../platform/tenancy/index.js';
import { queryRows } from '../../platform/db/index.js';
import { afterJobs, createMarketTestSite, type MarketTestSite } from '../market.test-support.js';

/** Every attribute value of the `<meta property=…>` tags of a page. */
function openGraphOf(html: string): Record<string, string> {
  const tags = [...html.matchAll(/<meta property="([^"]+)" content="([^"]*)">/g)];
  return Object.fromEntries(tags.map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));
}

function jsonLdOf(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no JSON-LD on the page');
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

/** The page's text as a reader sees it: tags dropped, entities and spaces folded. */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe(`the public storefront (${engine})`, () => {
  let site: MarketTestSite;
  let siteUrl: string;
  let bundleCourses: string[];

  beforeAll(async () => {
    site = await createMarketTestSite('storefront', { bankTransfer: { enabled: true, accountHolder: 'Acme Academy GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } });
    const tenant = (await findTenantById(site.ctx.db.owner, site.tenantId))!;
    siteUrl = site.ctx.app.siteUrlOf(tenant);
    bundleCourses = site.courses;
    await site.product({
      slug: 'fire-safety',
      title: 'Fire safety',
      summary: 'Keep your workplace safe from fire.',
      description: 'What to do when the alarm rings.\n\nHow to use an extinguisher.\nAnd when not to.',
      instructorName: 'Grace Hopper',
      instructorBio: 'Fire warden for twenty years.',
      accessDays: 90,
      seatPacks: true,
      language: 'en',
      prices: [
        { currency: 'EUR', amountMinor: 11900 },
        { currency: 'USD', amountMinor: 12900 },
      ],
    });
    await site.product({ slug: 'erste-hilfe', title: 'Erste Hilfe', summary: 'Grundlagen der Ersten Hilfe.', language: 'de', courseIds: [site.courses[1]!], prices: [{ currency: 'EUR', amountMinor: 4900 }] });
    await site.product({ slug: 'safety-taster', title: 'Safety taster', summary: 'A free first look.', free: true, prices: [], language: 'en' });
    await site.product({ slug: 'safety-bundle', kind: 'bundle', title: 'Safety bundle', courseIds: bundleCourses, description: 'Both courses. <script>alert("x")</script> & more', prices: [{ currency: 'EUR', amountMinor: 19900 }] });
    await site.product({ slug: 'secret-draft', title: 'Secret draft', status: 'draft' });
  });
  afterAll(() => site.close());

  const get = (url: string, headers: Record<string, string> = {}) => site.ctx.app.inject({ method: 'GET', url, headers: { host: site.host, ...headers } });
  /** A form post as the site's own page sends it, to the site's address (`origin: undefined` leaves the header out). */
  const post = (url: string, form: Record<string, string>, headers: Record<string, string | undefined> = {}) => {
    const all: Record<string, string | undefined> = { host: new URL(siteUrl).host, origin: new URL(siteUrl).origin, 'content-type': 'application/x-www-form-urlencoded', ...headers };
    const sent = Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return site.ctx.app.inject({ method: 'POST', url, headers: sent, payload: new URLSearchParams(form).toString() });
  };
  const orderCount = async () => (await site.rows<{ n: number }>(sql`select count(*)::int as n from market_orders`))[0]!.n;
  const setMarket = async (market: Record<string, unknown>) => {
    const res = await site.call('PATCH', '/api/admin/settings', site.cookies.admin, { market });
    expect(res.status, res.raw).toBe(200);
  };
  const buyer = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', country: 'DE', currency: 'EUR', paymentMethod: 'bank_transfer' };

  it('lists only the published products, in English or German, with search, filters and prices with their VAT note', async () => {
    const all = await get('/store');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toBe('text/html; charset=utf-8');
    const text = textOf(all.body);
    expect(all.body).toContain('<html lang="en">');
    for (const title of ['Fire safety', 'Erste Hilfe', 'Safety taster', 'Safety bundle']) expect(text).toContain(title);
    expect(text).not.toContain('Secret draft');
    expect(text).toContain('4 courses');
    expect(text).toContain('€119.00 incl. 19 % VAT');
    expect(text).toContain('by Grace Hopper');
    expect(text).toContain('Safety taster A free first look. Free');
    expect(all.body.match(/<h1[ >]/g)).toHaveLength(1);

    const searched = textOf((await get('/store?q=hopper')).body);
    expect(searched).toContain('Fire safety');
    expect(searched).not.toContain('Safety taster');
    expect(searched).toContain('1 course');
    const free = textOf((await get('/store?price=free')).body);
    expect(free).toContain('Safety taster');
    expect(free).not.toContain('Fire safety');
    const paid = textOf((await get('/store?price=paid')).body);
    expect(paid).not.toContain('Safety taster');
    expect(paid).toContain('Safety bundle');
    const german = await get('/store?language=de', { 'accept-language': 'de-DE,de;q=0.9' });
    expect(german.body).toContain('<html lang="de">');
    expect(textOf(german.body)).toContain('1 Kurs Erste Hilfe');
    expect(textOf(german.body)).toContain('49,00 € inkl. 19 % MwSt.');
    // The filter lists the products' languages by name, in the page's language.
    expect(german.body).toContain('<option value="de" selected>Deutsch</option>');
    expect(german.body).toContain('<option value="en">Englisch</option>');
    const none = await get('/store?q=nothing-like-this&lang=de');
    expect(none.body).toContain('<html lang="de">');
    expect(textOf(none.body)).toContain('Kein Kurs passt zu Ihrer Suche.');
    // The language asked for in the address is kept by the store's links and forms.
    expect(none.body).toContain('href="/store?lang=de"');
    expect(none.body).toContain('<input type="hidden" name="lang" value="de">');
  });

  it('shows a landing page with the curriculum from the course package, the instructor and the access', async () => {
    const res = await get('/store/p/fire-safety');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Fire safety: introduction');
    expect(text).toContain('Fire safety: final test');
    expect(text).toContain('Grace Hopper Fire warden for twenty years.');
    expect(text).toContain('Access for 90 days');
    expect(text).toContain('Language English');
    expect(res.body).toContain('<p>What to do when the alarm rings.</p>');
    expect(res.body).toContain('<p>How to use an extinguisher.<br>And when not to.</p>');
    expect(res.body).toContain('href="/store/checkout/fire-safety?currency=EUR"');
    expect(res.body).toContain('href="/store/checkout/fire-safety?seats=1&amp;currency=EUR"');
    expect(text).toContain('Buy seats for your team');
    const bundle = textOf((await get('/store/p/safety-bundle')).body);
    expect(bundle).toContain('First aid: final test');
    expect(bundle).toContain('Lifetime access');
    const taster = await get('/store/p/safety-taster', { 'accept-language': 'de' });
    expect(textOf(taster.body)).toContain('Kostenlos einschreiben');
    expect(taster.body).toContain('href="/store/checkout/safety-taster"');

    for (const slug of ['secret-draft', 'no-such-product']) {
      const missing = await get(`/store/p/${slug}`);
      expect(missing.statusCode).toBe(404);
      expect(textOf(missing.body)).toContain('There is no such course in the store.');
    }
  });

  it('prices for the buyer’s country as checkout will: the VAT of the country in gross mode, none outside the EU, added in net mode', async () => {
    const note = async (url: string, headers: Record<string, string> = {}) => {
      const text = textOf((await get(url, headers)).body);
      return /(?:Price|Preis) (.*?) (?:Your country|Ihr Land)/.exec(text)?.[1];
    };
    expect(await note('/store/p/fire-safety')).toBe('€119.00 incl. 19 % VAT');
    expect(await note('/store/p/fire-safety?country=FR')).toBe('€119.00 incl. 20 % VAT');
    expect(await note('/store/p/fire-safety?country=US')).toBe('€100.00 no VAT');
    expect(await note('/store/p/fire-safety?country=US&currency=USD')).toBe('US$108.40 no VAT');
    // The chosen country is remembered for the store's pages.
    const chosen = await get('/store/p/fire-safety?country=FR');
    const cookie = chosen.cookies.find((c) => c.name === 'lectern_store_country')!;
    expect(cookie).toMatchObject({ value: 'FR', path: '/store', httpOnly: true, sameSite: 'Lax' });
    expect(chosen.headers['cache-control']).toBe('private, no-store');
    expect(await note('/store/p/fire-safety', { cookie: 'lectern_store_country=FR' })).toBe('€119.00 incl. 20 % VAT');
    expect(await note('/store/p/fire-safety', { cookie: 'lectern_store_country=ZZ' })).toBe('€119.00 incl. 19 % VAT');

    await setMarket({ priceMode: 'net' });
    try {
      expect(await note('/store/p/fire-safety')).toBe('€119.00 plus 19 % VAT €141.61 including VAT');
      expect(await note('/store/p/fire-safety?country=FR')).toBe('€119.00 plus 20 % VAT €142.80 including VAT');
      expect(await note('/store/p/fire-safety?country=US')).toBe('€119.00 no VAT');
      expect(await note('/store/p/fire-safety?lang=de')).toBe('119,00 € zzgl. 19 % MwSt. 141,61 € inklusive MwSt.');
    } finally {
      await setMarket({ priceMode: 'gross' });
    }
  });

  it('gives search engines and link previews the title, description, canonical address, Open Graph and schema.org Course data', async () => {
    const res = await get('/store/p/fire-safety');
    expect(res.body).toContain('<title>Fire safety · STOREFRONT</title>');
    expect(res.body).toContain('<meta name="description" content="Keep your workplace safe from fire.">');
    expect(res.body).toContain(`<link rel="canonical" href="${siteUrl}/store/p/fire-safety">`);
    expect(openGraphOf(res.body)).toEqual({
      'og:type': 'website',
      'og:title': 'Fire safety',
      'og:description': 'Keep your workplace safe from fire.',
      'og:url': `${siteUrl}/store/p/fire-safety`,
      'og:site_name': 'STOREFRONT',
      'og:locale': 'en_GB',
    });
    const data = jsonLdOf(res.body);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Course',
      name: 'Fire safety',
      description: 'Keep your workplace safe from fire.',
      inLanguage: 'en',
      provider: { '@type': 'Organization', name: 'STOREFRONT', url: siteUrl },
      offers: { '@type': 'Offer', price: '119.00', priceCurrency: 'EUR', availability: 'https://schema.org/InStock', url: `${siteUrl}/store/p/fire-safety`, category: 'Paid' },
    });
    const free = jsonLdOf((await get('/store/p/safety-taster')).body);
    expect(free.offers).toMatchObject({ price: '0.00', category: 'Free' });

    // Another port, a forwarded host: the page's own addresses come from the configuration alone.
    const forged = await get('/store/p/fire-safety', { host: `${site.host}:4444`, 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    expect(forged.statusCode).toBe(200);
    expect(forged.body).not.toContain('evil.example');
    expect(forged.body).not.toContain(':4444');
    expect(openGraphOf(forged.body)['og:url']).toBe(`${siteUrl}/store/p/fire-safety`);
    const sitemap = await get('/store/sitemap.xml', { host: `${site.host}:4444`, 'x-forwarded-host': 'evil.example' });
    expect(sitemap.body).not.toContain('evil.example');
    expect(sitemap.body).not.toContain(':4444');
  });

  it('shows a description with markup as text, and keeps JSON-LD from ending its script element', async () => {
    const res = await get('/store/p/safety-bundle');
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    // The only script element is the JSON-LD (data, which the CSP does not run), with `<` escaped in it.
    expect(res.body.match(/<script/g)).toHaveLength(1);
    expect(res.body).toContain('\\u003cscript\\u003ealert');
    expect(jsonLdOf(res.body).description).toBe('Both courses. <script>alert("x")</script> & more');
    // No inline styles: the strict CSP allows none, the stylesheet comes from the site.
    expect(res.body).not.toMatch(/\sstyle=|<style/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(res.body)![1]!.replace(/&amp;/g, '&');
    const css = await get(href);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.body).toContain('--brand: #1864ab');
  });

  it('lists exactly the published products in sitemap.xml, with absolute addresses and their last change', async () => {
    const res = await get('/store/sitemap.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual([`${siteUrl}/store`, ...['erste-hilfe', 'fire-safety', 'safety-bundle', 'safety-taster'].map((slug) => `${siteUrl}/store/p/${slug}`)]);
    expect(res.body.match(/<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/lastmod>/g)).toHaveLength(5);
  });

  it('sends shared caches the anonymous pages only, and never the checkout', async () => {
    expect((await get('/store')).headers['cache-control']).toBe('public, max-age=60');
    expect((await get('/store/p/fire-safety')).headers['cache-control']).toBe('public, max-age=60');
    expect((await get('/store/p/fire-safety')).headers.vary).toBe('Accept-Language, Cookie');
    expect((await get('/store', { cookie: site.cookies.learner })).headers['cache-control']).toBe('private, no-store');
    expect((await get('/store/p/fire-safety', { cookie: site.cookies.learner })).headers['cache-control']).toBe('private, no-store');
    expect((await get('/store/checkout/fire-safety')).headers['cache-control']).toBe('no-store');
  });

  it('shows the checkout form with labelled fields, the payment methods the store offers and the price as on the landing page', async () => {
    const res = await get('/store/checkout/fire-safety?currency=EUR');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('€119.00 incl. 19 % VAT');
    for (const [id, autocomplete] of [
      ['firstName', 'given-name'],
      ['lastName', 'family-name'],
      ['email', 'email'],
      ['country', 'country'],
      ['company', 'organization'],
      ['address', 'street-address'],
    ]) {
      expect(res.body).toContain(`<label for="${id}">`);
      expect(res.body).toMatch(new RegExp(`id="${id}"[^>]*autocomplete="${autocomplete}"|autocomplete="${autocomplete}"[^>]*id="${id}"|id="${id}" name="${id}"[^>]*autocomplete="${autocomplete}"`));
    }
    expect(res.body).toContain('value="card"');
    expect(res.body).toContain('value="bank_transfer"');
    expect(res.body).not.toContain('id="quantity"');
    expect(res.body).toContain('<option value="DE" selected>Germany</option>');
    for (const code of ['AT', 'BE', 'BG', 'CY', 'CZ', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'CH', 'NO', 'GB', 'US', 'CA', 'AU', 'JP']) {
      expect(res.body).toContain(`<option value="${code}">`);
    }
    const seats = await get('/store/checkout/fire-safety?seats=1', { 'accept-language': 'de' });
    expect(seats.body).toContain('<label for="quantity">Anzahl der Plätze</label>');
    expect(textOf(seats.body)).toContain('Preis pro Platz');
    // Signed in: the account's address, not to be changed here.
    const signedIn = await get('/store/checkout/safety-taster', { cookie: site.cookies.learner });
    expect(signedIn.body).toMatch(/<input id="email" name="email" value="learner@storefront\.test" [^>]*readonly/);
    expect(signedIn.body).not.toContain('name="paymentMethod"');
  });

  it('places a bank-transfer order from the form and sends the buyer to its page, which names no person', async () => {
    const before = await orderCount();
    const res = await post('/store/checkout/fire-safety', { ...buyer, address: 'Main Street 1\n10115 Berlin', company: '' });
    expect(res.statusCode, res.body).toBe(303);
    const location = res.headers.location as string;
    expect(location).toMatch(new RegExp(`^${siteUrl}/store/orders/[0-9a-f-]{36}$`));
    expect(await orderCount()).toBe(before + 1);
    const orderId = location.slice(location.lastIndexOf('/') + 1);
    const [order] = await site.rows<{ provider: string; gross_minor: number; buyer_email: string; language: string }>(sql`select provider, gross_minor, buyer_email, language from market_orders where id = ${orderId}`);
    expect(order).toEqual({ provider: 'invoice', gross_minor: 11900, buyer_email: 'ada@example.com', language: 'en' });

    const page = await get(new URL(location).pathname);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const text = textOf(page.body);
    expect(text).toContain('We are waiting for your bank transfer');
    expect(text).toContain('Please transfer €119.00 within 14 days to:');
    expect(text).toContain('DE89370400440532013000');
    expect(text).toContain('Total €119.00');
    expect(text).toContain('VAT 19 % €19.00');
    for (const personal of ['ada@example.com', 'Ada', 'Lovelace', 'Berlin']) expect(page.body).not.toContain(personal);
  });

  it('buys seats for a team: the number is asked and checked, the order is for that many', async () => {
    const tooMany = await post('/store/checkout/fire-safety?seats=1', { ...buyer, email: 'team@example.com', quantity: '0' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('id="quantity-error">Buy one access, or between 1 and 10,000 seats of a seat pack.</p>');
    expect(tooMany.body).toMatch(/<input id="quantity" name="quantity" value="0" [^>]*aria-invalid="true">/);
    const res = await post('/store/checkout/fire-safety?seats=1', { ...buyer, email: 'team@example.com', quantity: '5', company: 'Analytical Engines Ltd' });
    expect(res.statusCode, res.body).toBe(303);
    const [line] = await site.rows<{ quantity: number; seat_pack: boolean; gross_minor: number; title: string }>(
      sql`select l.quantity, l.seat_pack, l.gross_minor, l.title from market_order_lines l join market_orders o on o.id = l.order_id where o.buyer_email = 'team@example.com'`,
    );
    expect(line).toEqual({ quantity: 5, seat_pack: true, gross_minor: 5 * 11900, title: 'Fire safety (5 seats)' });
    const page = textOf((await get(new URL(res.headers.location as string).pathname)).body);
    expect(page).toContain('Fire safety (5 seats) 5 €595.00');
  });

  it('enrols for a free product from the form in German once the mailed link is confirmed, and shows the order as ready', async () => {
    const res = await post('/store/checkout/safety-taster?lang=de', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', country: 'US', currency: 'EUR' });
    expect(res.statusCode, res.body).toBe(303);
    const orderPath = new URL(res.headers.location as string).pathname;
    const waiting = await get(orderPath, { 'accept-language': 'de' });
    expect(textOf(waiting.body)).toContain('Bitte bestätigen Sie Ihre E-Mail-Adresse: Wir haben Ihnen eine E-Mail mit einem Link geschickt.');
    const mail = await afterJobs(async () => (await queryRows<{ payload: { subject: string; text: string } }>(site.ctx.db.owner, sql`select payload from jobs where kind = 'mail.send' and payload->>'to' = 'grace@example.com'`))[0]);
    expect(mail.payload.subject).toMatch(/^Bestätigen Sie Ihre Bestellung bei /);
    const link = new URL(/https?:\/\/\S+\/confirm\?token=[\w-]+/.exec(mail.payload.text)![0]);
    const confirmPage = await get(`${link.pathname}${link.search}`, { 'accept-language': 'de' });
    expect(confirmPage.body).toContain('<button type="submit" class="button">Bestellung bestätigen</button>');
    const confirmed = await site.ctx.app.inject({ method: 'POST', url: link.pathname, headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ token: link.searchParams.get('token')! }).toString() });
    expect([confirmed.statusCode, confirmed.headers.location]).toEqual([303, orderPath]);
    const page = await get(orderPath, { 'accept-language': 'de' });
    expect(textOf(page.body)).toContain('Sie sind eingeschrieben — Ihre Kurse sind bereit, wir haben Ihnen eine E-Mail geschickt.');
    expect(page.body).not.toContain('grace@example.com');
    const [order] = await site.rows<{ status: string; language: string }>(sql`select status, language from market_orders where buyer_email = 'grace@example.com'`);
    expect(order).toEqual({ status: 'paid', language: 'de' });
  });

  it('shows a refused form again with each problem at its field and the values kept, and places no order', async () => {
    const before = await orderCount();
    const badEmail = await post('/store/checkout/fire-safety', { ...buyer, email: 'ada@', company: 'Analytical Engines <Ltd>' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.body).toContain('<title>Error: Checkout · Fire safety · STOREFRONT</title>');
    expect(badEmail.body).toMatch(/<div class="error-summary" role="alert"/);
    expect(badEmail.body).toContain('<p class="field-error" id="email-error">Enter an e-mail address such as name@example.com.</p>');
    expect(badEmail.body).toMatch(/<input id="email" name="email" value="ada@" [^>]*aria-describedby="email-hint email-error" aria-invalid="true">/);
    expect(badEmail.body).toContain('value="Analytical Engines &lt;Ltd&gt;"');
    expect(badEmail.body).toContain('value="bank_transfer" checked');

    const foreignVatId = await post('/store/checkout/fire-safety', { ...buyer, company: 'Analytical Engines', vatId: 'FR40303265045' }, { 'accept-language': 'de' });
    expect(foreignVatId.statusCode).toBe(422);
    expect(foreignVatId.body).toContain('<p class="field-error" id="vatId-error">Die USt-IdNr. gehört zu einem anderen Land als die Rechnungsadresse.</p>');
    expect(foreignVatId.body).toMatch(/<input id="vatId" name="vatId" value="FR40303265045" [^>]*aria-invalid="true">/);
    expect(foreignVatId.body).toContain('<option value="DE" selected>Deutschland</option>');

    const noName = await post('/store/checkout/fire-safety', { ...buyer, firstName: ' ', country: 'XX' });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain('id="firstName-error">Enter your first name.</p>');
    expect(noName.body).toContain('id="country-error">Choose the country of your billing address.</p>');
    // What the platform refuses everywhere: NUL characters (PostgreSQL text cannot hold them), and bodies beyond the form's limit.
    expect((await post('/store/checkout/fire-safety', { ...buyer, firstName: 'Ada\u0000' })).statusCode).toBe(400);
    expect((await post('/store/checkout/fire-safety', { ...buyer, address: 'x'.repeat(20_000) })).statusCode).toBe(413);
    expect(await orderCount()).toBe(before);
  });

  it('refuses form posts that do not come from the site’s own pages', async () => {
    const before = await orderCount();
    const foreign = await post('/store/checkout/fire-safety', buyer, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    // Right host, but not the site's configured origin (a forged Host cannot make one acceptable).
    const hostOrigin = await post('/store/checkout/fire-safety', buyer, { origin: `http://${site.host}:4444`, host: `${site.host}:4444` });
    expect(hostOrigin.statusCode).toBe(403);
    expect(textOf(hostOrigin.body)).toContain('The order form was sent from another site');
    const anonymous = await post('/store/checkout/fire-safety', buyer, { origin: undefined });
    expect(anonymous.statusCode).toBe(403);
    const byReferer = await site.ctx.app.inject({
      method: 'POST',
      url: '/store/checkout/safety-taster',
      headers: { host: new URL(siteUrl).host, referer: `${siteUrl}/store/checkout/safety-taster`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...buyer, email: 'referer@example.com' }).toString(),
    });
    expect(byReferer.statusCode).toBe(303);
    expect(await orderCount()).toBe(before + 1);
  });

  it('answers 404 for an unknown order, and 404 for every page while the store is closed', async () => {
    expect((await get('/store/orders/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/store/orders/not-an-id')).statusCode).toBe(404);
    const [placed] = await site.rows<{ id: string }>(sql`select id from market_orders limit 1`);
    await setMarket({ open: false });
    try {
      // A buyer's order page stays: it is their record of a purchase made while the store was open.
      expect((await get(`/store/orders/${placed!.id}`)).statusCode).toBe(200);
      for (const url of ['/store', '/store/p/fire-safety', '/store/sitemap.xml', '/store/checkout/fire-safety']) {
        const res = await get(url, { 'accept-language': 'de' });
        expect(res.statusCode, url).toBe(404);
        expect(textOf(res.body)).toContain('Diese Website hat keinen geöffneten Shop.');
      }
      const closedPost = await post('/store/checkout/fire-safety', buyer);
      expect(closedPost.statusCode).toBe(404);
    } finally {
      await setMarket({ open: true });
    }
  });
});

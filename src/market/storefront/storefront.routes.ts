import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { publicRoute } from '../../platform/access/index.js';
import { AppError, errorMessage, FORM_BODY_LIMIT, noteRefusal, registerFormBody } from '../../platform/http/index.js';
import { signedInUserIfAny } from '../../platform/identity/index.js';
import type { ProductRow } from '../catalogue/catalogue.repository.js';
import { checkoutContextOf } from '../checkout/checkout-context.js';
import { confirmationLinkWorks, confirmOrderEmail } from '../checkout/confirm-order.js';
import { placeOrder } from '../checkout/place-order.js';
import type { MarketRouteDeps } from '../market-deps.js';
import { cataloguePage } from './catalogue-page.js';
import { checkoutErrorsOf, checkoutRequestOf, formValuesOf, NO_ERRORS, type CheckoutErrors, type CheckoutFormValues } from './checkout-form.js';
import { checkoutPage, type PaymentMethod } from './checkout-page.js';
import { countryOptions, isKnownCountry } from './countries.js';
import { languageName } from './language-names.js';
import { confirmOrderPage, orderPage } from './order-page.js';
import { chosenCurrency, decimalPrice, offeredCurrencies, shownPrice } from './price-view.js';
import { productPage } from './product-page.js';
import { storePreviewHref } from './preview.routes.js';
import { previewCourseOf } from './preview.service.js';
import { storeSitemap } from './sitemap.js';
import { cacheNothing, cachePublicPage, chromeOf, hrefOf, queryText, rememberCountry, storeContextOf, STYLESHEET_PATH, type StoreContext } from './storefront-context.js';
import { messagePage } from './storefront-layout.js';
import { storeStylesheet, storeStylesheetVersion } from './storefront-style.js';
import { STORE_TEXT } from './storefront-text.js';
import { cataloguePageOf, orderPageOf, PAGE_SIZE, productForSaleOf, productPageOf, sitemapEntriesOf } from './storefront.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const MAX_PAGE = 10_000;

const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').send(body);

/** The answer of every storefront page while the seller has not opened the store. */
function closedPage(context: StoreContext, request: FastifyRequest, reply: FastifyReply) {
  cacheNothing(reply);
  const chrome = chromeOf(context, request, { signedIn: false, closed: true });
  return html(reply, 404, messagePage(chrome, STORE_TEXT[context.language].closedTitle, errorMessage('MARKET_STORE_CLOSED', context.language)));
}

function notFoundPage(context: StoreContext, request: FastifyRequest, reply: FastifyReply, message: string) {
  cacheNothing(reply);
  const t = STORE_TEXT[context.language];
  return html(reply, 404, messagePage(chromeOf(context, request, { signedIn: false }), t.notFoundTitle, message, { href: hrefOf(context, '/store'), text: t.allCourses }));
}

/** The logo as link previews want it: absolute. */
const imageOf = (context: StoreContext) => (context.logo ? `${context.siteUrl}${context.logo.url}` : undefined);
const productPath = (slug: string) => `/store/p/${encodeURIComponent(slug)}`;
/** The free preview's player page, when the product names a preview course that is one of its own and published in Learn. */
function previewHrefOf(product: ProductRow, courses: { id: string; status: string }[]): string | undefined {
  const preview = previewCourseOf(product);
  return preview && courses.some((course) => course.id === preview && course.status === 'published') ? storePreviewHref(product.slug, preview) : undefined;
}

/**
 * Whether a form post comes from the site's own pages: its Origin (or, when a browser sends none,
 * its Referer) is the site's configured origin. A form on another site cannot post an order in a
 * visitor's name.
 */
function fromOwnSite(request: FastifyRequest, siteUrl: string): boolean {
  const own = new URL(siteUrl).origin;
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === own;
  const referer = request.headers.referer;
  if (!referer || !URL.canParse(referer)) return false;
  return new URL(referer).origin === own;
}

/**
 * The public storefront, rendered on the server (buyers arrive from search engines): the catalogue,
 * the products' landing pages, sitemap.xml, the checkout form and the order page a buyer returns to.
 * No script; styles from the site's own origin (the strict CSP).
 */
export function storefrontRoutes(deps: MarketRouteDeps): FastifyPluginAsync {
  const { db } = deps;
  return async (app) => {
    registerFormBody(app);
    const storePage = publicRoute('the public storefront: published products only, to anybody');

    app.get(STYLESHEET_PATH, { onRequest: publicRoute("the storefront's stylesheet with the site's brand colour, the same for everybody"), schema: { hide: true } }, (request, reply) => {
      const context = storeContextOf(request);
      // Its address names its version: a browser keeps it until the colour (or the styles) change.
      const current = queryText(request, 'v') === storeStylesheetVersion(context.brand);
      return reply
        .type('text/css; charset=utf-8')
        .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
        .send(storeStylesheet(context.brand));
    });

    app.get('/store', { onRequest: storePage, schema: { hide: true } }, async (request, reply) => {
      const context = storeContextOf(request);
      if (!context.settings.open) return closedPage(context, request, reply);
      const search = (queryText(request, 'q') ?? '').trim().slice(0, 100);
      const askedLanguage = queryText(request, 'language');
      const language = askedLanguage && askedLanguage.length <= 35 && LANGUAGE_TAG.test(askedLanguage) ? askedLanguage : undefined;
      const priceFilter = queryText(request, 'price');
      const price = priceFilter === 'free' || priceFilter === 'paid' ? priceFilter : undefined;
      const page = Math.min(MAX_PAGE, Math.max(1, Number.parseInt(queryText(request, 'page') ?? '1', 10) || 1));
      const [user, found] = await Promise.all([
        signedInUserIfAny(db, request),
        cataloguePageOf(db, context.tenant.id, { search: search || undefined, language, free: price === undefined ? undefined : price === 'free', page }),
      ]);
      const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
      const now = new Date();
      const filters = { q: search, language, price };
      if (context.countryAsked) rememberCountry(request, reply, context.country);
      cachePublicPage(reply, !user && !context.countryAsked);
      return html(
        reply,
        200,
        cataloguePage(chromeOf(context, request, { signedIn: user !== null }), {
          siteUrl: context.siteUrl,
          image: imageOf(context),
          search,
          language,
          price,
          languages: found.languages.map((code) => ({ code, name: languageName(code, context.language) })),
          askedLanguage: context.askedLanguage,
          cards: found.products.map((product) => ({
            title: product.title,
            summary: product.summary,
            instructorName: product.instructorName,
            href: hrefOf(context, productPath(product.slug)),
            price: shownPrice(product, chosenCurrency(product.prices, undefined) ?? 'EUR', context.country, context.settings, context.language, now),
          })),
          total: found.total,
          page,
          pages,
          previousHref: page > 1 ? hrefOf(context, '/store', { ...filters, page: page - 1 > 1 ? page - 1 : undefined }) : undefined,
          nextHref: page < pages ? hrefOf(context, '/store', { ...filters, page: page + 1 }) : undefined,
          showAllHref: hrefOf(context, '/store'),
        }),
      );
    });

    app.get('/store/sitemap.xml', { onRequest: publicRoute('the storefront for search engines: the addresses of the published products'), schema: { hide: true } }, async (request, reply) => {
      const context = storeContextOf(request);
      if (!context.settings.open) return closedPage(context, request, reply);
      const entries = await sitemapEntriesOf(db, context.tenant.id);
      return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(storeSitemap(context.siteUrl, entries));
    });

    app.get<{ Params: { slug: string } }>('/store/p/:slug', { onRequest: storePage, schema: { hide: true } }, async (request, reply) => {
      const context = storeContextOf(request);
      if (!context.settings.open) return closedPage(context, request, reply);
      const { slug } = request.params;
      const [user, found] = await Promise.all([signedInUserIfAny(db, request), slug.length <= 80 ? productPageOf(db, context.tenant.id, slug) : undefined]);
      if (!found) return notFoundPage(context, request, reply, STORE_TEXT[context.language].notFound);
      const { product } = found;
      const currency = chosenCurrency(product.prices, queryText(request, 'currency')) ?? 'EUR';
      const price = shownPrice(product, currency, context.country, context.settings, context.language, new Date());
      const canonical = `${context.siteUrl}${productPath(product.slug)}`;
      const checkout = `/store/checkout/${encodeURIComponent(product.slug)}`;
      const forSale = price !== undefined;
      if (context.countryAsked) rememberCountry(request, reply, context.country);
      cachePublicPage(reply, !user && !context.countryAsked);
      return html(
        reply,
        200,
        productPage(chromeOf(context, request, { signedIn: user !== null }), {
          siteUrl: context.siteUrl,
          canonical,
          image: imageOf(context),
          product,
          languageName: product.language ? languageName(product.language, context.language) : undefined,
          courses: found.courses,
          price,
          offerPrice: decimalPrice(price?.amountMinor ?? 0, currency),
          currency,
          currencies: offeredCurrencies(product.prices),
          country: context.country,
          countries: countryOptions(context.language),
          askedLanguage: context.askedLanguage,
          catalogueHref: hrefOf(context, '/store'),
          buyHref: forSale ? hrefOf(context, checkout, { currency: product.free ? undefined : currency }) : undefined,
          seatsHref: forSale && product.seatPacks ? hrefOf(context, checkout, { seats: 1, currency: product.free ? undefined : currency }) : undefined,
          previewHref: previewHrefOf(product, found.courses),
        }),
      );
    });

    /** The ways of paying the store offers now: a card through the seller's Stripe account, a bank transfer when the seller takes them. */
    const paymentMethodsOf = async (context: StoreContext): Promise<PaymentMethod[]> => {
      const card = (await deps.stripe.gatewayOf(context.tenant.id)) !== undefined;
      return [...(card ? (['card'] as const) : []), ...(context.settings.bankTransfer.enabled ? (['bank_transfer'] as const) : [])];
    };

    const renderCheckout = async (
      request: FastifyRequest,
      reply: FastifyReply,
      context: StoreContext,
      input: { product: ProductRow; seats: boolean; values: CheckoutFormValues; errors: CheckoutErrors; signedIn: boolean; status: number },
    ) => {
      const { product, seats, values } = input;
      const country = isKnownCountry(values.country) ? values.country : context.country;
      const currency = chosenCurrency(product.prices, values.currency) ?? 'EUR';
      const methods = product.free ? [] : await paymentMethodsOf(context);
      cacheNothing(reply);
      return html(
        reply,
        input.status,
        checkoutPage(chromeOf(context, request, { signedIn: input.signedIn }), {
          product,
          seats,
          price: shownPrice(product, currency, country, context.settings, context.language, new Date()),
          values,
          errors: input.errors,
          signedIn: input.signedIn,
          countries: countryOptions(context.language),
          paymentMethods: methods,
          unavailable: !product.free && methods.length === 0 ? errorMessage('MARKET_PAYMENT_NOT_SET_UP', context.language) : undefined,
          action: hrefOf(context, `/store/checkout/${encodeURIComponent(product.slug)}`, { seats: seats ? 1 : undefined }),
          productHref: hrefOf(context, productPath(product.slug)),
          sellerName: context.settings.sellerName,
        }),
      );
    };

    const checkoutAccess = publicRoute('buyers need no account to buy: the order is priced by the server, and access follows only the verified payment');

    app.get<{ Params: { slug: string } }>('/store/checkout/:slug', { onRequest: checkoutAccess, schema: { hide: true } }, async (request, reply) => {
      const context = storeContextOf(request);
      if (!context.settings.open) return closedPage(context, request, reply);
      const [user, product] = await Promise.all([signedInUserIfAny(db, request), request.params.slug.length <= 80 ? productForSaleOf(db, context.tenant.id, request.params.slug) : undefined]);
      if (!product) return notFoundPage(context, request, reply, STORE_TEXT[context.language].notFound);
      const values: CheckoutFormValues = {
        firstName: user?.firstName ?? '',
        lastName: user?.lastName ?? '',
        email: user?.email ?? '',
        country: context.country,
        company: '',
        vatId: '',
        address: '',
        paymentMethod: '',
        quantity: '1',
        currency: chosenCurrency(product.prices, queryText(request, 'currency')) ?? 'EUR',
      };
      const seats = queryText(request, 'seats') === '1' && product.seatPacks;
      return renderCheckout(request, reply, context, { product, seats, values, errors: NO_ERRORS, signedIn: user !== null, status: 200 });
    });

    app.post<{ Params: { slug: string } }>(
      '/store/checkout/:slug',
      // The order's mail goes to the address typed: limited per client address like every route that mails a named address.
      { onRequest: checkoutAccess, schema: { hide: true }, bodyLimit: FORM_BODY_LIMIT, config: { sendsMailToNamedAddress: true, checksGuessableCode: true } },
      async (request, reply) => {
        const context = storeContextOf(request);
        if (!context.settings.open) return closedPage(context, request, reply);
        const t = STORE_TEXT[context.language];
        if (!fromOwnSite(request, context.siteUrl)) {
          cacheNothing(reply);
          return html(reply, 403, messagePage(chromeOf(context, request, { signedIn: false }), t.crossSiteTitle, t.crossSite, { href: hrefOf(context, '/store'), text: t.allCourses }));
        }
        const product = request.params.slug.length <= 80 ? await productForSaleOf(db, context.tenant.id, request.params.slug) : undefined;
        if (!product) return notFoundPage(context, request, reply, t.notFound);
        const checkout = await checkoutContextOf(deps, request);
        const seats = queryText(request, 'seats') === '1' && product.seatPacks;
        const values = formValuesOf(request.body);
        // A signed-in buyer's order is theirs: their account's address, whatever the form says.
        if (checkout.signedIn) values.email = checkout.signedIn.email;
        const show = (errors: CheckoutErrors, status: number) => renderCheckout(request, reply, context, { product, seats, values, errors, signedIn: checkout.signedIn !== undefined, status });
        const asked = checkoutRequestOf(values, { productSlug: product.slug, seats, free: product.free, language: context.language });
        if (asked.errors) return show(asked.errors, 400);
        try {
          const placed = await placeOrder(checkout, asked.input);
          cacheNothing(reply);
          return reply.redirect(placed.redirectUrl, 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          noteRefusal(request, error.code, error.message);
          return show(checkoutErrorsOf(error, { seats, language: context.language }), error.status);
        }
      },
    );

    app.get<{ Params: { id: string } }>(
      '/store/orders/:id',
      { onRequest: publicRoute("the buyer's return page: the order's random id is the key, and the page shows nothing that names the buyer"), schema: { hide: true } },
      async (request, reply) => {
        const context = storeContextOf(request);
        // The address is the key to the page: it is not passed on to other sites.
        reply.header('referrer-policy', 'no-referrer');
        const [user, found] = await Promise.all([signedInUserIfAny(db, request), UUID.test(request.params.id) ? orderPageOf(db, context.tenant.id, request.params.id.toLowerCase()) : undefined]);
        if (!found) return notFoundPage(context, request, reply, STORE_TEXT[context.language].orderNotFound);
        const { order, lines } = found;
        const bank = context.settings.bankTransfer;
        const awaitingTransfer = order.provider === 'invoice' && (order.status === 'pending' || order.status === 'awaiting_transfer');
        cacheNothing(reply);
        return html(
          reply,
          200,
          orderPage(chromeOf(context, request, { signedIn: user !== null }), {
            reference: order.reference,
            status: order.status,
            provider: order.provider,
            currency: order.currency,
            lines: lines.map((line) => ({ title: line.title, quantity: line.quantity, grossMinor: line.grossMinor, vatRateBasisPoints: line.vatRateBasisPoints })),
            netMinor: order.netMinor,
            vatMinor: order.vatMinor,
            grossMinor: order.grossMinor,
            transfer: awaitingTransfer && bank.iban ? { accountHolder: bank.accountHolder || context.settings.sellerName, iban: bank.iban, bic: bank.bic, paymentTermDays: bank.paymentTermDays } : undefined,
            awaitingConfirmation: order.confirmationTokenHash !== null,
            coursesHref: '/',
            catalogueHref: hrefOf(context, '/store'),
          }),
        );
      },
    );

    const confirmAccess = publicRoute("the link mailed to a buyer who ordered without an account: the token in it is checked by the handler");
    const confirmPath = (id: string) => `/store/orders/${id}/confirm`;
    /** The answer to a confirmation link that does not work, on the page and on the button's post alike. */
    const confirmFailed = (context: StoreContext, request: FastifyRequest, reply: FastifyReply, reason: string) => {
      noteRefusal(request, 'MARKET_CONFIRMATION_INVALID', reason);
      const t = STORE_TEXT[context.language];
      return html(reply, 404, messagePage(chromeOf(context, request, { signedIn: false }), t.confirmFailedTitle, errorMessage('MARKET_CONFIRMATION_INVALID', context.language), { href: hrefOf(context, '/store'), text: t.allCourses }));
    };

    // The mailed link opens a page with a button; only the button's post confirms (confirm-order.ts).
    // It checks the link's token too: counted against the budget of guessable codes, as the post is.
    app.get<{ Params: { id: string } }>('/store/orders/:id/confirm', { onRequest: confirmAccess, schema: { hide: true }, config: { checksGuessableCode: true } }, async (request, reply) => {
      const context = storeContextOf(request);
      reply.header('referrer-policy', 'no-referrer');
      cacheNothing(reply);
      const token = queryText(request, 'token') ?? '';
      const found = UUID.test(request.params.id) && token.length > 0 && token.length <= 100 ? await orderPageOf(db, context.tenant.id, request.params.id.toLowerCase()) : undefined;
      // Confirmed already: the order page says what follows.
      if (found?.order.emailConfirmedAt) return reply.redirect(hrefOf(context, `/store/orders/${found.order.id}`), 303);
      // A link that does not work says so at once, not only after its button.
      if (!found || !confirmationLinkWorks(found.order, token)) return confirmFailed(context, request, reply, 'wrong, used or expired confirmation link');
      const chrome = chromeOf(context, request, { signedIn: false });
      return html(reply, 200, confirmOrderPage(chrome, { reference: found.order.reference, action: hrefOf(context, confirmPath(found.order.id)), token }));
    });

    app.post<{ Params: { id: string } }>(
      '/store/orders/:id/confirm',
      // Guessing a link is guessing a credential: the budget of guessable codes per client address applies.
      { onRequest: confirmAccess, schema: { hide: true }, bodyLimit: FORM_BODY_LIMIT, config: { checksGuessableCode: true } },
      async (request, reply) => {
        const context = storeContextOf(request);
        reply.header('referrer-policy', 'no-referrer');
        cacheNothing(reply);
        const body = (request.body ?? {}) as Record<string, unknown>;
        const token = typeof body.token === 'string' ? body.token : '';
        if (!UUID.test(request.params.id) || token.length === 0 || token.length > 100) return confirmFailed(context, request, reply, 'malformed order id or token');
        const orderId = request.params.id.toLowerCase();
        try {
          await confirmOrderEmail(db, context.tenant.id, orderId, token, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id });
        } catch (error) {
          if (error instanceof AppError && error.code === 'MARKET_CONFIRMATION_INVALID') return confirmFailed(context, request, reply, 'wrong, used or expired confirmation token');
          throw error;
        }
        return reply.redirect(hrefOf(context, `/store/orders/${orderId}`), 303);
      },
    );
  };
}

import { randomInt } from 'node:crypto';
import type { Config } from '../../config.js';
import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import { newLinkToken } from '../../platform/identity/index.js';
import { sectionSettingsOf, type Tenant } from '../../platform/tenancy/index.js';
import { findPublishedProductBySlug } from '../catalogue/catalogue.repository.js';
import { marketSettings } from '../market.settings.js';
import type { Currency } from '../money.js';
import { publishEvent } from '../../platform/events/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { MARKET_PURCHASE_MAIL } from '../orders/grant-access.js';
import { marketOrderReleased } from '../orders/order-events.js';
import { couponDiscount } from '../coupons/apply-coupon.js';
import { insertRedemption } from '../coupons/coupons.repository.js';
import { issueInvoice } from '../invoices/issue-invoice.js';
import { insertOrder, setOrderStatus, setPaymentCheckout, setPaymentStatus } from '../orders/orders.repository.js';
import { markOrderPaid } from '../orders/order-paid.js';
import { checkVatIdFormat, checkVatIdWithVies, isEuCountry, taxLine, weighLocationEvidence } from '../tax/index.js';
import { needsEmailConfirmation } from './confirm-order.js';
import { checkoutInput, type CheckoutInput, type CheckoutView } from './checkout.contract.js';
import type { StripeAccounts } from './stripe-accounts.js';

/** How long a buyer has to pay on the provider's page before the checkout expires (Stripe allows 30 minutes to 24 hours). */
const CHECKOUT_EXPIRES_MS = 60 * 60_000;
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `K7PQ-3MZA`: what buyer and seller quote; 32^8 values, drawn at random. */
function newReference(): string {
  const chars = Array.from({ length: 8 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export interface CheckoutContext {
  db: Db;
  config: Config;
  tenant: Tenant;
  /** The site's own address (never the request's Host): where the provider sends the buyer back. */
  siteUrl: string;
  stripe: StripeAccounts;
  /** The signed-in buyer, whose account the order is for (their address wins over a typed one). */
  signedIn: { id: string; email: string } | undefined;
  ip: string;
  userAgent: string | null;
  requestId: string;
}

/** The VAT ID's standing: its format (refused when wrong, or of another country), then VIES when configured and reachable. */
async function vatStatusOf(config: Config, vatId: string, country: string): Promise<{ normalised: string; status: 'valid' | 'unverified' } | undefined> {
  if (vatId === '') return undefined;
  const format = checkVatIdFormat(vatId, country);
  if (!format.ok) throw new AppError(format.reason === 'country' ? 'MARKET_VAT_ID_COUNTRY' : 'MARKET_VAT_ID_INVALID', [{ field: 'vatId', value: vatId }]);
  if (!config.market.viesUrl) return { normalised: format.normalised, status: 'unverified' };
  const vies = await checkVatIdWithVies(format.countryPrefix, format.number, { baseUrl: config.market.viesUrl });
  if (vies.status === 'invalid') throw new AppError('MARKET_VAT_ID_INVALID', [{ field: 'vatId', value: vatId }]);
  return { normalised: format.normalised, status: vies.status };
}

/**
 * Places an order and starts its payment: the product, its price and the tax are read and worked
 * out here (nothing of it comes from the browser), the order is written pending, and the buyer is
 * sent to the provider. A free product is paid at once; a bank transfer waits for the seller.
 */
export async function placeOrder(context: CheckoutContext, input: CheckoutInput): Promise<CheckoutView> {
  const fields = checkoutInput.parse(input);
  const settings = sectionSettingsOf(context.tenant, marketSettings);
  if (!settings.open) throw new AppError('MARKET_STORE_CLOSED');
  const email = context.signedIn?.email ?? fields.email;
  const vat = await vatStatusOf(context.config, fields.vatId, fields.country);
  // Read before the order's transaction: the gateway has its own (and PGlite has one connection).
  const gateway = await context.stripe.gatewayOf(context.tenant.id);
  const now = new Date();
  const placed = await context.db.withTenant(context.tenant.id, async (tx) => {
    const product = await findPublishedProductBySlug(tx, fields.productSlug);
    if (!product) throw new AppError('MARKET_NOT_FOR_SALE', [{ field: 'productSlug', value: fields.productSlug }]);
    if (fields.seatPack && !product.seatPacks) throw new AppError('MARKET_SEATS_NOT_OFFERED', [{ field: 'seatPack', value: 'true' }]);
    if (!fields.seatPack && fields.quantity !== 1) throw new AppError('MARKET_QUANTITY_INVALID', [{ field: 'quantity', value: String(fields.quantity) }]);
    const price = product.free ? 0 : product.prices.find((p) => p.currency === fields.currency)?.amountMinor;
    if (price === undefined) throw new AppError('MARKET_CURRENCY_NOT_OFFERED', [{ field: 'currency', value: fields.currency }]);
    const listTotal = price * fields.quantity;
    const coupon = fields.couponCode && !product.free ? await couponDiscount(tx, { code: fields.couponCode, productId: product.id, currency: fields.currency, listTotalMinor: listTotal, buyerEmail: email, now }) : undefined;
    const charged = listTotal - (coupon?.discountMinor ?? 0);
    // A coupon that takes the whole price makes the order free: nothing to pay, nobody to ask.
    const provider = product.free || charged === 0 ? 'free' : fields.paymentMethod === 'bank_transfer' ? 'invoice' : 'stripe';
    if (provider === 'invoice' && !settings.bankTransfer.enabled) throw new AppError('MARKET_PAYMENT_METHOD_UNAVAILABLE', [{ field: 'paymentMethod', value: fields.paymentMethod }]);
    if (provider === 'stripe' && !gateway) throw new AppError('MARKET_PAYMENT_NOT_SET_UP');
    const taxed = taxLine({ sellerCountry: settings.sellerCountry, buyerCountry: fields.country, priceMode: settings.priceMode, priceMinor: charged, quantity: 1, buyerVat: vat ? { status: vat.status } : undefined, at: now });
    const evidence = weighLocationEvidence([{ kind: 'billing_address', country: fields.country }]);
    const reference = newReference();
    const confirmation = needsEmailConfirmation({ provider, signedIn: context.signedIn !== undefined, accessBeforePayment: settings.bankTransfer.accessBeforePayment }) ? newLinkToken() : undefined;
    const title = fields.seatPack ? `${product.title} (${String(fields.quantity)} ${fields.language === 'de' ? 'Plätze' : 'seats'})` : product.title;
    const ids = await insertOrder(
      tx,
      {
        reference,
        status: 'pending',
        provider,
        buyerUserId: context.signedIn?.id ?? null,
        buyerEmail: email,
        buyerFirstName: fields.firstName,
        buyerLastName: fields.lastName,
        buyerCompany: fields.company || null,
        buyerAddress: fields.address,
        buyerCountry: fields.country,
        buyerVatId: vat?.normalised ?? null,
        buyerVatStatus: vat?.status ?? null,
        locationEvidence: { pieces: evidence.pieces, country: evidence.country, agreeing: evidence.agreeing, conflicting: evidence.conflicting, euBuyer: isEuCountry(fields.country) },
        language: fields.language,
        currency: fields.currency,
        netMinor: taxed.netMinor,
        vatMinor: taxed.vatMinor,
        grossMinor: taxed.grossMinor,
        couponCode: coupon?.coupon.code ?? null,
        confirmationTokenHash: confirmation?.tokenHash ?? null,
      },
      [
        {
          position: 1,
          productId: product.id,
          title,
          courseIds: product.courseIds,
          accessDays: product.accessDays,
          quantity: fields.quantity,
          seatPack: fields.seatPack,
          unitPriceMinor: price,
          discountMinor: coupon?.discountMinor ?? 0,
          netMinor: taxed.netMinor,
          vatMinor: taxed.vatMinor,
          grossMinor: taxed.grossMinor,
          vatRateBasisPoints: taxed.rateBasisPoints,
          taxRule: taxed.rule,
          taxCountry: taxed.taxCountry,
        },
      ],
      { provider, status: 'open' },
    );
    if (coupon) await insertRedemption(tx, { couponId: coupon.coupon.id, orderId: ids.orderId, buyerEmail: email, discountMinor: coupon.discountMinor });
    await insertAuditEvent(tx, {
      action: 'market.order_placed',
      actorUserId: context.signedIn?.id ?? null,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'market_order',
      targetId: ids.orderId,
      details: { reference, product: product.slug, quantity: fields.quantity, currency: fields.currency, grossMinor: taxed.grossMinor, provider, taxRule: taxed.rule, coupon: coupon?.coupon.code ?? null, discountMinor: coupon?.discountMinor ?? 0 },
    });
    if (provider === 'free' && !confirmation) await markOrderPaid(tx, { orderId: ids.orderId, paymentId: ids.paymentId, providerPaymentId: null, via: 'free' });
    // A free order of an address nobody has shown to be theirs waits for the mailed link (confirm-order.ts).
    if (provider === 'free' && confirmation) await enqueueJob(tx, { kind: MARKET_PURCHASE_MAIL, payload: { orderId: ids.orderId, passwordToken: null, confirmToken: confirmation.token }, maxAttempts: 10 });
    if (provider === 'invoice') {
      await setOrderStatus(tx, ids.orderId, 'awaiting_transfer');
      // The invoice asks for the transfer (bank details, reference, due date): issued with the order.
      await issueInvoice(tx, ids.orderId);
      await enqueueJob(tx, { kind: MARKET_PURCHASE_MAIL, payload: { orderId: ids.orderId, passwordToken: null, transfer: true, confirmToken: confirmation?.token ?? null }, maxAttempts: 10 });
      if (settings.bankTransfer.accessBeforePayment && !confirmation) await publishEvent(tx, marketOrderReleased, { orderId: ids.orderId });
    }
    return { ...ids, reference, provider, title, grossMinor: taxed.grossMinor, confirming: confirmation !== undefined };
  });
  const orderPage = `${context.siteUrl}/store/orders/${placed.orderId}`;
  if (placed.provider !== 'stripe') return { orderId: placed.orderId, reference: placed.reference, status: placed.provider === 'invoice' ? 'awaiting_transfer' : placed.confirming ? 'pending' : 'paid', redirectUrl: orderPage };
  let checkout;
  try {
    checkout = await gateway!.createCheckout({
      orderId: placed.orderId,
      reference: placed.reference,
      currency: fields.currency as Currency,
      lines: [{ name: placed.title, amountMinor: placed.grossMinor }],
      buyerEmail: email,
      language: fields.language,
      successUrl: `${orderPage}?paid=1`,
      cancelUrl: `${context.siteUrl}/store/p/${encodeURIComponent(fields.productSlug)}`,
      expiresAt: new Date(now.getTime() + CHECKOUT_EXPIRES_MS),
    });
  } catch {
    // Nothing was charged: the order stays pending with its payment failed, and is shown so.
    await context.db.withTenant(context.tenant.id, (tx) => setPaymentStatus(tx, placed.paymentId, 'failed'));
    throw new AppError('MARKET_PROVIDER_UNAVAILABLE');
  }
  await context.db.withTenant(context.tenant.id, (tx) => setPaymentCheckout(tx, placed.paymentId, checkout.checkoutId, checkout.url));
  return { orderId: placed.orderId, reference: placed.reference, status: 'pending', redirectUrl: checkout.url };
}

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local stand-in for the part of the Stripe API the store uses (Checkout Sessions, PaymentIntents,
 * charges, refunds, disputes, events), served over a real socket so that the real `stripe` SDK talks
 * to it unchanged, plus webhook deliveries signed with the SDK's own test helper. Tests never reach
 * the internet; what the stand-in answers follows the SDK's types and Stripe's documented behaviour
 * (object shapes, error shape and status codes, idempotency, list pagination).
 */

type Params = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** Form body (POST) or query (GET) parameters, decoded into nested objects and arrays. */
  params: Record<string, unknown>;
  idempotencyKey: string | undefined;
}

export interface DeliverOptions {
  /** Sign with this secret instead of the stand-in's (a wrong secret must fail verification). */
  secret?: string;
  /** Signature timestamp in Unix seconds (an old one must fail verification). */
  timestamp?: number;
  /** Send a body that differs from the one that was signed. */
  tamper?: boolean;
}

export interface StripeStandIn {
  /** http://127.0.0.1:<port> */
  url: string;
  host: string;
  port: number;
  /** The secret key it accepts; any other key gets Stripe's 401. */
  apiKey: string;
  /** The endpoint secret webhooks are signed with ('whsec_…'). */
  webhookSecret: string;
  /** A stripe SDK client pointed at the stand-in (another key can be given to test refusals). */
  client(apiKey?: string): Stripe;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** The buyer pays: returns the `checkout.session.completed` event (recorded, not delivered). */
  payCheckoutSession(sessionId: string, options?: { cardCountry?: string }): Stripe.Event;
  /** The session expires unpaid: returns the `checkout.session.expired` event. */
  expireCheckoutSession(sessionId: string): Stripe.Event;
  /** A chargeback on a payment: returns `charge.dispute.created`. */
  openDispute(paymentIntentId: string, amountMinor?: number): Stripe.Event;
  /** The dispute is decided: returns `charge.dispute.closed`. */
  closeDispute(disputeId: string, status: 'lost' | 'won'): Stripe.Event;
  /** POSTs the event to a webhook URL as Stripe does, signed; resolves with the receiver's answer. */
  deliver(event: Stripe.Event, webhookUrl: string, options?: DeliverOptions): Promise<{ status: number; body: string }>;
  /** The same delivery as payload and headers, for an injector such as Fastify's app.inject. */
  signed(event: Stripe.Event, options?: DeliverOptions): { payload: string; headers: Record<string, string> };
  close(): Promise<void>;
}

export interface StripeStandInOptions {
  apiKey?: string;
  webhookSecret?: string;
}

// ---------------------------------------------------------------------------------------------
// Errors in Stripe's shape

interface StripeErrorBody {
  type: 'invalid_request_error' | 'idempotency_error' | 'api_error';
  code?: string;
  message: string;
  param?: string;
  doc_url?: string;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

function invalid(message: string, param?: string, code?: string): ApiError {
  return new ApiError(400, {
    type: 'invalid_request_error',
    message,
    ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } : {}),
    ...(param ? { param } : {}),
  });
}

function missingParam(param: string): ApiError {
  return invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
}

function noSuch(noun: string, id: string, param: string, status = 404): ApiError {
  return new ApiError(status, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    message: `No such ${noun}: '${id}'`,
    param,
  });
}

function unrecognizedUrl(method: string, path: string): ApiError {
  return new ApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

// ---------------------------------------------------------------------------------------------
// Form decoding: the SDK sends `a[b][0][c]=v` (brackets unencoded, arrays indexed); `a[]=v` is
// accepted too, as Stripe does.

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function keySegments(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return [key];
  const head = match[1] ?? key;
  const rest = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '');
  return [head, ...rest];
}

function decodeForm(text: string): Params {
  const root: Params = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const segments = keySegments(rawKey);
    let node: Params = root;
    segments.forEach((segment, index) => {
      if (FORBIDDEN_KEYS.has(segment)) throw invalid(`Invalid parameter name: ${rawKey}`, rawKey);
      const key = segment === '' ? String(Object.keys(node).length) : segment;
      if (index === segments.length - 1) {
        node[key] = value;
        return;
      }
      const existing = node[key];
      if (typeof existing !== 'object' || existing === null) node[key] = {};
      node = node[key] as Params;
    });
  }
  return arraysFromIndexes(root, false) as Params;
}

/** Objects whose keys are all indexes become arrays (but metadata keys stay keys, even numeric ones). */
function arraysFromIndexes(value: unknown, isMetadata: boolean): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Params).map(([k, v]) => [k, arraysFromIndexes(v, k === 'metadata')] as const);
  if (!isMetadata && entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}

/** Key-order independent serialisation, to compare a replayed request's parameters. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Params)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Parameter readers, with Stripe's wording for bad values

function allowOnly(params: Params, allowed: readonly string[], prefix = ''): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) {
      const name = prefix ? `${prefix}[${key}]` : key;
      throw invalid(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
    }
  }
}

function str(value: unknown, param: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid string: ${JSON.stringify(value)}`, param);
  return value;
}

function int(value: unknown, param: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    throw invalid(`Invalid integer: ${typeof value === 'string' ? value : JSON.stringify(value)}`, param, 'parameter_invalid_integer');
  }
  return Number(value);
}

function obj(value: unknown, param: string): Params {
  if (value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`Invalid object`, param);
  return value as Params;
}

function expandList(params: Params): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw invalid('Invalid array', 'expand');
  return value;
}

function metadataParam(value: unknown, param: string): Record<string, string> {
  if (value === undefined) return {};
  const metadata = obj(value, param);
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(metadata)) {
    const name = `${param}[${key}]`;
    if (typeof entry !== 'string') throw invalid(`Invalid value type: ${JSON.stringify(entry)} must be a string`, name);
    if (key.length > 40) throw invalid(`Metadata keys can have up to 40 characters. The key '${key}' is too long.`, name);
    if (entry.length > 500) throw invalid(`Metadata values can have up to 500 characters, but you passed in a value that is ${entry.length} characters.`, name);
    // An empty value unsets the key.
    if (entry !== '') result[key] = entry;
  }
  if (Object.keys(result).length > 50) throw invalid('You can have up to 50 metadata keys.', param);
  return result;
}

function urlParam(value: unknown, param: string): string | null {
  const text = str(value, param);
  if (text === undefined) return null;
  const parsed = URL.canParse(text) ? new URL(text) : undefined;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') throw invalid('Not a valid URL', param, 'url_invalid');
  return text;
}

function matchesRange(created: number, range: unknown, param: string): boolean {
  if (range === undefined) return true;
  if (typeof range === 'string') return created === int(range, param);
  const bounds = obj(range, param);
  allowOnly(bounds, ['gt', 'gte', 'lt', 'lte'], param);
  const gt = int(bounds.gt, `${param}[gt]`);
  const gte = int(bounds.gte, `${param}[gte]`);
  const lt = int(bounds.lt, `${param}[lt]`);
  const lte = int(bounds.lte, `${param}[lte]`);
  return (gt === undefined || created > gt) && (gte === undefined || created >= gte) && (lt === undefined || created < lt) && (lte === undefined || created <= lte);
}

// ---------------------------------------------------------------------------------------------
// Money

const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

/** Stripe's minimum charge amounts (minor units) for the currencies a European store is likely to use. */
const MINIMUM_AMOUNT: Record<string, number> = { usd: 50, eur: 50, gbp: 30, chf: 50, cad: 50, aud: 50, jpy: 50, sek: 300, nok: 300, dkk: 250, pln: 200, czk: 1500, huf: 17500 };

function formatMoney(amount: number, currency: string): string {
  const major = ZERO_DECIMAL.has(currency) ? String(amount) : (amount / 100).toFixed(2);
  return `${currency.toUpperCase()} ${major}`;
}

// The locales Checkout accepts (Stripe.Checkout.Session.Locale).
const LOCALES = new Set([
  'auto', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr', 'fr-CA', 'hi-IN', 'hr', 'hu', 'id', 'it', 'ja', 'ko',
  'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
]);

// Top-level parameters of POST /v1/checkout/sessions (SessionCreateParams in the SDK). Those the
// stand-in does not model are accepted and ignored, as they would not be refused by Stripe.
const SESSION_CREATE_PARAMS = [
  'adaptive_pricing', 'after_expiration', 'allow_promotion_codes', 'allowed_payment_method_types', 'automatic_tax', 'billing_address_collection',
  'branding_settings', 'cancel_url', 'client_reference_id', 'consent_collection', 'currency', 'custom_fields', 'custom_text', 'customer',
  'customer_account', 'customer_creation', 'customer_email', 'customer_update', 'discounts', 'excluded_payment_method_types', 'expand', 'expires_at',
  'integration_identifier', 'invoice_creation', 'line_items', 'locale', 'managed_payments', 'metadata', 'mode', 'name_collection', 'optional_items',
  'origin_context', 'payment_intent_data', 'payment_method_collection', 'payment_method_configuration', 'payment_method_data',
  'payment_method_options', 'payment_method_types', 'permissions', 'phone_number_collection', 'redirect_on_completion', 'return_url',
  'saved_payment_method_options', 'setup_intent_data', 'shipping_address_collection', 'shipping_options', 'submit_type', 'subscription_data',
  'success_url', 'tax_id_collection', 'ui_mode', 'wallet_options',
] as const;

const PAYMENT_INTENT_DATA_PARAMS = [
  'application_fee_amount', 'capture_method', 'description', 'metadata', 'on_behalf_of', 'receipt_email', 'setup_future_usage', 'shipping',
  'statement_descriptor', 'statement_descriptor_suffix', 'transfer_data', 'transfer_group',
] as const;

// ---------------------------------------------------------------------------------------------

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomId(length: number): string {
  let id = '';
  for (const byte of randomBytes(length)) id += ALPHABET.charAt(byte % ALPHABET.length);
  return id;
}

const now = (): number => Math.floor(Date.now() / 1000);

/** Deep copy through JSON, so that what a test holds is exactly what went over the wire. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function emptyAddress(country: string | null): Stripe.Address {
  return { city: null, country, line1: null, line2: null, postal_code: null, state: null };
}

interface RequestContext {
  requestId: string;
  idempotencyKey: string | undefined;
}

interface SessionExtras {
  lineItems: Stripe.LineItem[];
  paymentIntentData: { metadata: Record<string, string>; description: string | null; receiptEmail: string | null; statementDescriptor: string | null; statementDescriptorSuffix: string | null };
}

interface SavedAnswer {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  text: string;
  requestId: string;
}

interface Answer {
  status: number;
  body: unknown;
}

type Handler = (params: Params, ctx: RequestContext, match: RegExpExecArray) => unknown;

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler: Handler;
}

type Listable = { id: string; created: number };

export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
  const apiKey = options.apiKey ?? `sk_test_${randomId(24)}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomId(32)}`;
  const requests: RecordedRequest[] = [];

  // Maps keep insertion order, which is creation order; lists answer newest first, as Stripe does.
  const sessions = new Map<string, Stripe.Checkout.Session>();
  const sessionExtras = new Map<string, SessionExtras>();
  const paymentIntents = new Map<string, Stripe.PaymentIntent>();
  const charges = new Map<string, Stripe.Charge>();
  const refunds = new Map<string, Stripe.Refund>();
  const disputes = new Map<string, Stripe.Dispute>();
  const events = new Map<string, Stripe.Event>();
  const idempotentAnswers = new Map<string, SavedAnswer>();

  let baseUrl = '';

  // -------------------------------------------------------------------------------------------
  // Events

  function recordEvent(type: Stripe.Event.Type, object: unknown, request: RequestContext | null, previousAttributes?: Params): Stripe.Event {
    const event = {
      id: `evt_${randomId(24)}`,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: now(),
      data: { object: clone(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
      livemode: false,
      pending_webhooks: 1,
      // Events caused by an API call name the request and its key; the others (the buyer paying, a
      // bank opening a dispute) have none, as on Stripe.
      request: request ? { id: request.requestId, idempotency_key: request.idempotencyKey ?? null } : { id: null, idempotency_key: null },
      type,
    } as Stripe.Event;
    events.set(event.id, event);
    return clone(event);
  }

  // -------------------------------------------------------------------------------------------
  // Lists and expansion

  function paginate<T extends Listable>(ordered: T[], params: Params, url: string, noun: string, keep: (item: T) => boolean = () => true): Stripe.ApiList<T> {
    const limit = int(params.limit, 'limit') ?? 10;
    if (limit < 1 || limit > 100) throw invalid(`Invalid integer: ${limit}; must be between 1 and 100`, 'limit', 'parameter_invalid_integer');
    const startingAfter = str(params.starting_after, 'starting_after');
    const endingBefore = str(params.ending_before, 'ending_before');
    if (startingAfter !== undefined && endingBefore !== undefined) {
      throw invalid('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
    }
    // Cursors are positions in the whole ordered collection, so a cursor outside the filter still works.
    const cursor = startingAfter ?? endingBefore;
    const cursorIndex = cursor === undefined ? -1 : ordered.findIndex((item) => item.id === cursor);
    if (cursor !== undefined && cursorIndex < 0) throw noSuch(noun, cursor, startingAfter !== undefined ? 'starting_after' : 'ending_before', 400);
    let data: T[];
    let hasMore: boolean;
    if (endingBefore !== undefined) {
      const before = ordered.slice(0, cursorIndex).filter(keep);
      data = before.slice(Math.max(0, before.length - limit));
      hasMore = before.length > limit;
    } else {
      const after = ordered.slice(cursorIndex + 1).filter(keep);
      data = after.slice(0, limit);
      hasMore = after.length > limit;
    }
    return { object: 'list', data: data.map((item) => clone(item)), has_more: hasMore, url };
  }

  function newestFirst<T>(map: Map<string, T>): T[] {
    return [...map.values()].reverse();
  }

  function lookupById(id: string): unknown {
    if (id.startsWith('cs_')) return sessions.get(id);
    if (id.startsWith('pi_')) return paymentIntents.get(id);
    if (id.startsWith('ch_')) return charges.get(id);
    if (id.startsWith('re_')) return refunds.get(id);
    if (id.startsWith('dp_')) return disputes.get(id);
    return undefined;
  }

  function lineItemsList(sessionId: string): Stripe.ApiList<Stripe.LineItem> {
    const items = sessionExtras.get(sessionId)?.lineItems ?? [];
    return { object: 'list', data: clone(items.slice(0, 10)), has_more: items.length > 10, url: `/v1/checkout/sessions/${sessionId}/line_items` };
  }

  function expandPath(target: Params, segments: string[], full: string): void {
    const [head, ...rest] = segments;
    if (head === undefined) return;
    if (target.object === 'list' && head === 'data' && Array.isArray(target.data)) {
      for (const item of target.data as Params[]) expandPath(item, rest, full);
      return;
    }
    if (target.object === 'checkout.session' && head === 'line_items' && typeof target.id === 'string') {
      target.line_items = lineItemsList(target.id);
      if (rest.length > 0) expandPath(target.line_items as unknown as Params, rest, full);
      return;
    }
    if (!(head in target)) throw invalid(`This property cannot be expanded (${full}).`, 'expand');
    let value = target[head];
    if (typeof value === 'string') {
      const found = lookupById(value);
      if (found === undefined) throw invalid(`This property cannot be expanded (${full}).`, 'expand');
      value = clone(found);
      target[head] = value;
    }
    if (rest.length > 0 && typeof value === 'object' && value !== null) expandPath(value as Params, rest, full);
  }

  function withExpansions<T>(object: T, params: Params): T {
    const paths = expandList(params);
    const copy = clone(object);
    for (const path of paths) expandPath(copy as Params, path.split('.'), path);
    return copy;
  }

  // -------------------------------------------------------------------------------------------
  // Checkout Sessions

  function parseLineItem(raw: unknown, index: number, created: number): Stripe.LineItem {
    const prefix = `line_items[${index}]`;
    const item = obj(raw, prefix);
    allowOnly(item, ['adjustable_quantity', 'dynamic_tax_rates', 'metadata', 'price', 'price_data', 'quantity', 'tax_rates'], prefix);
    const priceId = str(item.price, `${prefix}[price]`);
    // The stand-in has no Price objects: only inline price_data can be used.
    if (priceId !== undefined) throw noSuch('price', priceId, `${prefix}[price]`, 400);
    if (item.price_data === undefined) throw invalid(`You must specify either \`price\` or \`price_data\` in ${prefix}.`, prefix, 'parameter_missing');
    const pdName = `${prefix}[price_data]`;
    const priceData = obj(item.price_data, pdName);
    allowOnly(priceData, ['currency', 'product', 'product_data', 'recurring', 'tax_behavior', 'unit_amount', 'unit_amount_decimal'], pdName);
    const rawCurrency = str(priceData.currency, `${pdName}[currency]`);
    if (!rawCurrency) throw missingParam(`${pdName}[currency]`);
    const currency = rawCurrency.toLowerCase();
    if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${rawCurrency}`, `${pdName}[currency]`);
    if (priceData.recurring !== undefined) {
      throw invalid('You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', `${pdName}[recurring]`);
    }
    const unitAmount = int(priceData.unit_amount, `${pdName}[unit_amount]`);
    const unitAmountDecimal = str(priceData.unit_amount_decimal, `${pdName}[unit_amount_decimal]`);
    if (unitAmount === undefined && unitAmountDecimal === undefined) throw missingParam(`${pdName}[unit_amount]`);
    if (unitAmount !== undefined && unitAmountDecimal !== undefined) {
      throw invalid('You may only specify one of these parameters: unit_amount, unit_amount_decimal.', `${pdName}[unit_amount]`);
    }
    if (unitAmount !== undefined && unitAmount < 0) throw invalid('This value must be greater than or equal to 0.', `${pdName}[unit_amount]`);
    if (unitAmountDecimal !== undefined && !/^\d+(\.\d{1,12})?$/.test(unitAmountDecimal)) {
      throw invalid(`Invalid decimal: ${unitAmountDecimal}`, `${pdName}[unit_amount_decimal]`);
    }
    const productId = str(priceData.product, `${pdName}[product]`);
    if (productId !== undefined) throw noSuch('product', productId, `${pdName}[product]`, 400);
    if (priceData.product_data === undefined) throw missingParam(`${pdName}[product_data]`);
    const productData = obj(priceData.product_data, `${pdName}[product_data]`);
    allowOnly(productData, ['description', 'images', 'metadata', 'name', 'tax_code', 'unit_label'], `${pdName}[product_data]`);
    const name = str(productData.name, `${pdName}[product_data][name]`);
    if (!name) throw missingParam(`${pdName}[product_data][name]`);
    const quantity = int(item.quantity, `${prefix}[quantity]`);
    if (quantity === undefined) throw invalid(`Quantity is required. Add \`quantity\` to \`${prefix}\``, `${prefix}[quantity]`, 'parameter_missing');
    if (quantity < 1) throw invalid('This value must be greater than or equal to 1.', `${prefix}[quantity]`);
    const unit = unitAmount ?? Number(unitAmountDecimal);
    const total = Math.round(unit * quantity);
    const taxBehavior = str(priceData.tax_behavior, `${pdName}[tax_behavior]`) ?? 'unspecified';
    if (!['exclusive', 'inclusive', 'unspecified'].includes(taxBehavior)) throw invalid(`Invalid tax_behavior: ${taxBehavior}`, `${pdName}[tax_behavior]`);
    const price: Stripe.Price = {
      id: `price_${randomId(24)}`,
      object: 'price',
      active: false,
      billing_scheme: 'per_unit',
      created,
      currency,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: null,
      metadata: {},
      nickname: null,
      product: `prod_${randomId(14)}`,
      recurring: null,
      tax_behavior: taxBehavior as Stripe.Price.TaxBehavior,
      tiers_mode: null,
      transform_quantity: null,
      type: 'one_time',
      unit_amount: unitAmount ?? null,
      // Serialised as a string, as on the wire; the SDK turns it back into a Decimal.
      unit_amount_decimal: Stripe.Decimal.from(unitAmountDecimal ?? String(unitAmount)),
    };
    return {
      id: `li_${randomId(24)}`,
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: total,
      amount_tax: 0,
      amount_total: total,
      currency,
      description: name,
      metadata: metadataParam(item.metadata, `${prefix}[metadata]`),
      price,
      quantity,
    };
  }

  function createSession(params: Params): Stripe.Checkout.Session {
    allowOnly(params, SESSION_CREATE_PARAMS);
    const mode = str(params.mode, 'mode');
    if (mode === undefined || mode === '') throw missingParam('mode');
    if (!['payment', 'setup', 'subscription'].includes(mode)) throw invalid(`Invalid mode: must be one of payment, setup, or subscription`, 'mode');
    if (mode !== 'payment') throw invalid(`The Stripe stand-in only models mode=payment (got ${mode}).`, 'mode');
    const uiMode = str(params.ui_mode, 'ui_mode');
    if (uiMode !== undefined && uiMode !== 'hosted_page' && uiMode !== 'hosted') {
      throw invalid(`The Stripe stand-in only models hosted Checkout (got ui_mode=${uiMode}).`, 'ui_mode');
    }
    const customer = str(params.customer, 'customer');
    if (customer !== undefined) throw noSuch('customer', customer, 'customer', 400);

    const created = now();
    if (params.line_items === undefined || params.line_items === '') throw missingParam('line_items');
    if (!Array.isArray(params.line_items)) throw invalid('Invalid array', 'line_items');
    if (params.line_items.length === 0) throw missingParam('line_items');
    if (params.line_items.length > 100) throw invalid('You may only specify up to 100 line items in payment mode.', 'line_items');
    const lineItems = params.line_items.map((raw: unknown, index: number) => parseLineItem(raw, index, created));
    const currency = lineItems[0]?.currency ?? '';
    lineItems.forEach((item, index) => {
      if (item.currency !== currency) {
        throw invalid(`All line items must use the same currency: line_items[0] is in ${currency}, line_items[${index}] in ${item.currency}.`, `line_items[${index}][price_data][currency]`);
      }
    });
    const amountTotal = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
    const minimum = MINIMUM_AMOUNT[currency] ?? 1;
    if (amountTotal < minimum) {
      throw invalid(`The Checkout Session's total amount due must add up to at least ${formatMoney(minimum, currency)}.`, undefined, 'amount_too_small');
    }

    const successUrl = urlParam(params.success_url, 'success_url');
    const cancelUrl = urlParam(params.cancel_url, 'cancel_url');
    const clientReferenceId = str(params.client_reference_id, 'client_reference_id') ?? null;
    if (clientReferenceId !== null && clientReferenceId.length > 200) throw invalid('client_reference_id must be at most 200 characters.', 'client_reference_id');
    const customerEmail = str(params.customer_email, 'customer_email') ?? null;
    if (customerEmail !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customerEmail)) {
      throw invalid(`Invalid email address: ${customerEmail}`, 'customer_email', 'email_invalid');
    }
    const locale = str(params.locale, 'locale') ?? null;
    if (locale !== null && !LOCALES.has(locale)) throw invalid(`Invalid locale: ${locale}`, 'locale');
    // Stripe allows 30 minutes to 24 hours; a minute of slack covers the caller computing it a little earlier.
    const expiresAt = int(params.expires_at, 'expires_at') ?? created + 24 * 3600;
    if (expiresAt < created + 30 * 60 - 60) throw invalid('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at');
    if (expiresAt > created + 24 * 3600 + 60) throw invalid('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at');

    const pid = params.payment_intent_data === undefined ? {} : obj(params.payment_intent_data, 'payment_intent_data');
    allowOnly(pid, PAYMENT_INTENT_DATA_PARAMS, 'payment_intent_data');
    const paymentIntentData: SessionExtras['paymentIntentData'] = {
      metadata: metadataParam(pid.metadata, 'payment_intent_data[metadata]'),
      description: str(pid.description, 'payment_intent_data[description]') ?? null,
      receiptEmail: str(pid.receipt_email, 'payment_intent_data[receipt_email]') ?? null,
      statementDescriptor: str(pid.statement_descriptor, 'payment_intent_data[statement_descriptor]') ?? null,
      statementDescriptorSuffix: str(pid.statement_descriptor_suffix, 'payment_intent_data[statement_descriptor_suffix]') ?? null,
    };
    const metadata = metadataParam(params.metadata, 'metadata');

    const id = `cs_test_${randomId(58)}`;
    const session: Stripe.Checkout.Session = {
      id,
      object: 'checkout.session',
      adaptive_pricing: null,
      after_expiration: null,
      allow_promotion_codes: null,
      allowed_payment_method_types: null,
      amount_subtotal: amountTotal,
      amount_total: amountTotal,
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: null,
      cancel_url: cancelUrl,
      client_reference_id: clientReferenceId,
      client_secret: null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created,
      currency,
      currency_conversion: null,
      custom_fields: [],
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
      customer: null,
      customer_account: null,
      customer_creation: 'if_required',
      customer_details: null,
      customer_email: customerEmail,
      discounts: [],
      expires_at: expiresAt,
      integration_identifier: null,
      invoice: null,
      invoice_creation: null,
      livemode: false,
      locale: locale as Stripe.Checkout.Session.Locale | null,
      managed_payments: null,
      metadata,
      mode: 'payment',
      origin_context: null,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: 'if_required',
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: ['card'],
      payment_status: 'unpaid',
      permissions: null,
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: 'open',
      submit_type: null,
      subscription: null,
      success_url: successUrl,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: 'hosted_page',
      url: `${baseUrl}/pay/${id}`,
      wallet_options: null,
    };
    sessions.set(id, session);
    sessionExtras.set(id, { lineItems, paymentIntentData });
    return session;
  }

  function sessionOrThrow(id: string): Stripe.Checkout.Session {
    const session = sessions.get(id);
    if (!session) throw noSuch('checkout.session', id, 'session');
    return session;
  }

  function expire(session: Stripe.Checkout.Session, request: RequestContext | null): Stripe.Event {
    if (session.status !== 'open') {
      throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
    }
    session.status = 'expired';
    session.url = null;
    return recordEvent('checkout.session.expired', session, request);
  }

  function pay(sessionId: string, cardCountry: string): Stripe.Event {
    const session = sessions.get(sessionId);
    const extras = sessionExtras.get(sessionId);
    if (!session || !extras) throw new Error(`Stripe stand-in: no Checkout Session ${sessionId}`);
    if (session.status !== 'open') throw new Error(`Stripe stand-in: Checkout Session ${sessionId} is ${session.status}, it cannot be paid`);
    const created = now();
    const amount = session.amount_total ?? 0;
    const currency = session.currency ?? 'usd';
    const email = session.customer_email ?? 'buyer@example.com';
    const paymentIntentId = `pi_${randomId(24)}`;
    const chargeId = `ch_${randomId(24)}`;
    const paymentMethodId = `pm_${randomId(24)}`;
    const { paymentIntentData } = extras;
    const charge: Stripe.Charge = {
      id: chargeId,
      object: 'charge',
      amount,
      amount_captured: amount,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: `txn_${randomId(24)}`,
      billing_details: { address: emptyAddress(cardCountry), email, name: 'Stand-in Buyer', phone: null, tax_id: null },
      calculated_statement_descriptor: paymentIntentData.statementDescriptor ?? 'STRIPE STAND-IN',
      captured: true,
      created,
      currency,
      customer: null,
      description: paymentIntentData.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: null,
      failure_message: null,
      fraud_details: {},
      livemode: false,
      metadata: { ...paymentIntentData.metadata },
      on_behalf_of: null,
      outcome: {
        advice_code: null,
        network_advice_code: null,
        network_decline_code: null,
        network_status: 'approved_by_network',
        reason: null,
        risk_level: 'normal',
        risk_score: 20,
        seller_message: 'Payment complete.',
        type: 'authorized',
      },
      paid: true,
      payment_intent: paymentIntentId,
      payment_method: paymentMethodId,
      payment_method_details: {
        type: 'card',
        card: {
          amount_authorized: amount,
          authorization_code: String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000)),
          brand: 'visa',
          checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
          country: cardCountry,
          electronic_commerce_indicator: null,
          exp_month: 12,
          exp_year: new Date().getUTCFullYear() + 3,
          funding: 'credit',
          installments: null,
          last4: '4242',
          mandate: null,
          network: 'visa',
          network_transaction_id: randomId(15),
          regulated_status: 'unregulated',
          three_d_secure: null,
          transaction_link_id: null,
          wallet: null,
        },
      },
      receipt_email: paymentIntentData.receiptEmail,
      receipt_number: null,
      receipt_url: null,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${chargeId}/refunds` },
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: paymentIntentData.statementDescriptor,
      statement_descriptor_suffix: paymentIntentData.statementDescriptorSuffix,
      status: 'succeeded',
      transfer_data: null,
      transfer_group: null,
    };
    const paymentIntent: Stripe.PaymentIntent = {
      id: paymentIntentId,
      object: 'payment_intent',
      allowed_payment_method_types: null,
      amount,
      amount_capturable: 0,
      amount_received: amount,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic_async',
      client_secret: `${paymentIntentId}_secret_${randomId(25)}`,
      confirmation_method: 'automatic',
      created,
      currency,
      customer: null,
      customer_account: null,
      description: paymentIntentData.description,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: chargeId,
      livemode: false,
      managed_payments: null,
      metadata: { ...paymentIntentData.metadata },
      next_action: null,
      on_behalf_of: null,
      payment_method: paymentMethodId,
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: ['card'],
      payment_record: null,
      processing: null,
      receipt_email: paymentIntentData.receiptEmail,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: paymentIntentData.statementDescriptor,
      statement_descriptor_suffix: paymentIntentData.statementDescriptorSuffix,
      status: 'succeeded',
      transfer_group: null,
    };
    paymentIntents.set(paymentIntentId, paymentIntent);
    charges.set(chargeId, charge);
    session.status = 'complete';
    session.payment_status = 'paid';
    session.payment_intent = paymentIntentId;
    session.url = null;
    session.customer_details = {
      address: emptyAddress(cardCountry),
      business_name: null,
      email,
      individual_name: null,
      name: 'Stand-in Buyer',
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    };
    return recordEvent('checkout.session.completed', session, null);
  }

  // -------------------------------------------------------------------------------------------
  // Refunds and disputes

  function disputeOf(chargeId: string): Stripe.Dispute | undefined {
    return [...disputes.values()].find((dispute) => dispute.charge === chargeId);
  }

  function createRefund(params: Params, ctx: RequestContext): Stripe.Refund {
    allowOnly(params, ['amount', 'charge', 'currency', 'customer', 'expand', 'instructions_email', 'metadata', 'origin', 'payment_intent', 'reason', 'refund_application_fee', 'reverse_transfer']);
    const paymentIntentId = str(params.payment_intent, 'payment_intent');
    const chargeParam = str(params.charge, 'charge');
    if (paymentIntentId === undefined && chargeParam === undefined) {
      throw invalid('One of the following params should be provided for this request: payment_intent or charge.', undefined, 'parameter_missing');
    }
    if (paymentIntentId !== undefined && chargeParam !== undefined) throw invalid('You may only specify one of these parameters: charge, payment_intent.', 'charge');
    let charge: Stripe.Charge | undefined;
    if (paymentIntentId !== undefined) {
      const paymentIntent = paymentIntents.get(paymentIntentId);
      if (!paymentIntent) throw noSuch('payment_intent', paymentIntentId, 'payment_intent', 400);
      charge = typeof paymentIntent.latest_charge === 'string' ? charges.get(paymentIntent.latest_charge) : undefined;
      if (!charge) throw invalid(`This PaymentIntent (${paymentIntentId}) does not have a successful charge to refund.`, 'payment_intent');
    } else if (chargeParam !== undefined) {
      charge = charges.get(chargeParam);
      if (!charge) throw noSuch('charge', chargeParam, 'charge', 400);
    }
    if (!charge) throw invalid('Nothing to refund.');
    const amount = int(params.amount, 'amount');
    if (amount !== undefined && amount < 1) throw invalid('Invalid positive integer', 'amount', 'parameter_invalid_integer');
    const reason = str(params.reason, 'reason') ?? null;
    if (reason !== null && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) {
      throw invalid('Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer', 'reason');
    }
    const metadata = metadataParam(params.metadata, 'metadata');
    const dispute = disputeOf(charge.id);
    if (dispute && dispute.status !== 'won') throw invalid(`Charge ${charge.id} has been charged back; cannot issue a refund.`, undefined, 'charge_disputed');
    const left = charge.amount - charge.amount_refunded;
    if (left === 0) throw invalid(`Charge ${charge.id} has already been refunded.`, undefined, 'charge_already_refunded');
    const refundAmount = amount ?? left;
    if (refundAmount > left) {
      throw invalid(
        `Refund amount (${formatMoney(refundAmount, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(left, charge.currency)})`,
        'amount',
        'amount_too_large',
      );
    }
    const refund: Stripe.Refund = {
      id: `re_${randomId(24)}`,
      object: 'refund',
      amount: refundAmount,
      balance_transaction: `txn_${randomId(24)}`,
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      customer: null,
      customer_account: null,
      metadata,
      payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
      payment_method: charge.payment_method,
      reason: reason as Stripe.Refund.Reason | null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    };
    refunds.set(refund.id, refund);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded, refunds: clone(charge.refunds) };
    charge.amount_refunded += refundAmount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const list = charge.refunds ?? { object: 'list' as const, data: [], has_more: false, url: `/v1/charges/${charge.id}/refunds` };
    list.data.unshift(clone(refund));
    charge.refunds = list;
    recordEvent('charge.refunded', charge, ctx, previous);
    return refund;
  }

  function openDispute(paymentIntentId: string, amountMinor?: number): Stripe.Event {
    const paymentIntent = paymentIntents.get(paymentIntentId);
    const charge = paymentIntent && typeof paymentIntent.latest_charge === 'string' ? charges.get(paymentIntent.latest_charge) : undefined;
    if (!paymentIntent || !charge) throw new Error(`Stripe stand-in: no paid PaymentIntent ${paymentIntentId}`);
    if (disputeOf(charge.id)) throw new Error(`Stripe stand-in: charge ${charge.id} is already disputed`);
    const amount = amountMinor ?? charge.amount;
    if (!Number.isInteger(amount) || amount < 1 || amount > charge.amount) throw new Error(`Stripe stand-in: a dispute of ${amount} does not fit a charge of ${charge.amount}`);
    const created = now();
    const dispute: Stripe.Dispute = {
      id: `dp_${randomId(24)}`,
      object: 'dispute',
      amount,
      balance_transactions: [],
      charge: charge.id,
      created,
      currency: charge.currency,
      enhanced_eligibility_types: [],
      evidence: {
        access_activity_log: null,
        billing_address: null,
        cancellation_policy: null,
        cancellation_policy_disclosure: null,
        cancellation_rebuttal: null,
        customer_communication: null,
        customer_email_address: null,
        customer_name: null,
        customer_purchase_ip: null,
        customer_signature: null,
        duplicate_charge_documentation: null,
        duplicate_charge_explanation: null,
        duplicate_charge_id: null,
        enhanced_evidence: {},
        product_description: null,
        receipt: null,
        refund_policy: null,
        refund_policy_disclosure: null,
        refund_refusal_explanation: null,
        service_date: null,
        service_documentation: null,
        shipping_address: null,
        shipping_carrier: null,
        shipping_date: null,
        shipping_documentation: null,
        shipping_tracking_number: null,
        uncategorized_file: null,
        uncategorized_text: null,
      },
      evidence_details: {
        due_by: created + 7 * 24 * 3600,
        enhanced_eligibility: {},
        has_evidence: false,
        past_due: false,
        submission_count: 0,
        submission_method: 'not_submitted',
      },
      intended_submission_method: null,
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: paymentIntentId,
      reason: 'fraudulent',
      status: 'needs_response',
    };
    disputes.set(dispute.id, dispute);
    charge.disputed = true;
    return recordEvent('charge.dispute.created', dispute, null);
  }

  function closeDispute(disputeId: string, status: 'lost' | 'won'): Stripe.Event {
    const dispute = disputes.get(disputeId);
    if (!dispute) throw new Error(`Stripe stand-in: no dispute ${disputeId}`);
    if (dispute.status === 'lost' || dispute.status === 'won') throw new Error(`Stripe stand-in: dispute ${disputeId} is already ${dispute.status}`);
    const previous = { status: dispute.status };
    dispute.status = status;
    // A won dispute returns the money, so the charge can be refunded again.
    dispute.is_charge_refundable = status === 'won';
    return recordEvent('charge.dispute.closed', dispute, null, previous);
  }

  // -------------------------------------------------------------------------------------------
  // Routes

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/v1\/checkout\/sessions$/,
      handler: (params) => withExpansions(createSession(params), params),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/checkout\/sessions$/,
      handler: (params) => {
        allowOnly(params, ['created', 'customer', 'customer_account', 'customer_details', 'ending_before', 'expand', 'limit', 'payment_intent', 'payment_link', 'starting_after', 'status', 'subscription']);
        const status = str(params.status, 'status');
        const paymentIntent = str(params.payment_intent, 'payment_intent');
        const customer = str(params.customer, 'customer');
        const email = params.customer_details === undefined ? undefined : str(obj(params.customer_details, 'customer_details').email, 'customer_details[email]');
        const list = paginate(newestFirst(sessions), params, '/v1/checkout/sessions', 'checkout.session', (session) =>
          (status === undefined || session.status === status) &&
          (paymentIntent === undefined || session.payment_intent === paymentIntent) &&
          (customer === undefined || session.customer === customer) &&
          (email === undefined || (session.customer_details?.email ?? session.customer_email) === email) &&
          matchesRange(session.created, params.created, 'created'),
        );
        return withExpansions(list, params);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
      handler: (params, _ctx, match) => {
        allowOnly(params, ['expand']);
        return withExpansions(sessionOrThrow(match[1] ?? ''), params);
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
      handler: (params, ctx, match) => {
        allowOnly(params, ['expand']);
        const session = sessionOrThrow(match[1] ?? '');
        expire(session, ctx);
        return withExpansions(session, params);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/,
      handler: (params, _ctx, match) => {
        allowOnly(params, ['ending_before', 'expand', 'limit', 'starting_after']);
        const session = sessionOrThrow(match[1] ?? '');
        const items = sessionExtras.get(session.id)?.lineItems ?? [];
        // Line items keep the order they were given in; they carry no `created`, the session's stands in.
        const ordered = items.map((item) => ({ ...item, created: session.created }));
        const list = paginate(ordered, params, `/v1/checkout/sessions/${session.id}/line_items`, 'line_item');
        const data = list.data.map(({ created: _created, ...item }) => item);
        return withExpansions({ ...list, data }, params);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/payment_intents\/([^/]+)$/,
      handler: (params, _ctx, match) => {
        allowOnly(params, ['client_secret', 'expand']);
        const id = match[1] ?? '';
        const paymentIntent = paymentIntents.get(id);
        if (!paymentIntent) throw noSuch('payment_intent', id, 'intent');
        return withExpansions(paymentIntent, params);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/charges\/([^/]+)$/,
      handler: (params, _ctx, match) => {
        allowOnly(params, ['expand']);
        const id = match[1] ?? '';
        const charge = charges.get(id);
        if (!charge) throw noSuch('charge', id, 'charge');
        return withExpansions(charge, params);
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/refunds$/,
      handler: (params, ctx) => withExpansions(createRefund(params, ctx), params),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/refunds$/,
      handler: (params) => {
        allowOnly(params, ['charge', 'created', 'ending_before', 'expand', 'limit', 'payment_intent', 'starting_after']);
        const charge = str(params.charge, 'charge');
        const paymentIntent = str(params.payment_intent, 'payment_intent');
        const list = paginate(newestFirst(refunds), params, '/v1/refunds', 'refund', (refund) =>
          (charge === undefined || refund.charge === charge) &&
          (paymentIntent === undefined || refund.payment_intent === paymentIntent) &&
          matchesRange(refund.created, params.created, 'created'),
        );
        return withExpansions(list, params);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/refunds\/([^/]+)$/,
      handler: (params, _ctx, match) => {
        allowOnly(params, ['expand']);
        const id = match[1] ?? '';
        const refund = refunds.get(id);
        if (!refund) throw noSuch('refund', id, 'refund');
        return withExpansions(refund, params);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/disputes\/([^/]+)$/,
      handler: (params, _ctx, match) => {
        allowOnly(params, ['expand']);
        const id = match[1] ?? '';
        const dispute = disputes.get(id);
        if (!dispute) throw noSuch('dispute', id, 'dispute');
        return withExpansions(dispute, params);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/events$/,
      handler: (params) => {
        allowOnly(params, ['created', 'delivery_success', 'ending_before', 'expand', 'limit', 'starting_after', 'type', 'types']);
        const type = str(params.type, 'type');
        let types: string[] | undefined;
        if (params.types !== undefined) {
          if (!Array.isArray(params.types) || !params.types.every((t): t is string => typeof t === 'string')) throw invalid('Invalid array', 'types');
          if (params.types.length > 20) throw invalid('You may pass up to 20 event types.', 'types');
          types = params.types;
        }
        if (type !== undefined && types !== undefined) throw invalid('You may only specify one of these parameters: type, types.', 'type');
        // `type` may use `*` as a wildcard, e.g. charge.dispute.*
        const typePattern = type === undefined ? undefined : new RegExp(`^${type.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
        const list = paginate(newestFirst(events), params, '/v1/events', 'event', (event) =>
          (typePattern === undefined || typePattern.test(event.type)) &&
          (types === undefined || types.includes(event.type)) &&
          matchesRange(event.created, params.created, 'created'),
        );
        return withExpansions(list, params);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/events\/([^/]+)$/,
      handler: (params, _ctx, match) => {
        allowOnly(params, ['expand']);
        const id = match[1] ?? '';
        const event = events.get(id);
        if (!event) throw noSuch('event', id, 'id');
        return withExpansions(event, params);
      },
    },
  ];

  // -------------------------------------------------------------------------------------------
  // HTTP

  function authError(authorization: string | undefined): ApiError | undefined {
    if (!authorization) {
      return new ApiError(401, {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      });
    }
    let given: string | undefined;
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
    const basic = /^Basic\s+(.+)$/i.exec(authorization);
    if (bearer) given = bearer[1]?.trim();
    else if (basic) given = Buffer.from(basic[1] ?? '', 'base64').toString('utf8').split(':')[0];
    if (given === apiKey) return undefined;
    const masked = given && given.length > 12 ? `${given.slice(0, 8)}${'*'.repeat(Math.max(4, given.length - 12))}${given.slice(-4)}` : '****';
    return new ApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${masked}` });
  }

  function answer(method: string, path: string, params: Params, ctx: RequestContext, authorization: string | undefined): Answer {
    try {
      const auth = authError(authorization);
      if (auth) throw auth;
      for (const route of routes) {
        const match = route.pattern.exec(path);
        if (match && route.method === method) return { status: 200, body: route.handler(params, ctx, match) };
      }
      throw unrecognizedUrl(method, path);
    } catch (error) {
      if (error instanceof ApiError) return { status: error.status, body: { error: error.body } };
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, body: { error: { type: 'api_error', message: `Stripe stand-in failed: ${message}` } } };
    }
  }

  function checkoutPage(id: string): string {
    const session = sessions.get(id);
    const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    if (!session) return '<!doctype html><title>Not found</title><p>No such Checkout Session.</p>';
    const amount = formatMoney(session.amount_total ?? 0, session.currency ?? 'usd');
    const cancel = session.cancel_url ? `<p><a href="${escape(session.cancel_url)}">Back to the store</a></p>` : '';
    return `<!doctype html><meta charset="utf-8"><title>Stripe stand-in checkout</title><h1>Pay ${escape(amount)}</h1><p>Session ${escape(id)}: ${escape(String(session.status))}.</p>${cancel}`;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://stand-in.invalid');
    const path = url.pathname;
    const idempotencyHeader = req.headers['idempotency-key'];
    const idempotencyKey = Array.isArray(idempotencyHeader) ? idempotencyHeader[0] : idempotencyHeader;
    const requestId = `req_${randomId(14)}`;
    const version = typeof req.headers['stripe-version'] === 'string' ? req.headers['stripe-version'] : Stripe.API_VERSION;

    const send = (status: number, text: string, extra: Record<string, string> = {}): void => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'request-id': requestId,
        'stripe-version': version,
        ...(idempotencyKey !== undefined && method === 'POST' ? { 'idempotency-key': idempotencyKey } : {}),
        ...extra,
      });
      res.end(text);
    };

    let params: Params;
    try {
      params = { ...decodeForm(url.search.slice(1)), ...(method === 'GET' ? {} : decodeForm(bodyText)) };
    } catch (error) {
      requests.push({ method, path, params: {}, idempotencyKey });
      const body = error instanceof ApiError ? { error: error.body } : { error: { type: 'invalid_request_error', message: 'Invalid request body' } };
      send(400, JSON.stringify(body, null, 2));
      return;
    }
    requests.push({ method, path, params, idempotencyKey });

    const page = /^\/pay\/([^/]+)$/.exec(path);
    if (page && method === 'GET') {
      const html = checkoutPage(page[1] ?? '');
      res.writeHead(sessions.has(page[1] ?? '') ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      res.end(html);
      return;
    }

    // Idempotency: only POSTs, only after authentication, and only answers that executed are
    // kept (Stripe does not save a result when parameters fail validation).
    const authorization = req.headers.authorization;
    if (method === 'POST' && idempotencyKey !== undefined && authError(authorization) === undefined) {
      if (idempotencyKey.length > 255) {
        send(400, JSON.stringify({ error: invalid('Idempotency keys can be up to 255 characters long.', 'Idempotency-Key').body }, null, 2));
        return;
      }
      const saved = idempotentAnswers.get(idempotencyKey);
      if (saved) {
        const fingerprint = canonical(params);
        if (saved.method !== method || saved.path !== path) {
          const body = { type: 'idempotency_error', message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.method} ${saved.path}' vs '${method} ${path}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.` };
          send(400, JSON.stringify({ error: body }, null, 2));
          return;
        }
        if (saved.fingerprint !== fingerprint) {
          const body = { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.` };
          send(400, JSON.stringify({ error: body }, null, 2));
          return;
        }
        res.writeHead(saved.status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(saved.text),
          'request-id': saved.requestId,
          'stripe-version': version,
          'idempotency-key': idempotencyKey,
          'idempotent-replayed': 'true',
        });
        res.end(saved.text);
        return;
      }
    }

    const ctx: RequestContext = { requestId, idempotencyKey };
    const result = answer(method, path, params, ctx, authorization);
    const text = JSON.stringify(result.body, null, 2);
    if (method === 'POST' && idempotencyKey !== undefined && result.status < 400) {
      idempotentAnswers.set(idempotencyKey, { method, path, fingerprint: canonical(params), status: result.status, text, requestId });
    }
    send(result.status, text);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: `Stripe stand-in failed: ${String(error)}` } }));
    });
  });
  // The SDK keeps connections alive; a long server-side idle timeout keeps the server from closing
  // a socket the SDK is about to reuse (the SDK would then retry the request once).
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = '127.0.0.1';
  baseUrl = `http://${host}:${port}`;

  // -------------------------------------------------------------------------------------------
  // Webhooks

  function signed(event: Stripe.Event, signOptions: DeliverOptions = {}): { payload: string; headers: Record<string, string> } {
    // Stripe posts the event pretty-printed; the signature covers those exact bytes.
    const payload = JSON.stringify(event, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: signOptions.secret ?? webhookSecret,
      ...(signOptions.timestamp !== undefined ? { timestamp: signOptions.timestamp } : {}),
    });
    const sent = signOptions.tamper ? payload.replace(/\}\s*$/, ',\n  "tampered": true\n}') : payload;
    return { payload: sent, headers: { 'stripe-signature': header, 'content-type': 'application/json' } };
  }

  function deliver(event: Stripe.Event, webhookUrl: string, deliverOptions: DeliverOptions = {}): Promise<{ status: number; body: string }> {
    const { payload, headers } = signed(event, deliverOptions);
    const target = new URL(webhookUrl);
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        target,
        {
          method: 'POST',
          // A fresh connection per delivery, so the receiver's server can close without waiting on us.
          agent: false,
          headers: {
            ...headers,
            // What Stripe itself sends.
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'cache-control': 'no-cache',
            accept: '*/*; q=0.5, application/xml',
            'content-length': String(Buffer.byteLength(payload)),
            connection: 'close',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error(`Webhook delivery to ${webhookUrl} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  return {
    url: baseUrl,
    host,
    port,
    apiKey,
    webhookSecret,
    requests,
    client: (key = apiKey) => new Stripe(key, { host, port, protocol: 'http', maxNetworkRetries: 0 }),
    payCheckoutSession: (sessionId, payOptions = {}) => pay(sessionId, (payOptions.cardCountry ?? 'US').toUpperCase()),
    expireCheckoutSession: (sessionId) => {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`Stripe stand-in: no Checkout Session ${sessionId}`);
      if (session.status !== 'open') throw new Error(`Stripe stand-in: Checkout Session ${sessionId} is ${session.status}, it cannot expire`);
      return expire(session, null);
    },
    openDispute,
    closeDispute,
    deliver,
    signed,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickLanguage, type Language } from '../../platform/http/index.js';
import { publicBrandingOf } from '../../platform/branding/index.js';
import { sectionSettingsOf, tenantOf, type Tenant } from '../../platform/tenancy/index.js';
import { marketSettings, type MarketSettings } from '../market.settings.js';
import { isKnownCountry } from './countries.js';
import type { Chrome } from './storefront-layout.js';
import { storeBrandColour, storeStylesheetVersion } from './storefront-style.js';

/** Where the buyer's country is remembered between pages (set by the landing page's country chooser). */
export const COUNTRY_COOKIE = 'lectern_store_country';
const COUNTRY_COOKIE_SECONDS = 365 * 24 * 60 * 60;
export const STYLESHEET_PATH = '/store/assets/store.css';

/** What the storefront's pages are rendered for: the site, its store settings, the page's language and the buyer's country. */
export interface StoreContext {
  tenant: Tenant;
  settings: MarketSettings;
  language: Language;
  /** The language the address asked for (`?lang=`), kept in the store's own links. */
  askedLanguage: Language | undefined;
  /** The site's configured address (never the request's Host). */
  siteUrl: string;
  siteName: string;
  logo: { url: string; width: number; height: number } | null;
  brand: string;
  /** `?country=`, else the remembered one, else the seller's. */
  country: string;
  /** The address named a country (to be remembered). */
  countryAsked: boolean;
}

/** A query parameter as one string (repeated or absent: undefined). */
export function queryText(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

const asLanguage = (value: string | undefined): Language | undefined => (value === 'de' || value === 'en' ? value : undefined);
const asCountry = (value: string | undefined): string | undefined => {
  const code = value?.trim().toUpperCase();
  return code && isKnownCountry(code) ? code : undefined;
};

export function storeContextOf(request: FastifyRequest): StoreContext {
  const tenant = tenantOf(request);
  const settings = sectionSettingsOf(tenant, marketSettings);
  const askedLanguage = asLanguage(queryText(request, 'lang'));
  const askedCountry = asCountry(queryText(request, 'country'));
  const branding = publicBrandingOf(tenant);
  return {
    tenant,
    settings,
    language: askedLanguage ?? pickLanguage(request.headers['accept-language']),
    askedLanguage,
    siteUrl: request.server.siteUrlOf(tenant),
    siteName: branding.siteName,
    logo: branding.logo,
    brand: storeBrandColour(branding.primaryColour),
    country: askedCountry ?? asCountry(request.cookies[COUNTRY_COOKIE]) ?? settings.sellerCountry,
    countryAsked: askedCountry !== undefined,
  };
}

/** A path of the store with its query; the language asked for in the address goes along. */
export function hrefOf(context: Pick<StoreContext, 'askedLanguage'>, path: string, params: Record<string, string | number | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, String(value));
  if (context.askedLanguage) query.set('lang', context.askedLanguage);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** This request's page in `language` (its other parameters kept). */
function inLanguage(request: FastifyRequest, language: Language): string {
  const url = new URL(request.url, 'http://store.invalid');
  url.searchParams.set('lang', language);
  return `${url.pathname}${url.search}`;
}

export function chromeOf(context: StoreContext, request: FastifyRequest, options: { signedIn: boolean; closed?: boolean }): Chrome {
  return {
    language: context.language,
    siteName: context.siteName,
    logo: context.logo,
    styleHref: `${STYLESHEET_PATH}?v=${storeStylesheetVersion(context.brand)}`,
    homeHref: options.closed ? null : hrefOf(context, '/store'),
    languageLinks: { de: inLanguage(request, 'de'), en: inLanguage(request, 'en') },
    // The web app's sign-in; it returns to the web app, not to a page of the store.
    signInHref: options.signedIn || options.closed ? undefined : '/sign-in',
    sellerName: context.settings.sellerName,
  };
}

/** Remembers the country the buyer chose (no script reads it; only the store's pages are sent it). */
export function rememberCountry(request: FastifyRequest, reply: FastifyReply, country: string): void {
  reply.setCookie(COUNTRY_COOKIE, country, { path: '/store', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: COUNTRY_COOKIE_SECONDS });
}

/**
 * Catalogue and product pages may be kept by shared caches for a minute when nobody is signed in
 * (they differ by language and the remembered country: Vary); a page that sets a cookie or is
 * shown to a signed-in user is kept by nobody.
 */
export function cachePublicPage(reply: FastifyReply, shared: boolean): void {
  reply.header('cache-control', shared ? 'public, max-age=60' : 'private, no-store');
  reply.header('vary', 'Accept-Language, Cookie');
}

/** Pages with a buyer's input or order: never kept. */
export function cacheNothing(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

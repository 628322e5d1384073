import type { BothLanguages } from '../../platform/http/localised-checks.contract.js';

const SAFE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/** C0 controls and DEL, which the URL parser would quietly strip from the ends. */
const hasControlCharacter = (text: string) => [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);

/** How many other origins a site may allow its course content to reach. */
export const MAX_CONTENT_ORIGINS = 20;

/** Why an entry of the allow-list is refused (the codes are in content.errors.ts). */
export type ContentOriginProblem =
  | 'LEARN_CONTENT_ORIGIN_NOT_HTTPS'
  | 'LEARN_CONTENT_ORIGIN_HAS_PATH'
  | 'LEARN_CONTENT_ORIGIN_WILDCARD'
  | 'LEARN_CONTENT_ORIGIN_INVALID';

/** The refusal of one entry, worded as the phrase after the field's name (“must …”). */
export const CONTENT_ORIGIN_PHRASES: Record<ContentOriginProblem | 'LEARN_CONTENT_ORIGIN_OWN', BothLanguages> = {
  LEARN_CONTENT_ORIGIN_NOT_HTTPS: { en: 'must begin with https:// (content reached over http: is never allowed)', de: 'muss mit https:// beginnen (Inhalte über http: werden nie erlaubt)' },
  LEARN_CONTENT_ORIGIN_HAS_PATH: { en: 'must be an origin such as https://cdn.example.com, without a path, query or fragment', de: 'muss ein Ursprung wie https://cdn.example.com sein, ohne Pfad, Abfrage oder Fragment' },
  LEARN_CONTENT_ORIGIN_WILDCARD: { en: 'must name one host exactly, without *', de: 'muss genau einen Host nennen, ohne *' },
  LEARN_CONTENT_ORIGIN_INVALID: { en: 'must be a web address such as https://cdn.example.com (no spaces, no user name or password)', de: 'muss eine Webadresse wie https://cdn.example.com sein (ohne Leerzeichen, Benutzername oder Passwort)' },
  LEARN_CONTENT_ORIGIN_OWN: { en: 'must not be the address of this site or of its course content', de: 'darf nicht die Adresse dieser Site oder ihrer Kursinhalte sein' },
};

/**
 * What is wrong with an entry of the allow-list, or undefined when it is an exact HTTPS origin
 * (`https://host` or `https://host:port`, a trailing "/" allowed). Nothing is guessed: a
 * wildcard, a path, credentials or another scheme is refused, not trimmed away.
 */
export function contentOriginProblem(entry: string): ContentOriginProblem | undefined {
  if (entry.includes('*')) return 'LEARN_CONTENT_ORIGIN_WILDCARD';
  if (entry.length === 0 || entry.length > 300 || /[\s\\]/.test(entry) || hasControlCharacter(entry)) return 'LEARN_CONTENT_ORIGIN_INVALID';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(entry)?.[1]?.toLowerCase();
  if (scheme === undefined) return 'LEARN_CONTENT_ORIGIN_INVALID';
  if (scheme !== 'https') return 'LEARN_CONTENT_ORIGIN_NOT_HTTPS';
  if (!/^https:\/\/[^/?#]/i.test(entry)) return 'LEARN_CONTENT_ORIGIN_INVALID';
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return 'LEARN_CONTENT_ORIGIN_INVALID';
  }
  if (url.username !== '' || url.password !== '' || entry.slice(8).split(/[/?#]/)[0]!.includes('@')) return 'LEARN_CONTENT_ORIGIN_INVALID';
  // Only the characters of a host name (IDNs as punycode), an IPv6 address and a port: nothing that could end a CSP source.
  if (!SAFE_HOST.test(url.host)) return 'LEARN_CONTENT_ORIGIN_INVALID';
  const rest = entry.slice(entry.indexOf('//') + 2).replace(/^[^/?#]*/, '');
  if (rest !== '' && rest !== '/') return 'LEARN_CONTENT_ORIGIN_HAS_PATH';
  return undefined;
}

/** An accepted entry as it is stored and put into the policy: the origin, lower-case (`https://cdn.example.com:8443`). */
export function normaliseContentOrigin(entry: string): string {
  try {
    return new URL(entry).origin.toLowerCase();
  } catch {
    return entry;
  }
}

/** The host name of an origin (no port), lower-case, for comparing with the site's own host names. */
export function hostOfContentOrigin(origin: string): string {
  try {
    return new URL(origin).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return '';
  }
}

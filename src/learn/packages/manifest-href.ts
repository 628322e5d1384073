import type { LocalisedText } from '../../platform/http/index.js';
import { hasControlCharacter } from './zip-entry-names.js';

/**
 * Resolution of manifest hrefs against their xml:base chain (manifest, resources, resource),
 * as SCORM CAM describes it, with one rule on top: nothing may leave the package. Paths are
 * resolved segment by segment after percent-decoding, so "../", "%2e%2e/" and "..\" are all
 * seen, and a path climbing above the package root is refused instead of being clamped at
 * the root the way a browser would.
 */

export type ResolvedRef =
  /** Inside the package: `href` keeps the manifest's own encoding; `path` is the file name in the zip. */
  | { kind: 'inside'; href: string; path: string; query: string | null; fragment: string | null }
  /** An absolute http(s) URL. */
  | { kind: 'external'; href: string }
  /** Not inside the package and not a web address: "..", an absolute path, file:, javascript:, … */
  | { kind: 'outside'; reason: LocalisedText };

type Position = { kind: 'inside'; raw: string[]; decoded: string[] } | { kind: 'external'; url: URL } | { kind: 'outside'; reason: LocalisedText };

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** `bases` from outermost to innermost; each is taken as a folder (see normaliseBase). */
export function resolveHref(bases: readonly string[], href: string): ResolvedRef {
  let position: Position = { kind: 'inside', raw: [], decoded: [] };
  for (const base of bases) {
    position = step(position, normaliseBase(base));
    if (position.kind === 'outside') return position;
  }
  const target = href.trim();
  const moved = step(position, target);
  if (moved.kind === 'external') return { kind: 'external', href: moved.url.href };
  if (moved.kind === 'outside') return moved;
  const { query, fragment } = splitUrl(target);
  return {
    kind: 'inside',
    href: moved.raw.join('/') + (query === null ? '' : `?${query}`) + (fragment === null ? '' : `#${fragment}`),
    path: moved.decoded.join('/'),
    query,
    fragment,
  };
}

/** A base names a folder. Without a trailing "/" it is taken as one anyway (and the caller warns). */
export function normaliseBase(base: string): string {
  const trimmed = base.trim();
  return trimmed === '' || /[/\\]$/.test(trimmed) ? trimmed : `${trimmed}/`;
}

function step(from: Position, reference: string): Position {
  if (from.kind === 'outside') return from;
  if (SCHEME.test(reference)) {
    const scheme = reference.slice(0, reference.indexOf(':')).toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') return { kind: 'outside', reason: { en: `A ${scheme}: address.`, de: `Eine ${scheme}:-Adresse.` } };
    return toExternal(reference);
  }
  if (/^([/\\]){2}/.test(reference)) return toExternal(`https:${reference.replace(/\\/g, '/')}`);
  if (from.kind === 'external') return toExternal(reference, from.url);
  if (/^[/\\]/.test(reference)) return { kind: 'outside', reason: { en: 'An absolute path.', de: 'Ein absoluter Pfad.' } };
  const { path } = splitUrl(reference);
  const raw = [...from.raw];
  const decoded = [...from.decoded];
  const segments = path.split(/[/\\]/);
  for (const segment of segments) {
    const name = percentDecode(segment);
    if (name === null || /[/\\]/.test(name) || hasControlCharacter(name)) {
      return { kind: 'outside', reason: { en: `An encoded separator or control character in "${segment}".`, de: `Ein kodiertes Trennzeichen oder Steuerzeichen in „${segment}“.` } };
    }
    if (name === '' || name === '.') continue;
    if (name === '..') {
      if (raw.length === 0) return { kind: 'outside', reason: { en: '".." above the top of the package.', de: '„..“ über der obersten Ebene des Pakets.' } };
      raw.pop();
      decoded.pop();
      continue;
    }
    raw.push(segment);
    decoded.push(name);
  }
  return { kind: 'inside', raw, decoded };
}

function toExternal(reference: string, base?: URL): Position {
  try {
    const url = new URL(reference, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'outside', reason: { en: `A ${url.protocol} address.`, de: `Eine ${url.protocol}-Adresse.` } };
    return { kind: 'external', url };
  } catch {
    return { kind: 'outside', reason: { en: 'Not a valid web address.', de: 'Keine gültige Webadresse.' } };
  }
}

function percentDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function splitUrl(reference: string): { path: string; query: string | null; fragment: string | null } {
  const hash = reference.indexOf('#');
  const beforeHash = hash < 0 ? reference : reference.slice(0, hash);
  const fragment = hash < 0 ? null : reference.slice(hash + 1);
  const question = beforeHash.indexOf('?');
  return {
    path: question < 0 ? beforeHash : beforeHash.slice(0, question),
    query: question < 0 ? null : beforeHash.slice(question + 1),
    fragment,
  };
}

/**
 * Appends an item's `parameters` to its launch href (SCORM CAM, "parameters"): leading "?"
 * and "&" are dropped; the rest joins the href's own query with "&" (or starts one with "?"),
 * always before the fragment. A fragment in the parameters applies only when the href has none.
 */
export function withParameters(href: string, parameters: string | null): { href: string; fragmentIgnored: boolean } {
  const cleaned = (parameters ?? '').trim().replace(/^[?&]+/, '');
  if (cleaned === '') return { href, fragmentIgnored: false };
  const { path, query, fragment } = splitUrl(href);
  const extra = splitUrl(`?${cleaned}`);
  const mergedQuery = [query, extra.query].filter((part): part is string => part !== null && part !== '').join('&');
  const fragmentIgnored = extra.fragment !== null && fragment !== null;
  const mergedFragment = fragment ?? extra.fragment;
  return {
    href: path + (mergedQuery === '' ? '' : `?${mergedQuery}`) + (mergedFragment === null ? '' : `#${mergedFragment}`),
    fragmentIgnored,
  };
}

import { parse as parseLanguageTag } from 'bcp-47';
import type { XapiVersion } from './validation-result.js';

/*
 * The string formats of xAPI, each checked without backtracking that grows faster than the input:
 * every value here comes from the network.
 */

// RFC 3987 §2.2, absolute IRI. Built by hand rather than with validate-iri's strict mode: that
// regular expression nests quantifiers (`(ipchar*)+`) and takes seconds for 20 characters followed
// by one it refuses. Here each repeated group is one character or one %XX escape, and repeated
// segments are separated by delimiters they cannot contain, so a match runs in linear time.
const UCSCHAR =
  '\\u{A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}\\u{10000}-\\u{1FFFD}\\u{20000}-\\u{2FFFD}\\u{30000}-\\u{3FFFD}' +
  '\\u{40000}-\\u{4FFFD}\\u{50000}-\\u{5FFFD}\\u{60000}-\\u{6FFFD}\\u{70000}-\\u{7FFFD}\\u{80000}-\\u{8FFFD}\\u{90000}-\\u{9FFFD}' +
  '\\u{A0000}-\\u{AFFFD}\\u{B0000}-\\u{BFFFD}\\u{C0000}-\\u{CFFFD}\\u{D0000}-\\u{DFFFD}\\u{E1000}-\\u{EFFFD}';
const IPRIVATE = '\\u{E000}-\\u{F8FF}\\u{F0000}-\\u{FFFFD}\\u{100000}-\\u{10FFFD}';
const UNRESERVED = `A-Za-z0-9\\-._~${UCSCHAR}`;
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = '%[0-9A-Fa-f]{2}';
const IPCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const SEGMENT = `${IPCHAR}*`;
const SEGMENT_NZ = `${IPCHAR}+`;
const USERINFO = `(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*`;
const REG_NAME = `(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*`; // also covers IPv4 addresses
const IP_LITERAL = `\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[A-Za-z0-9\\-._~${SUB_DELIMS}:]+)\\]`;
const AUTHORITY = `(?:${USERINFO}@)?(?:${IP_LITERAL}|${REG_NAME})(?::[0-9]*)?`;
const HIER_PART = `(?://${AUTHORITY}(?:/${SEGMENT})*|/(?:${SEGMENT_NZ}(?:/${SEGMENT})*)?|${SEGMENT_NZ}(?:/${SEGMENT})*|)`;
const QUERY = `(?:${IPCHAR}|[${IPRIVATE}/?])*`;
const FRAGMENT = `(?:${IPCHAR}|[/?])*`;
const ABSOLUTE_IRI = new RegExp(`^[A-Za-z][A-Za-z0-9+\\-.]*:${HIER_PART}(?:\\?${QUERY})?(?:#${FRAGMENT})?$`, 'u');

/** An absolute IRI (RFC 3987): a scheme, then only the characters an IRI may hold. IRLs are checked the same way. */
export function isIri(value: string): boolean {
  return ABSOLUTE_IRI.test(value);
}

/** A URI (RFC 3986) is an IRI in ASCII only. */
export function isUri(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7F]*$/.test(value) && ABSOLUTE_IRI.test(value);
}

/** `mailto:` and one address; no header fields and no second address, as it identifies one Agent. */
export function isMailtoIri(value: string): boolean {
  return /^mailto:[^@\s?,]+@[^@\s?,]+$/.test(value) && ABSOLUTE_IRI.test(value);
}

export function isSha1Hex(value: string): boolean {
  return /^[0-9A-Fa-f]{40}$/.test(value);
}

/** A SHA-2 digest in hex: SHA-224, -256, -384 or -512. */
export function isSha2Hex(value: string): boolean {
  return /^(?:[0-9A-Fa-f]{56}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{96}|[0-9A-Fa-f]{128})$/.test(value);
}

/** Standard string form, any version and variant, either case (RFC 4122 reads both on input). */
export function isUuid(value: string): boolean {
  return /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/.test(value);
}

// A language and an optional region, the tags nearly every language map uses, are always well-formed;
// the full parse costs about a microsecond per key.
const COMMON_LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$/;

/**
 * A well-formed BCP 47 (RFC 5646 §2.1) language tag, grandfathered and private-use tags included,
 * without a variant or an extension singleton used twice (§2.2.5, §2.2.6: checks that need no
 * registry; the conformance suite refuses `zh-z-aaa-z-bbb-c-ccc`).
 */
export function isLanguageTag(value: string): boolean {
  if (COMMON_LANGUAGE_TAG.test(value)) return true;
  let wellFormed = true;
  const schema = parseLanguageTag(value, {
    normalize: false,
    warning: () => {
      wellFormed = false;
    },
  });
  if (!wellFormed || !(schema.language || schema.irregular || schema.regular || schema.privateuse.length > 0)) return false;
  const variants = schema.variants.map((variant) => variant.toLowerCase());
  const singletons = schema.extensions.map((extension) => extension.singleton.toLowerCase());
  return new Set(variants).size === variants.length && new Set(singletons).size === singletons.length;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*$`);

/** An Internet media type (RFC 6838, RFC 9110 §8.3.1): type/subtype, then parameters. */
export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const ISO8601_EXTENDED = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const ISO8601_BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(\d{2})?)?$/;

/**
 * The point in time a Timestamp names, or undefined when it is not one.
 *
 * 2.0 (IEEE 9274.1.1 §4.2.7): RFC 3339 date-time, with its time zone. 1.0.x (1.0.3 §4.5): ISO 8601,
 * a calendar date and a time in the extended or the basic format, RFC 3339 recommended; the time
 * zone is only recommended, and one left out is read as UTC. Both lines refuse the offsets
 * `-00:00`, `-0000`, `-00` (the conformance suite does: RFC 3339 gives them the meaning "local
 * offset unknown", which names no point in time). A leap second (`:60`) counts as the next second.
 */
export function parseTimestamp(value: string, version: XapiVersion): Date | undefined {
  const match = RFC3339.exec(value) ?? (version === '1.0' ? (ISO8601_EXTENDED.exec(value) ?? ISO8601_BASIC.exec(value)) : null);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) return undefined;
  let offset = 0;
  if (sign !== undefined) {
    const oh = Number(offsetHours);
    const om = offsetMinutes === undefined ? 0 : Number(offsetMinutes);
    if (oh > 23 || om > 59) return undefined;
    offset = oh * 60 + om;
    if (sign === '-') {
      if (offset === 0) return undefined;
      offset = -offset;
    }
  } else if (zulu === undefined && version === '2.0') {
    return undefined;
  }
  // Truncated to milliseconds from the digits themselves: 0.xyz * 1000 in floating point can land below xyz.
  const milliseconds = fraction === undefined ? 0 : Number(`${fraction}00`.slice(0, 3));
  if (y >= 100) return new Date(Date.UTC(y, mo - 1, d, h, mi - offset, s, milliseconds));
  // Date.UTC moves the years 0 to 99 into the 1900s; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi - offset, s, milliseconds);
  return date;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const NUMBER = '\\d+(?:[.,]\\d+)?';
const DURATION = new RegExp(
  `^P(?:(${NUMBER})Y)?(?:(${NUMBER})M)?(?:(${NUMBER})D)?(?:T(?:(${NUMBER})H)?(?:(${NUMBER})M)?(?:(${NUMBER})S)?)?$`,
);
const WEEKS = new RegExp(`^P${NUMBER}W$`);

/**
 * A Duration in the format of ISO 8601:2004 §4.4.3.2: `PnYnMnDTnHnMnS` with at least one part
 * (and at least one after `T`), or `PnW` alone. Only the last part may carry a fraction. The
 * alternative format of §4.4.3.3 (`P0003-01-29T04:35:59`) is refused, as xAPI requires.
 */
export function isDuration(value: string): boolean {
  if (WEEKS.test(value)) return true;
  const match = DURATION.exec(value);
  if (!match) return false;
  if (value.endsWith('T')) return false;
  const parts = match.slice(1).filter((part) => part !== undefined);
  if (parts.length === 0) return false;
  return parts.slice(0, -1).every((part) => /^\d+$/.test(part));
}

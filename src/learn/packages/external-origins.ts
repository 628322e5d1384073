import { open } from 'node:fs/promises';
import path from 'node:path';

/** How much of a package the scan reads: it is hostile input, so it stops at these and says so. */
export interface OriginScanLimits {
  maxFiles: number;
  /** Bytes read of one file (the rest of a larger one is not read). */
  maxFileBytes: number;
  maxTotalBytes: number;
  maxMillis: number;
}

export const DEFAULT_ORIGIN_SCAN_LIMITS: Readonly<OriginScanLimits> = Object.freeze({
  maxFiles: 2000,
  maxFileBytes: 2 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxMillis: 5000,
});

export interface ExternalOrigins {
  /** `https://host[:port]` origins, lower-case, sorted. */
  https: string[];
  /** `http://…` origins, which a page served over HTTPS may never load. */
  http: string[];
  /** Flash: .swf files or Flash embeds, which no browser plays any more. */
  flash: boolean;
  /** The scan stopped at a limit: there may be more. */
  incomplete: boolean;
}

/** What the scan reads, by file name: pages (and SVG pictures, which load by `href` too), scripts, styles and XML data. */
type FileKind = 'html' | 'js' | 'css' | 'xml';
/**
 * Manifests are read by the import itself, which refuses or names a SCO or launch file elsewhere;
 * their other addresses (namespaces, schema locations, activity IRIs) are never loaded.
 */
const MANIFESTS = new Set(['imsmanifest.xml', 'cmi5.xml', 'tincan.xml']);

function kindOf(file: string): FileKind | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  if (/\.(?:html?|xhtml|svg)$/.test(name)) return 'html';
  if (/\.m?js$/.test(name)) return 'js';
  if (name.endsWith('.css')) return 'css';
  if (name.endsWith('.xml') && !MANIFESTS.has(name)) return 'xml';
  return undefined;
}

/** An absolute address, or a protocol-relative one (`//host/…`, which a page served over HTTPS loads over HTTPS) whose host has a dot. */
const URL_BODY = String.raw`(?:https?:\/\/[^\s"'\`<>()\\]+|\/\/(?:[a-z0-9-]+\.)+[a-z0-9-]+(?::\d+)?(?:[\/?#][^\s"'\`<>()\\]*)?)`;
/** Quoted absolute addresses in scripts: `src = "https://…"`, `fetch('https://…')`, `import('//…')`. */
const QUOTED = new RegExp(String.raw`["'\`](${URL_BODY})`, 'gi');
/** `url(https://…)` and `@import "https://…"` in styles. */
const CSS_URL = new RegExp(String.raw`(?:url\(\s*["']?|@import\s+["'])(${URL_BODY})`, 'gi');
/** Attributes that load something (a link `<a href>` only navigates, and is not counted); SVG's `xlink:href` too. */
const HTML_ATTRIBUTE = new RegExp(String.raw`<([a-z][a-z0-9-]*)\b[^<>]*?\s(?:xlink:)?(?:src|href|data|poster|background|codebase|action|formaction)\s*=\s*["']?(${URL_BODY})`, 'gi');
/**
 * In XML data files of authoring tools only `src` attributes: they name media the player loads,
 * while `href`/`url` there are mostly links a learner may follow, and namespaces are attributes
 * of other names.
 */
const XML_SOURCE = new RegExp(String.raw`\ssrc\s*=\s*["'](${URL_BODY})`, 'gi');
const FLASH = /application\/x-shockwave-flash|clsid:d27cdb6e-ae6d-11cf-96b8-444553540000|\.swf\b/i;
/** Names that look like addresses but are XML namespaces and specification identifiers, never loaded. */
const NAMESPACE_HOSTS = new Set(['www.w3.org', 'w3.org', 'www.imsglobal.org', 'www.imsproject.org', 'www.adlnet.org', 'ltsc.ieee.org', 'ns.adobe.com', 'purl.org', 'schemas.xmlsoap.org', 'schemas.microsoft.com', 'xmlns.com']);

/**
 * The parts of `text` between `open` and `close` (an unclosed one runs to the end), found with
 * indexOf: no pattern that backtracks over a hostile file.
 */
function between(text: string, open: string, close: string): { inside: string[]; outside: string } {
  const inside: string[] = [];
  const outside: string[] = [];
  const lower = open === '<script' ? text.toLowerCase() : text;
  let at = 0;
  for (;;) {
    const start = lower.indexOf(open, at);
    if (start < 0) break;
    outside.push(text.slice(at, start));
    const end = lower.indexOf(close, start + open.length);
    inside.push(text.slice(start + open.length, end < 0 ? text.length : end));
    at = end < 0 ? text.length : end + close.length;
  }
  outside.push(text.slice(at));
  return { inside, outside: outside.join(' ') };
}

const stripBlockComments = (text: string) => between(text, '/*', '*/').outside;
/** Line comments, but not the `//` of an address (`https://`). */
const stripLineComments = (text: string) => text.replace(/(^|[^:\\"'`])\/\/[^\n]*/g, '$1');
const stripHtmlComments = (text: string) => between(text, '<!--', '-->').outside;
/** The scripts of a page (from `<script` to `</script`; the rest of the opening tag is harmless to scan). */
const scriptsOf = (html: string) => between(html, '<script', '</script').inside;

function addressesIn(kind: FileKind, raw: string): string[] {
  const found: string[] = [];
  const each = (pattern: RegExp, text: string, group: number, keep: (match: RegExpExecArray) => boolean = () => true) => {
    for (const match of text.matchAll(pattern)) if (keep(match)) found.push(match[group]!);
  };
  if (kind === 'js') each(QUOTED, stripLineComments(stripBlockComments(raw)), 1);
  if (kind === 'css') each(CSS_URL, stripBlockComments(raw), 1);
  if (kind === 'xml') each(XML_SOURCE, stripHtmlComments(raw), 1);
  if (kind === 'html') {
    const html = stripHtmlComments(raw);
    each(HTML_ATTRIBUTE, html, 2, (match) => !['a', 'area'].includes(match[1]!.toLowerCase()));
    each(CSS_URL, html, 1);
    for (const script of scriptsOf(html)) each(QUOTED, stripLineComments(stripBlockComments(script)), 1);
  }
  return found;
}

function originOf(address: string): string | undefined {
  try {
    const url = new URL(address.startsWith('//') ? `https:${address}` : address);
    if (url.hostname === '' || NAMESPACE_HOSTS.has(url.hostname.toLowerCase())) return undefined;
    return url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

async function readStart(file: string, bytes: number): Promise<{ text: string; whole: boolean }> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, bytes + 1, 0);
    return { text: buffer.subarray(0, Math.min(bytesRead, bytes)).toString('utf8'), whole: bytesRead <= bytes };
  } finally {
    await handle.close();
  }
}

/**
 * The other origins a package's pages, scripts, styles and XML data load from (absolute `http(s)://`
 * and protocol-relative `//host` addresses where something is loaded: src/href attributes, url(),
 * @import, quoted addresses in scripts, `src` in XML; not in comments, not relative or data:
 * addresses, not namespaces), and whether it needs Flash. Reads
 * the unpacked files below `root` within `limits`; what it could not read makes it `incomplete`.
 */
export async function scanExternalOrigins(
  root: string,
  files: readonly { path: string; size: number }[],
  limits: OriginScanLimits = DEFAULT_ORIGIN_SCAN_LIMITS,
  now: () => number = Date.now,
): Promise<ExternalOrigins> {
  const origins = new Set<string>();
  let flash = files.some((file) => /\.swf$/i.test(file.path));
  let incomplete = false;
  let filesRead = 0;
  let bytesRead = 0;
  const deadline = now() + limits.maxMillis;
  for (const file of files) {
    const kind = kindOf(file.path);
    if (kind === undefined) continue;
    if (filesRead >= limits.maxFiles || bytesRead >= limits.maxTotalBytes || now() > deadline) {
      incomplete = true;
      break;
    }
    const budget = Math.min(limits.maxFileBytes, limits.maxTotalBytes - bytesRead);
    const { text, whole } = await readStart(path.join(root, file.path), budget);
    filesRead++;
    bytesRead += Buffer.byteLength(text);
    if (!whole) incomplete = true;
    for (const address of addressesIn(kind, text)) {
      const origin = originOf(address);
      if (origin) origins.add(origin);
    }
    if ((kind === 'html' || kind === 'js') && FLASH.test(text)) flash = true;
  }
  const sorted = [...origins].sort();
  return {
    https: sorted.filter((origin) => origin.startsWith('https:')),
    http: sorted.filter((origin) => origin.startsWith('http:')),
    flash,
    incomplete,
  };
}

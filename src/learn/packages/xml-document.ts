import type { LocalisedText } from '../../platform/http/index.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element with its namespace resolved: code matches on (namespace URI, local name), never on a prefix. */
export interface XmlElement {
  ns: string;
  local: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** The element's own character data (text and CDATA), untrimmed. */
  text: string;
}

export interface XmlAttribute {
  /** '' for an unprefixed attribute: such attributes are in no namespace, whatever the default is. */
  ns: string;
  local: string;
  value: string;
}

export type XmlProblem = 'LEARN_MANIFEST_DOCTYPE' | 'LEARN_MANIFEST_NOT_WELL_FORMED';

/** A failure says what is wrong in English and German (`note`), never in a library's words. */
export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; problem: XmlProblem; note: LocalisedText };

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** Where an attribute with an undeclared prefix lands (followed by the prefix). */
export const UNDECLARED_NAMESPACE = 'urn:lectern:undeclared-prefix:';

/**
 * Parses an XML document without ever expanding a user-defined entity: any DOCTYPE or ENTITY
 * declaration is refused before the parser sees the text (no XXE, no billion laughs), and
 * only the five predefined entities and character references are decoded.
 */
export function parseXmlDocument(bytes: Buffer): XmlParseResult {
  let text: string;
  try {
    text = decodeXmlBytes(bytes);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return { ok: false, problem: 'LEARN_MANIFEST_NOT_WELL_FORMED', note: error.note };
    throw error;
  }
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) return { ok: false, problem: 'LEARN_MANIFEST_DOCTYPE', note: { en: 'DOCTYPE or ENTITY declaration.', de: 'DOCTYPE- oder ENTITY-Deklaration.' } };
  // XML allows no NUL and no other C0 control but tab and line ends (nor U+FFFE/U+FFFF); a NUL
  // would otherwise travel into titles that PostgreSQL text cannot hold.
  const forbidden = FORBIDDEN_CHARACTER.exec(text);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return {
      ok: false,
      problem: 'LEARN_MANIFEST_NOT_WELL_FORMED',
      note: { en: `U+${code} at offset ${forbidden.index} is not a character XML allows.`, de: `U+${code} an Position ${forbidden.index} ist kein in XML erlaubtes Zeichen.` },
    };
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    // The parser's own wording is English only; the place is what helps the author.
    return { ok: false, problem: 'LEARN_MANIFEST_NOT_WELL_FORMED', note: { en: `Line ${valid.err.line}, column ${valid.err.col}.`, de: `Zeile ${valid.err.line}, Spalte ${valid.err.col}.` } };
  }
  try {
    const nodes = parser.parse(text) as OrderedNode[];
    const roots = nodes.filter((node) => tagOf(node) !== undefined);
    if (roots.length !== 1) throw new XmlSyntaxError({ en: 'A document has exactly one root element.', de: 'Ein Dokument hat genau ein Wurzelelement.' });
    return { ok: true, root: toElement(roots[0]!, new Map([['xml', XML_NAMESPACE]])) };
  } catch (error) {
    if (error instanceof XmlSyntaxError) return { ok: false, problem: 'LEARN_MANIFEST_NOT_WELL_FORMED', note: error.note };
    return { ok: false, problem: 'LEARN_MANIFEST_NOT_WELL_FORMED', note: { en: 'The parser could not read it.', de: 'Der Parser konnte es nicht lesen.' } };
  }
}

class XmlSyntaxError extends Error {
  constructor(readonly note: LocalisedText) {
    super(note.en);
  }
}

// eslint-disable-next-line no-control-regex -- exactly the control characters XML 1.0 forbids
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** fast-xml-parser's preserveOrder shape: one key naming the tag (or #text / #cdata), attributes under ':@'. */
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata');
}

function toElement(node: OrderedNode, inherited: ReadonlyMap<string, string>): XmlElement {
  const qname = tagOf(node)!;
  const rawAttributes = Object.entries(node[':@'] ?? {});
  let scope = inherited;
  for (const [name, value] of rawAttributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (scope === inherited) scope = new Map(inherited);
    const uri = decodeEntities(value);
    if (name !== 'xmlns' && uri === '') throw new XmlSyntaxError({ en: `${name} may not be empty.`, de: `${name} darf nicht leer sein.` });
    (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), uri);
  }
  const element: XmlElement = { ...resolveName(qname, scope, true), attributes: [], children: [], text: '' };
  for (const [name, value] of rawAttributes) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    element.attributes.push({ ...resolveName(name, scope, false), value: decodeEntities(value) });
  }
  for (const child of (node[qname] as OrderedNode[] | undefined) ?? []) {
    if (typeof child['#text'] === 'string') element.text += decodeEntities(child['#text']);
    else if (Array.isArray(child['#cdata'])) element.text += (child['#cdata'] as OrderedNode[]).map((c) => String(c['#text'] ?? '')).join('');
    else if (tagOf(child) !== undefined) element.children.push(toElement(child, scope));
  }
  return element;
}

function resolveName(qname: string, scope: ReadonlyMap<string, string>, isElement: boolean): { ns: string; local: string } {
  const colon = qname.indexOf(':');
  if (colon < 0) return { ns: isElement ? (scope.get('') ?? '') : '', local: qname };
  const prefix = qname.slice(0, colon);
  const ns = scope.get(prefix);
  // Hand-made manifests often carry xsi:schemaLocation without declaring xsi. An attribute in an
  // undeclared namespace is one nothing reads, so it is kept under a namespace of its own;
  // an element with an undeclared prefix still makes the document unreadable.
  if (ns === undefined && !isElement) return { ns: `${UNDECLARED_NAMESPACE}${prefix}`, local: qname.slice(colon + 1) };
  if (ns === undefined) throw new XmlSyntaxError({ en: `The prefix "${prefix}" of <${qname}> is not declared.`, de: `Das Präfix „${prefix}“ von <${qname}> ist nicht deklariert.` });
  return { ns, local: qname.slice(colon + 1) };
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError({ en: `"&" must start a reference ending in ";" (${whole}).`, de: `„&“ muss einen Verweis beginnen, der auf „;“ endet (${whole}).` });
    const predefined = PREDEFINED[name];
    if (predefined !== undefined && Object.hasOwn(PREDEFINED, name)) return predefined;
    const code = /^#x[0-9a-fA-F]+$/.test(name) ? parseInt(name.slice(2), 16) : /^#[0-9]+$/.test(name) ? parseInt(name.slice(1), 10) : NaN;
    if (Number.isNaN(code)) throw new XmlSyntaxError({ en: `The entity ${whole} is not defined.`, de: `Die Entität ${whole} ist nicht definiert.` });
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlSyntaxError({ en: `${whole} is not a character.`, de: `${whole} ist kein Zeichen.` });
    return String.fromCodePoint(code);
  });
}

/** Text from bytes: a byte-order mark wins, then the declaration's encoding, else UTF-8. Invalid bytes are an error. */
function decodeXmlBytes(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
  const declared = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared ?? 'utf-8', { fatal: true });
  } catch {
    throw new XmlSyntaxError({ en: `The encoding "${declared}" is not supported.`, de: `Die Kodierung „${declared}“ wird nicht unterstützt.` });
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new XmlSyntaxError({ en: `The bytes are not valid ${decoder.encoding}.`, de: `Die Bytes sind kein gültiges ${decoder.encoding}.` });
  }
}

export type NamespaceSet = ReadonlySet<string>;

export function childElements(parent: XmlElement, ns: NamespaceSet, local: string): XmlElement[] {
  return parent.children.filter((child) => child.local === local && ns.has(child.ns));
}

/** Children by local name in any namespace or none (formats whose files are written with their namespace or without it: tincan.xml, cmi5.xml). */
export function childrenByLocalName(parent: XmlElement, local: string): XmlElement[] {
  return parent.children.filter((child) => child.local === local);
}

export function firstChild(parent: XmlElement | undefined, ns: NamespaceSet, local: string): XmlElement | undefined {
  return parent?.children.find((child) => child.local === local && ns.has(child.ns));
}

/** An attribute by namespace and local name; local names compare case-insensitively when asked (SCORM 1.2 vs 2004 spellings). */
export function attributeOf(element: XmlElement | undefined, ns: NamespaceSet | '', local: string, ignoreCase = false): string | undefined {
  const wanted = ignoreCase ? local.toLowerCase() : local;
  return element?.attributes.find((a) => (ns === '' ? a.ns === '' : ns.has(a.ns)) && (ignoreCase ? a.local.toLowerCase() : a.local) === wanted)?.value;
}

export function textOf(element: XmlElement | undefined): string | undefined {
  const text = element?.text.trim();
  return text === '' ? undefined : text;
}

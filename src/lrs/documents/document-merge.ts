import { badRequest } from '../xapi/xapi-error.js';

/** What a document is stored as when its request named no content type. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export const isJsonContentType = (contentType: string | undefined) => contentType !== undefined && /^\s*application\/json\s*(;|$)/i.test(contentType);

/** The bytes as a JSON object, or undefined when they are not one (an array, a scalar, or no JSON at all). */
export function jsonObjectOf(content: Buffer): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    // UTF-8, as xAPI requires; a byte order mark is not part of the JSON text.
    value = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const notMergeable = (en: string, de: string) => badRequest('LRS_DOCUMENT_NOT_MERGEABLE', { en, de }, 'Content-Type');

/**
 * A POSTed JSON document must be a JSON object, whether or not there is one to merge it into: a
 * body that claims application/json but is no object is refused (the conformance suite expects
 * 400 for such a POST to a new document too).
 */
export function postedJsonObject(contentType: string | undefined, content: Buffer): Record<string, unknown> | undefined {
  if (!isJsonContentType(contentType)) return undefined;
  const object = jsonObjectOf(content);
  if (!object) throw notMergeable('A document POSTed as application/json must be a JSON object.', 'Ein als application/json gesendetes Dokument muss ein JSON-Objekt sein.');
  return object;
}

/**
 * xAPI's document merge: both documents JSON objects of type application/json, the posted
 * object's top-level properties replacing the stored ones (a nested object is replaced whole,
 * not merged). Anything else is refused with 400 and stores nothing.
 */
export function mergeDocuments(existing: { contentType: string; content: Buffer }, posted: Record<string, unknown> | undefined): Buffer {
  if (!posted) throw notMergeable('The document exists; a POST merges into it only with a JSON object of type application/json.', 'Das Dokument existiert; ein POST wird nur mit einem JSON-Objekt vom Typ application/json mit ihm zusammengeführt.');
  const stored = isJsonContentType(existing.contentType) ? jsonObjectOf(existing.content) : undefined;
  if (!stored) throw notMergeable('The stored document is not a JSON object of type application/json, so a POST cannot merge into it; replace it with PUT.', 'Das gespeicherte Dokument ist kein JSON-Objekt vom Typ application/json, ein POST kann also nicht mit ihm zusammengeführt werden; bitte mit PUT ersetzen.');
  return Buffer.from(JSON.stringify({ ...stored, ...posted }), 'utf8');
}

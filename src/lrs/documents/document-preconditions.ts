import { createHash } from 'node:crypto';
import type { XapiVersion } from '../xapi/xapi-version.js';
import { badRequest, XapiError } from '../xapi/xapi-error.js';

/** A document's ETag: the hex SHA-1 of its bytes, as xAPI 1.0.3 requires (2.0.0 names no algorithm). Sent quoted. */
export const etagOf = (content: Buffer) => createHash('sha1').update(content).digest('hex');

export const quotedEtag = (etag: string) => `"${etag}"`;

/** An If-Match or If-None-Match header: `*`, or the entity tags it lists (without quotes). */
export type EtagCondition = { any: true } | { any: false; tags: string[] };

export interface Preconditions {
  ifMatch: EtagCondition | undefined;
  ifNoneMatch: EtagCondition | undefined;
}

const ENTITY_TAG = /\s*(?:W\/)?(?:"([^"]*)"|([^\s",]+))\s*(?:,|$)/y;

/**
 * Reads an If-Match or If-None-Match header. Besides RFC 9110's quoted tags it takes bare ones
 * (clients that drop the quotes) and weak ones: a proxy that compresses our answers turns our
 * tag into W/"…", and what remains is still the SHA-1 of the stored bytes, so it still proves
 * which version the client saw.
 */
export function parseEtagCondition(header: string | undefined, name: 'If-Match' | 'If-None-Match'): EtagCondition | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (header.trim() === '*') return { any: true };
  const tags: string[] = [];
  ENTITY_TAG.lastIndex = 0;
  while (ENTITY_TAG.lastIndex < header.length) {
    const start = ENTITY_TAG.lastIndex;
    const match = ENTITY_TAG.exec(header);
    if (!match || ENTITY_TAG.lastIndex === start) {
      throw badRequest('LRS_HEADER_INVALID', { en: `The header ${name} is not a list of entity tags.`, de: `Der Header ${name} ist keine Liste von Entity-Tags.` }, name);
    }
    tags.push(match[1] ?? match[2]!);
  }
  return { any: false, tags };
}

export function preconditionsOf(call: { ifMatch: string | undefined; ifNoneMatch: string | undefined }): Preconditions {
  return { ifMatch: parseEtagCondition(call.ifMatch, 'If-Match'), ifNoneMatch: parseEtagCondition(call.ifNoneMatch, 'If-None-Match') };
}

// Our tags are hex digests, whose case means nothing: a client that wrote one in capitals still names the same bytes.
const names = (condition: EtagCondition, etag: string) => condition.any || condition.tags.some((tag) => tag.toLowerCase() === etag);

const preconditionFailed = (header: 'If-Match' | 'If-None-Match') =>
  new XapiError(
    412,
    'LRS_DOCUMENT_PRECONDITION_FAILED',
    header === 'If-Match'
      ? { en: 'The document is not the version If-Match names (it changed, or it does not exist). Fetch it again and retry with its current ETag.', de: 'Das Dokument ist nicht die Version, die If-Match nennt (es wurde geändert oder existiert nicht). Bitte neu abrufen und mit dem aktuellen ETag erneut senden.' }
      : { en: 'The document exists already (If-None-Match). Fetch it and retry with If-Match and its ETag.', de: 'Das Dokument existiert bereits (If-None-Match). Bitte abrufen und mit If-Match und seinem ETag erneut senden.' },
    header,
  );

/** If-Match, then If-None-Match, against the document as it is (RFC 9110 13.2.2); a failure changes nothing. */
export function checkPreconditions(preconditions: Preconditions, current: { etag: string } | undefined): void {
  const { ifMatch, ifNoneMatch } = preconditions;
  if (ifMatch && !(current && names(ifMatch, current.etag))) throw preconditionFailed('If-Match');
  if (ifNoneMatch && current && names(ifNoneMatch, current.etag)) throw preconditionFailed('If-None-Match');
}

/**
 * What a PUT without If-Match or If-None-Match may do:
 * - `overwrite`: store, whether or not the document exists (State in 1.0.x, where the
 *   specification lets State do without concurrency headers);
 * - `create`: store a new document, refuse to replace one with 409 (every document resource in
 *   2.0.0, and the profiles' existing documents in 1.0.x);
 * - `never`: also refuse a new document, with 400 (the profiles in 1.0.x, whose clients MUST
 *   send one of the headers; the 1.0.3 conformance suite expects the 400).
 */
export type UnconditionalPut = 'overwrite' | 'create' | 'never';

export function unconditionalPutOf(kind: 'state' | 'activity_profile' | 'agent_profile', version: XapiVersion): UnconditionalPut {
  if (version === '2.0') return 'create';
  return kind === 'state' ? 'overwrite' : 'never';
}

export function checkUnconditionalPut(preconditions: Preconditions, rule: UnconditionalPut, exists: boolean): void {
  if (preconditions.ifMatch || preconditions.ifNoneMatch || rule === 'overwrite') return;
  if (exists) {
    throw new XapiError(409, 'LRS_DOCUMENT_CONFLICT', {
      en: 'The document exists already and this PUT has neither If-Match nor If-None-Match. Fetch the document to see its current state, then replace it with If-Match set to its ETag.',
      de: 'Das Dokument existiert bereits, und dieser PUT hat weder If-Match noch If-None-Match. Bitte das Dokument abrufen, um seinen aktuellen Stand zu sehen, und es dann mit If-Match und seinem ETag ersetzen.',
    });
  }
  if (rule === 'never') {
    throw badRequest('LRS_DOCUMENT_PRECONDITION_REQUIRED', {
      en: 'A PUT to a profile document needs If-None-Match: * (for a new document) or If-Match with the ETag of the current one.',
      de: 'Ein PUT auf ein Profildokument braucht If-None-Match: * (für ein neues Dokument) oder If-Match mit dem ETag des aktuellen.',
    }, 'If-Match');
  }
}

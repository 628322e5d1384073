import type { XapiVersion } from '../xapi/xapi-version.js';
import { isIri, isUuid, parseTimestamp } from '../statements/validation/formats.js';
import { badParameter } from '../xapi/xapi-error.js';

type Params = ReadonlyMap<string, string>;

/**
 * Refuses parameters a request may not have (400, as xAPI requires; names are exact, so
 * `ActivityId` is unknown), then missing required ones. A parameter of the resource that this
 * method does not take is "not allowed"; any other is "unknown".
 */
export function checkParameterNames(params: Params, rule: { required: readonly string[]; optional: readonly string[]; ofResource: readonly string[] }): void {
  for (const name of params.keys()) {
    if (rule.required.includes(name) || rule.optional.includes(name)) continue;
    throw badParameter(name, rule.ofResource.includes(name) ? 'not-allowed' : 'unknown');
  }
  const missing = rule.required.find((name) => !params.has(name));
  if (missing) throw badParameter(missing, 'missing');
}

/**
 * Bytes an activity id and a document id may each have. Both are in the documents' unique
 * index, whose entries PostgreSQL caps at about 2.7 kB; real ids are far shorter.
 */
export const ACTIVITY_ID_LIMIT = 1500;
export const DOCUMENT_ID_LIMIT = 1000;

const tooLong = (value: string, limit: number) => Buffer.byteLength(value, 'utf8') > limit;

/** An Activity id: an IRI, compared exactly. */
export function readActivityId(params: Params, options: { limit?: boolean } = {}): string {
  const value = params.get('activityId')!;
  if (!isIri(value)) throw badParameter('activityId', 'invalid', 'not an IRI');
  if (options.limit && tooLong(value, ACTIVITY_ID_LIMIT)) throw badParameter('activityId', 'invalid', `longer than ${ACTIVITY_ID_LIMIT} bytes`);
  return value;
}

/** A registration: a UUID, in its canonical lower case. */
export function readRegistration(params: Params): string | null {
  const value = params.get('registration');
  if (value === undefined) return null;
  if (!isUuid(value)) throw badParameter('registration', 'invalid', 'not a UUID');
  return value.toLowerCase();
}

/** A stateId or profileId: any non-empty string (an empty one is a client's mistake, not an id). */
export function readDocumentId(params: Params, name: 'stateId' | 'profileId'): string | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (value === '') throw badParameter(name, 'invalid', 'empty');
  if (tooLong(value, DOCUMENT_ID_LIMIT)) throw badParameter(name, 'invalid', `longer than ${DOCUMENT_ID_LIMIT} bytes`);
  return value;
}

export function readSince(params: Params, version: XapiVersion): Date | undefined {
  const value = params.get('since');
  if (value === undefined) return undefined;
  // A client that did not percent-encode the `+` of its offset sent a space, which no timestamp has.
  const since = parseTimestamp(value.replace(/ (\d{2}(?::?\d{2})?)$/, '+$1'), version);
  if (!since) throw badParameter('since', 'invalid', 'not an ISO 8601 timestamp');
  return since;
}

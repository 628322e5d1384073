import { randomUUID } from 'node:crypto';
import type { XapiVersion } from '../xapi/xapi-version.js';

type Json = Record<string, unknown>;

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Context activities as the LRS stores them: each kind a list, also when it was sent as one object. */
function withListedContextActivities(context: unknown): unknown {
  if (!isObject(context) || !isObject(context.contextActivities)) return context;
  const listed = Object.fromEntries(Object.entries(context.contextActivities).map(([kind, value]) => [kind, Array.isArray(value) ? value : [value]]));
  return { ...context, contextActivities: listed };
}

function normalised(statement: Json): Json {
  const result: Json = { ...statement };
  if ('context' in result) result.context = withListedContextActivities(result.context);
  if (isObject(result.object) && result.object.objectType === 'SubStatement' && 'context' in result.object) {
    result.object = { ...result.object, context: withListedContextActivities(result.object.context) };
  }
  return result;
}

/**
 * A valid statement as the LRS stores it: an id (a new one when it had none), `stored`, a
 * `timestamp` (the stored time when it had none), the authority of the credential that sent it
 * (whatever it claimed), and a version (the request's line when it named none).
 */
export function prepareStatement(statement: Json, options: { stored: Date; authority: Json; version: XapiVersion }): Json {
  const stored = options.stored.toISOString();
  return {
    ...normalised(statement),
    id: typeof statement.id === 'string' ? statement.id.toLowerCase() : randomUUID(),
    timestamp: statement.timestamp ?? stored,
    stored,
    authority: options.authority,
    version: statement.version ?? (options.version === '1.0' ? '1.0.0' : '2.0.0'),
  };
}

/** JSON with object keys sorted, for comparing statements whatever order their properties came in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  return JSON.stringify(value);
}

/**
 * Whether a statement sent again with an id already stored is the same statement (then it is
 * accepted and nothing changes) or a different one (refused 409). What the LRS fills in does not
 * count: stored, authority, version, and the timestamp when the new one has none.
 */
export function sameStatement(sent: Json, stored: Json): boolean {
  const comparable = (statement: Json, dropTimestamp: boolean) => {
    const { stored: _stored, authority: _authority, version: _version, timestamp, id: _id, ...rest } = normalised(statement);
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : undefined;
    return canonicalJson(dropTimestamp ? rest : { ...rest, timestamp: at });
  };
  const noTimestamp = sent.timestamp === undefined;
  return comparable(sent, noTimestamp) === comparable(stored, noTimestamp);
}

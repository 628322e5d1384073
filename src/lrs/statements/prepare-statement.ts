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

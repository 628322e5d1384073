/**
 * Whether two statements are "logically equivalent" in the sense of xAPI 1.0.3 Data 2.3.1 (Statement
 * Comparison Requirements), as a signed statement must be to the statement in its JWS payload:
 * differences the exceptions to immutability allow are ignored, all others count.
 *
 * - id, timestamp, version: the LRS may fill them in, so they count only when both statements have
 *   them (the id compared without case, the timestamp as a point in time).
 * - authority, stored: the LRS sets them; attachments: not part of the statement.
 * - Activity definitions and a verb's display: not part of the statement.
 * - A group's members: an unordered list.
 * - Case-insensitive values: the domain of an mbox, mbox_sha1sum, UUIDs, the context's language tag.
 * - Result duration: a string, but without the digits beyond 0.01 s (Data 4.6; 2.0 makes this a rule).
 */

import { parseTimestamp } from '../statements/validation/formats.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON with object keys sorted, so property order does not count. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

/**
 * A point in time, whatever time zone or notation it was written in, read as the validator reads
 * it (1.0.x's reading, which takes every 2.0.0 timestamp too: ISO 8601 in the extended and the
 * basic format, a missing time zone as UTC).
 */
function instant(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const time = parseTimestamp(value, '1.0');
  return time === undefined ? value : time.getTime();
}

/** "P1DT12H36M0.1237S" → "P1DT12H36M0.12S": seconds beyond the hundredth do not count. */
export function durationToHundredths(duration: unknown): unknown {
  if (typeof duration !== 'string' || !duration.endsWith('S')) return duration;
  // Only the smallest unit may have a fraction (ISO 8601), so a fraction here is of the seconds.
  const point = Math.max(duration.lastIndexOf('.'), duration.lastIndexOf(','));
  const digits = duration.length - 1 - (point + 1);
  return point < 0 || digits <= 2 ? duration : `${duration.slice(0, point + 3)}S`;
}

/** mailto:Name@Example.COM → mailto:Name@example.com (the local part may be case-sensitive). */
function mbox(value: unknown): unknown {
  if (typeof value !== 'string' || value.slice(0, 7).toLowerCase() !== 'mailto:') return value;
  const address = value.slice(7);
  const at = address.lastIndexOf('@');
  return at < 0 ? `mailto:${address}` : `mailto:${address.slice(0, at)}${address.slice(at).toLowerCase()}`;
}

function agentOrGroup(value: unknown): unknown {
  if (!isObject(value)) return value;
  const result: Json = { ...value, objectType: value.objectType ?? 'Agent' };
  if ('mbox' in value) result.mbox = mbox(value.mbox);
  if ('mbox_sha1sum' in value) result.mbox_sha1sum = lower(value.mbox_sha1sum);
  if (Array.isArray(value.member)) {
    result.member = value.member
      .map(agentOrGroup)
      .map((member) => ({ member, key: canonicalJson(member) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ member }) => member);
  }
  return result;
}

function activity(value: unknown): unknown {
  if (!isObject(value)) return value;
  const { definition: _definition, ...rest } = value;
  return { ...rest, objectType: value.objectType ?? 'Activity' };
}

function verb(value: unknown): unknown {
  if (!isObject(value)) return value;
  const { display: _display, ...rest } = value;
  return rest;
}

function statementObject(value: unknown): unknown {
  if (!isObject(value)) return value;
  switch (value.objectType ?? 'Activity') {
    case 'Activity':
      return activity(value);
    case 'Agent':
    case 'Group':
      return agentOrGroup(value);
    case 'StatementRef':
      return { ...value, id: lower(value.id) };
    case 'SubStatement':
      return { ...statementCore(value), objectType: 'SubStatement' };
    default:
      return value;
  }
}

function result(value: unknown): unknown {
  if (!isObject(value) || !('duration' in value)) return value;
  return { ...value, duration: durationToHundredths(value.duration) };
}

function context(value: unknown): unknown {
  if (!isObject(value)) return value;
  const out: Json = { ...value };
  if ('registration' in value) out.registration = lower(value.registration);
  if ('language' in value) out.language = lower(value.language);
  if ('instructor' in value) out.instructor = agentOrGroup(value.instructor);
  if ('team' in value) out.team = agentOrGroup(value.team);
  if (isObject(value.statement)) out.statement = { ...value.statement, id: lower(value.statement.id) };
  if (isObject(value.contextActivities)) {
    // 1.0.x accepts one activity where a list is meant; the LRS stores it as a list of one.
    out.contextActivities = Object.fromEntries(
      Object.entries(value.contextActivities).map(([kind, activities]) => [kind, (Array.isArray(activities) ? activities : [activities]).map(activity)]),
    );
  }
  // xAPI 2.0: contextAgents and contextGroups wrap an agent or group each.
  if (Array.isArray(value.contextAgents)) out.contextAgents = value.contextAgents.map((entry) => (isObject(entry) ? { ...entry, agent: agentOrGroup(entry.agent) } : entry));
  if (Array.isArray(value.contextGroups)) out.contextGroups = value.contextGroups.map((entry) => (isObject(entry) ? { ...entry, group: agentOrGroup(entry.group) } : entry));
  return out;
}

/** What a statement and a SubStatement share, canonical; attachments left out. */
function statementCore(statement: Json): Json {
  const { attachments: _attachments, ...rest } = statement;
  const out: Json = { ...rest };
  if ('actor' in statement) out.actor = agentOrGroup(statement.actor);
  if ('verb' in statement) out.verb = verb(statement.verb);
  if ('object' in statement) out.object = statementObject(statement.object);
  if ('result' in statement) out.result = result(statement.result);
  if ('context' in statement) out.context = context(statement.context);
  if ('timestamp' in statement) out.timestamp = instant(statement.timestamp);
  return out;
}

// Filled in by the LRS when missing: they count only when both statements have them.
const FILLED_IN_WHEN_MISSING = ['id', 'timestamp', 'version'] as const;

export function equivalentStatements(signed: Json, received: Json): boolean {
  const comparable = (statement: Json) => {
    const { authority: _authority, stored: _stored, ...rest } = statementCore(statement);
    if ('id' in rest) rest.id = lower(rest.id);
    for (const key of FILLED_IN_WHEN_MISSING) {
      if (signed[key] === undefined || received[key] === undefined) delete rest[key];
    }
    return canonicalJson(rest);
  };
  return comparable(signed) === comparable(received);
}

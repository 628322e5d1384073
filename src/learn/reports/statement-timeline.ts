import type { RegistrationStatement, StatementPosition } from '../../lrs/index.js';
import type { TimelineStatement, TimelineTarget } from './reports.contract.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

/** A language map as it was sent, its non-text entries dropped; null when nothing is left. */
function languageMap(value: unknown): Record<string, string> | null {
  if (!isObject(value)) return null;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

/** An Agent's or identified Group's inverse functional identifier, as people read it. */
function agentIdentifier(agent: Json): string | null {
  const mbox = text(agent.mbox);
  if (mbox) return mbox.replace(/^mailto:/i, '');
  if (isObject(agent.account)) return text(agent.account.name);
  return text(agent.openid) ?? text(agent.mbox_sha1sum);
}

function verbOf(value: unknown): TimelineStatement['verb'] {
  const verb = isObject(value) ? value : {};
  return { id: text(verb.id) ?? '', display: languageMap(verb.display) };
}

function targetOf(value: unknown): TimelineTarget {
  const object = isObject(value) ? value : {};
  const type = text(object.objectType) ?? 'Activity';
  if (type === 'Agent' || type === 'Group') {
    return { objectType: type, id: agentIdentifier(object), name: null, agentName: text(object.name), members: type === 'Group' && Array.isArray(object.member) ? object.member.length : null };
  }
  if (type === 'StatementRef' || type === 'SubStatement') return { objectType: type, id: text(object.id), name: null, agentName: null, members: null };
  const definition = isObject(object.definition) ? object.definition : {};
  return { objectType: 'Activity', id: text(object.id), name: languageMap(definition.name), agentName: null, members: null };
}

function resultOf(value: unknown): TimelineStatement['result'] {
  if (!isObject(value)) return null;
  const score = isObject(value.score) ? value.score : {};
  return {
    scaled: num(score.scaled),
    raw: num(score.raw),
    min: num(score.min),
    max: num(score.max),
    success: bool(value.success),
    completion: bool(value.completion),
    duration: text(value.duration),
  };
}

/** A timestamp in UTC (`2026-03-02T10:00:00+01:00` -> `2026-03-02T09:00:00.000Z`), or null when it is none. */
function instant(value: unknown): string | null {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** What the timeline tells of a stored statement: when, the verb, the object and the result. */
export function timelineStatementOf(row: RegistrationStatement): TimelineStatement {
  const statement = row.statement;
  const object = isObject(statement.object) ? statement.object : {};
  const sub = object.objectType === 'SubStatement' ? { verb: verbOf(object.verb), object: targetOf(object.object) } : null;
  return {
    id: row.id,
    timestamp: instant(statement.timestamp) ?? row.stored.toISOString(),
    stored: row.stored.toISOString(),
    verb: verbOf(statement.verb),
    object: { ...targetOf(object), sub },
    result: resultOf(statement.result),
  };
}

/** The `after` of the page that starts behind this statement. */
export function timelineCursor(position: StatementPosition): string {
  return `${String(position.stored.getTime())}-${String(position.seq)}`;
}

/** The position an `after` names (checked for its form by the contract). */
export function positionOfCursor(cursor: string): StatementPosition {
  const [stored, seq] = cursor.split('-');
  return { stored: new Date(Number(stored)), seq: Number(seq) };
}

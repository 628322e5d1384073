import { chooseLanguage } from './accept-language.js';

export type StatementJson = Record<string, unknown>;

/** The `format` parameter of GET /statements. */
export type StatementFormat = 'exact' | 'ids' | 'canonical';

export interface FormatOptions {
  /**
   * The LRS's canonical definition of an Activity, if it keeps one: canonical format returns it in
   * place of the definition the statement was stored with. Without it, the stored one is used.
   */
  canonicalDefinition?: (activityId: string) => StatementJson | undefined;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const IDENTIFIERS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const INTERACTION_COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;

/**
 * A stored statement as GET /statements returns it in the given format (xAPI 1.0.3 Communication
 * §2.1.3, IEEE 9274.1.1 §4.1.6.1):
 *
 * - `exact`: as stored (the same object).
 * - `ids`: Agents and Identified Groups reduced to their objectType and identifier, Anonymous
 *   Groups to their objectType and members (so reduced), Activities to their id, Verbs to their id.
 *   This covers actor, object, authority, instructor, team, context activities, context agents and
 *   groups, and the same within a SubStatement. The 2.0 suite counts the keys: an Activity keeps
 *   only `id`, a Verb only `id`.
 * - `canonical`: Activities (their canonical definition when `canonicalDefinition` has one) and
 *   Verbs with each language map cut to the one language `languages` prefers (name, description,
 *   interaction components' descriptions, display); Agents and Groups as stored.
 *
 * Everything else (result, timestamp, attachments, extensions, …) is returned as stored. The input
 * is never changed; the result shares the parts that did not change with it, so treat both as read-only.
 */
export function formatStatement(stored: StatementJson, format: StatementFormat, languages: string[], options: FormatOptions = {}): StatementJson {
  if (format === 'exact') return stored;
  const reduce: Reducers =
    format === 'ids'
      ? { agent: idsOfAgent, verb: idsOfVerb, activity: idsOfActivity }
      : { agent: (agent) => agent, verb: (verb) => canonicalVerb(verb, languages), activity: (activity) => canonicalActivity(activity, languages, options) };
  return formatWith(stored, reduce);
}

interface Reducers {
  agent: (agent: unknown) => unknown;
  verb: (verb: unknown) => unknown;
  activity: (activity: unknown) => unknown;
}

function formatWith(statement: Json, reduce: Reducers): Json {
  const formatted: Json = { ...statement };
  if ('actor' in statement) formatted.actor = reduce.agent(statement.actor);
  if ('verb' in statement) formatted.verb = reduce.verb(statement.verb);
  if ('object' in statement) formatted.object = formatObject(statement.object, reduce);
  if (isObject(statement.context)) formatted.context = formatContext(statement.context, reduce);
  if ('authority' in statement) formatted.authority = reduce.agent(statement.authority);
  return formatted;
}

function formatObject(object: unknown, reduce: Reducers): unknown {
  if (!isObject(object)) return object;
  switch (object.objectType) {
    case undefined:
    case 'Activity':
      return reduce.activity(object);
    case 'Agent':
    case 'Group':
      return reduce.agent(object);
    case 'SubStatement':
      return formatWith(object, reduce);
    default:
      return object; // StatementRef: its id is all there is
  }
}

function formatContext(context: Json, reduce: Reducers): Json {
  const formatted: Json = { ...context };
  if ('instructor' in context) formatted.instructor = reduce.agent(context.instructor);
  if ('team' in context) formatted.team = reduce.agent(context.team);
  if (isObject(context.contextActivities)) {
    const activities: Json = {};
    for (const [kind, value] of Object.entries(context.contextActivities)) {
      activities[kind] = Array.isArray(value) ? value.map(reduce.activity) : reduce.activity(value);
    }
    formatted.contextActivities = activities;
  }
  for (const [list, member] of [
    ['contextAgents', 'agent'],
    ['contextGroups', 'group'],
  ] as const) {
    const entries = context[list];
    if (Array.isArray(entries)) formatted[list] = entries.map((entry: unknown) => (isObject(entry) ? { ...entry, [member]: reduce.agent(entry[member]) } : entry));
  }
  return formatted;
}

function idsOfAgent(agent: unknown): unknown {
  if (!isObject(agent)) return agent;
  const reduced: Json = {};
  if ('objectType' in agent) reduced.objectType = agent.objectType;
  const identifier = IDENTIFIERS.find((key) => agent[key] !== undefined);
  if (identifier !== undefined) reduced[identifier] = agent[identifier];
  // An Anonymous Group is identified by its members only.
  else if (Array.isArray(agent.member)) reduced.member = agent.member.map(idsOfAgent);
  return reduced;
}

const idsOfVerb = (verb: unknown): unknown => (isObject(verb) ? { id: verb.id } : verb);

const idsOfActivity = (activity: unknown): unknown => (isObject(activity) ? { id: activity.id } : activity);

function canonicalVerb(verb: unknown, languages: readonly string[]): unknown {
  if (!isObject(verb) || !isObject(verb.display)) return verb;
  return { ...verb, display: oneLanguage(verb.display, languages) };
}

function canonicalActivity(activity: unknown, languages: readonly string[], options: FormatOptions): unknown {
  if (!isObject(activity)) return activity;
  const definition = (typeof activity.id === 'string' ? options.canonicalDefinition?.(activity.id) : undefined) ?? activity.definition;
  if (!isObject(definition)) return activity;
  const filtered: Json = { ...definition };
  if (isObject(definition.name)) filtered.name = oneLanguage(definition.name, languages);
  if (isObject(definition.description)) filtered.description = oneLanguage(definition.description, languages);
  for (const list of INTERACTION_COMPONENT_LISTS) {
    const components = definition[list];
    if (!Array.isArray(components)) continue;
    filtered[list] = components.map((component: unknown) =>
      isObject(component) && isObject(component.description) ? { ...component, description: oneLanguage(component.description, languages) } : component,
    );
  }
  return { ...activity, definition: filtered };
}

function oneLanguage(map: Json, languages: readonly string[]): Json {
  const tag = chooseLanguage(Object.keys(map), languages);
  return tag === undefined ? {} : { [tag]: map[tag] };
}

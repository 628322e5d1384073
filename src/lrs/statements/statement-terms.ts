import { inverseFunctionalIdentifierOf } from './validation/validate-agent.js';
import { activityKey, agentKeyOfIdentifier, digestKey } from '../xapi/identity-keys.js';

type Json = Record<string, unknown>;

/**
 * A term a statement can be found by (statements.schema.ts xapi_statement_terms). Stored: `related`
 * marks a broad-only row. Asked for (termsOfQuery): `related` means the broad form counts, which
 * reads the key's plain and broad rows.
 */
export interface StatementTerm {
  key: string;
  related: boolean;
}

export const verbKey = (verbId: string) => digestKey('verb', verbId);
export const registrationKey = (registration: string) => digestKey('registration', registration.toLowerCase());

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The keys of an agent or group: its own identifier, and (for the `agent` filter) each identified member's. */
function agentKeys(agent: unknown): string[] {
  if (!isObject(agent)) return [];
  const keys: string[] = [];
  const own = inverseFunctionalIdentifierOf(agent);
  if (own !== undefined) keys.push(agentKeyOfIdentifier(own));
  if (Array.isArray(agent.member)) for (const member of agent.member) keys.push(...agentKeys(member));
  return keys;
}

const isAgentLike = (value: Json) => value.objectType === 'Agent' || value.objectType === 'Group';
const isActivity = (value: Json) => value.objectType === undefined || value.objectType === 'Activity';

function contextActivityIds(context: unknown): string[] {
  if (!isObject(context) || !isObject(context.contextActivities)) return [];
  return Object.values(context.contextActivities).flatMap((list) => (Array.isArray(list) ? list : [list])).flatMap((activity) => (isObject(activity) && typeof activity.id === 'string' ? [activity.id] : []));
}

function contextAgents(context: unknown): unknown[] {
  if (!isObject(context)) return [];
  const agents: unknown[] = [context.instructor, context.team];
  // 2.0.0's context agents and groups are "related" too.
  if (Array.isArray(context.contextAgents)) agents.push(...context.contextAgents.map((entry) => (isObject(entry) ? entry.agent : undefined)));
  if (Array.isArray(context.contextGroups)) agents.push(...context.contextGroups.map((entry) => (isObject(entry) ? entry.group : undefined)));
  return agents;
}

/**
 * The terms of a stored statement (not counting a targeted statement's): what the filters of GET
 * /xapi/statements match it by. The actor and an Agent or Group object match `agent`; with
 * `related_agents` also the authority, instructor, team and a sub-statement's agents; an Activity
 * object matches `activity`, with `related_activities` also context activities and the sub-statement's.
 */
export function termsOf(statement: Json): StatementTerm[] {
  const direct = new Set<string>();
  const related = new Set<string>();
  const object = isObject(statement.object) ? statement.object : {};
  if (isObject(statement.verb) && typeof statement.verb.id === 'string') direct.add(verbKey(statement.verb.id));
  const context = statement.context;
  if (isObject(context) && typeof context.registration === 'string') direct.add(registrationKey(context.registration));

  for (const key of agentKeys(statement.actor)) direct.add(key);
  if (isAgentLike(object)) for (const key of agentKeys(object)) direct.add(key);
  if (isActivity(object) && typeof object.id === 'string') direct.add(activityKey(object.id));

  const relatedAgents = [statement.actor, isAgentLike(object) ? object : undefined, statement.authority, ...contextAgents(context)];
  const relatedActivities = [...(isActivity(object) && typeof object.id === 'string' ? [object.id] : []), ...contextActivityIds(context)];
  if (object.objectType === 'SubStatement') {
    const sub = object;
    const subObject = isObject(sub.object) ? sub.object : {};
    relatedAgents.push(sub.actor, isAgentLike(subObject) ? subObject : undefined, ...contextAgents(sub.context));
    if (isActivity(subObject) && typeof subObject.id === 'string') relatedActivities.push(subObject.id);
    relatedActivities.push(...contextActivityIds(sub.context));
  }
  // A key the statement has as plain needs no broad row (the broad filters read both kinds).
  for (const agent of relatedAgents) for (const key of agentKeys(agent)) if (!direct.has(key)) related.add(key);
  for (const id of relatedActivities) if (!direct.has(activityKey(id))) related.add(activityKey(id));
  // Verb and registration filters have no broad form: they read only the plain rows.
  return [...[...direct].map((key) => ({ key, related: false })), ...[...related].map((key) => ({ key, related: true }))];
}

/**
 * Terms of several statements as one statement's (a StatementRef's own and its targets'): each
 * key once, its plain row where it has one, else its broad row, as termsOf gives them.
 */
export function oncePerKey(terms: readonly StatementTerm[]): StatementTerm[] {
  const plain = new Set(terms.filter((term) => !term.related).map((term) => term.key));
  const kept = new Map<string, StatementTerm>();
  for (const term of terms) if (!term.related || !plain.has(term.key)) kept.set(`${term.key}${term.related}`, term);
  return [...kept.values()];
}

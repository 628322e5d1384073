import { activityKey, agentKeyOfIdentifier } from '../xapi/identity-keys.js';
import { badParameter } from '../xapi/xapi-error.js';
import type { XapiVersion } from '../xapi/xapi-version.js';
import { registrationKey, verbKey, type StatementTerm } from './statement-terms.js';
import { isIri, isUuid, parseTimestamp } from './validation/formats.js';
import { inverseFunctionalIdentifierOf, validateAgent } from './validation/validate-agent.js';

/** The most statements one page holds (limit=0 and larger limits get this many). */
export const PAGE_LIMIT = 500;

const FILTERS = ['agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'since', 'until', 'limit', 'format', 'attachments', 'ascending'];
const SINGLE = ['statementId', 'voidedStatementId'];
const FORMATS = ['ids', 'exact', 'canonical'] as const;
export type StatementFormat = (typeof FORMATS)[number];

export type StatementRequest =
  | { kind: 'single'; id: string; voided: boolean; format: StatementFormat; attachments: boolean }
  | { kind: 'list'; query: ListQuery }
  | { kind: 'more'; token: string };

/** A list query as it is checked: what `more` links carry on to the next page. */
export interface ListQuery {
  agent?: string | undefined;
  verb?: string | undefined;
  activity?: string | undefined;
  registration?: string | undefined;
  relatedActivities: boolean;
  relatedAgents: boolean;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  format: StatementFormat;
  attachments: boolean;
  ascending: boolean;
}

function booleanParameter(params: ReadonlyMap<string, string>, name: string): boolean {
  const value = params.get(name);
  if (value === undefined) return false;
  if (value !== 'true' && value !== 'false') throw badParameter(name, 'invalid', 'true or false');
  return value === 'true';
}

function formatParameter(params: ReadonlyMap<string, string>): StatementFormat {
  const value = params.get('format') ?? 'exact';
  if (!(FORMATS as readonly string[]).includes(value)) throw badParameter('format', 'invalid', 'ids, exact or canonical');
  return value as StatementFormat;
}

function timestampParameter(params: ReadonlyMap<string, string>, name: string, version: XapiVersion): string | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (!parseTimestamp(value, version)) throw badParameter(name, 'invalid', 'an ISO 8601 timestamp with a time zone');
  return value;
}

/** Reads and checks the parameters of GET /xapi/statements (names are case-sensitive; unknown ones are refused). */
export function statementRequestOf(params: ReadonlyMap<string, string>, version: XapiVersion): StatementRequest {
  for (const name of params.keys()) if (![...FILTERS, ...SINGLE, 'more'].includes(name)) throw badParameter(name, 'unknown');
  if (params.has('more')) {
    const other = [...params.keys()].find((name) => name !== 'more');
    if (other) throw badParameter(other, 'not-allowed', 'a more link stands alone');
    return { kind: 'more', token: params.get('more')! };
  }
  const singleName = SINGLE.find((name) => params.has(name));
  if (singleName) {
    if (params.has('statementId') && params.has('voidedStatementId')) throw badParameter('voidedStatementId', 'not-allowed', 'with statementId');
    const other = [...params.keys()].find((name) => name !== singleName && name !== 'format' && name !== 'attachments');
    if (other) throw badParameter(other, 'not-allowed', `with ${singleName}`);
    const id = params.get(singleName)!;
    if (!isUuid(id)) throw badParameter(singleName, 'invalid', 'a UUID');
    return { kind: 'single', id: id.toLowerCase(), voided: singleName === 'voidedStatementId', format: formatParameter(params), attachments: booleanParameter(params, 'attachments') };
  }

  const agent = params.get('agent');
  if (agent !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(agent);
    } catch {
      throw badParameter('agent', 'invalid', 'JSON of an Agent or identified Group');
    }
    if (!validateAgent(parsed, version).ok || inverseFunctionalIdentifierOf(parsed as Record<string, unknown>) === undefined) throw badParameter('agent', 'invalid', 'an Agent or identified Group');
  }
  for (const name of ['verb', 'activity'] as const) {
    const value = params.get(name);
    if (value !== undefined && !isIri(value)) throw badParameter(name, 'invalid', 'an IRI');
  }
  const registration = params.get('registration');
  if (registration !== undefined && !isUuid(registration)) throw badParameter('registration', 'invalid', 'a UUID');
  const limitText = params.get('limit');
  if (limitText !== undefined && !/^\d{1,9}$/.test(limitText)) throw badParameter('limit', 'invalid', 'a whole number, 0 or more');
  const limit = limitText === undefined || Number(limitText) === 0 ? PAGE_LIMIT : Math.min(Number(limitText), PAGE_LIMIT);
  return {
    kind: 'list',
    query: {
      agent,
      verb: params.get('verb'),
      activity: params.get('activity'),
      registration: registration?.toLowerCase(),
      relatedActivities: booleanParameter(params, 'related_activities'),
      relatedAgents: booleanParameter(params, 'related_agents'),
      since: timestampParameter(params, 'since', version),
      until: timestampParameter(params, 'until', version),
      limit,
      format: formatParameter(params),
      attachments: booleanParameter(params, 'attachments'),
      ascending: booleanParameter(params, 'ascending'),
    },
  };
}

/** The terms a list query asks for, the most selective kind first (it drives the query). */
export function termsOfQuery(query: ListQuery): StatementTerm[] {
  const terms: StatementTerm[] = [];
  if (query.agent !== undefined) terms.push({ key: agentKeyOfIdentifier(inverseFunctionalIdentifierOf(JSON.parse(query.agent) as Record<string, unknown>)!), related: query.relatedAgents });
  if (query.registration !== undefined) terms.push({ key: registrationKey(query.registration), related: false });
  if (query.activity !== undefined) terms.push({ key: activityKey(query.activity), related: query.relatedActivities });
  if (query.verb !== undefined) terms.push({ key: verbKey(query.verb), related: false });
  return terms;
}

/** A `more` link's token: the query and where the next page starts (no secret: the filters are checked again and the reader's own limits re-applied). */
export function moreToken(query: ListQuery, after: { stored: Date; seq: number }): string {
  return Buffer.from(JSON.stringify({ q: query, s: after.stored.toISOString(), n: after.seq }), 'utf8').toString('base64url');
}

export function readMoreToken(token: string, version: XapiVersion): { query: ListQuery; after: { stored: Date; seq: number } } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { q: ListQuery; s: string; n: number };
    // The query is checked again as if it had been sent: a token is only a client's word.
    const params = new Map<string, string>();
    const q = parsed.q;
    if (q.agent !== undefined) params.set('agent', q.agent);
    if (q.verb !== undefined) params.set('verb', q.verb);
    if (q.activity !== undefined) params.set('activity', q.activity);
    if (q.registration !== undefined) params.set('registration', q.registration);
    if (q.since !== undefined) params.set('since', q.since);
    if (q.until !== undefined) params.set('until', q.until);
    params.set('related_activities', String(q.relatedActivities === true));
    params.set('related_agents', String(q.relatedAgents === true));
    params.set('limit', String(q.limit));
    params.set('format', String(q.format));
    params.set('attachments', String(q.attachments === true));
    params.set('ascending', String(q.ascending === true));
    const checked = statementRequestOf(params, version);
    const stored = new Date(parsed.s);
    if (checked.kind !== 'list' || Number.isNaN(stored.getTime()) || !Number.isSafeInteger(parsed.n)) throw new Error('bad token');
    return { query: checked.query, after: { stored, seq: parsed.n } };
  } catch {
    throw badParameter('more', 'invalid', 'a more link of this LRS');
  }
}

import type { XapiAnswer, XapiCall, XapiClient, XapiDeps, XapiResource } from '../xapi/xapi-call.js';
import { badParameter, badRequest, XapiError } from '../xapi/xapi-error.js';
import { readsOnlyOwnStatements } from '../xapi/xapi.policy.js';
import { formatStatement, languagesFromAcceptLanguage } from './format/format-statement.js';
import { consistentThrough, duringIngest } from './ingest-window.js';
import { moreToken, readMoreToken, statementRequestOf, termsOfQuery, type ListQuery, type StatementFormat } from './statement-query.js';
import { findStatementsByIds, queryStatements, type StoredStatementRow } from './statements.repository.js';
import { storeStatements } from './store-statements.js';
import { messageOf } from './validation/problem-messages.js';
import { validateStatement } from './validation/validate-statement.js';

type Json = Record<string, unknown>;

/** The most statements one request may carry. */
export const MAX_BATCH = 2_000;

const notFound = () => new XapiError(404, 'LRS_STATEMENT_NOT_FOUND', { en: 'There is no such statement.', de: 'Diese Aussage gibt es nicht.' });

/** The statements of a POST or PUT body: JSON (one statement or a list of them), each checked against the request's version. */
function sentStatements(call: XapiCall, single: boolean): Json[] {
  const type = (call.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new XapiError(400, 'LRS_CONTENT_TYPE', { en: 'Statements are sent as application/json (or multipart/mixed with attachments).', de: 'Aussagen werden als application/json gesendet (oder multipart/mixed mit Anhängen).' }, 'Content-Type');
  }
  const text = call.body.toString('utf8');
  // PostgreSQL's jsonb cannot hold a NUL character: refused here rather than failing in the insert.
  if (text.includes('\\u0000')) throw badRequest('LRS_JSON_INVALID', { en: 'The statement holds a NUL character (\\u0000).', de: 'Die Aussage enthält ein NUL-Zeichen (\\u0000).' }, 'body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('LRS_JSON_INVALID', { en: 'The body is not valid JSON.', de: 'Der Inhalt ist kein gültiges JSON.' }, 'body');
  }
  const list = Array.isArray(value) && !single ? value : [value];
  if (list.length > MAX_BATCH) throw new XapiError(413, 'LRS_BATCH_TOO_LARGE', { en: `A request may carry at most ${MAX_BATCH} statements.`, de: `Eine Anfrage darf höchstens ${MAX_BATCH} Aussagen enthalten.` }, 'body');
  return list.map((statement, index) => {
    const result = validateStatement(statement, call.version);
    if (!result.ok) {
      const prefix = list === value ? `${index}` : '';
      const field = [prefix, result.field].filter(Boolean).join('.');
      throw new XapiError(400, 'LRS_STATEMENT_INVALID', { en: messageOf({ ...result, field }, 'en'), de: messageOf({ ...result, field }, 'de') }, field || 'statement');
    }
    return statement as Json;
  });
}

async function store(call: XapiCall, client: XapiClient, deps: XapiDeps, statements: Json[]): Promise<string[]> {
  const stored = new Date();
  return duringIngest(stored, () => deps.db.withTenant(client.tenant.id, (tx) => storeStatements(tx, client, call.version, statements, stored)));
}

const consistencyHeader = () => ({ 'x-experience-api-consistent-through': consistentThrough().toISOString() });

function shown(row: StoredStatementRow, format: StatementFormat, call: XapiCall): Json {
  return formatStatement(row.statement, format, languagesFromAcceptLanguage(call.acceptLanguage));
}

async function getStatements(call: XapiCall, client: XapiClient, deps: XapiDeps): Promise<XapiAnswer> {
  const request = statementRequestOf(call.params, call.version);
  const mineOnly = client.actor.kind === 'key' && readsOnlyOwnStatements(client.actor.scopes) ? client.authorityKey : undefined;
  const headers = consistencyHeader();
  if (request.kind === 'single') {
    const [row] = await deps.db.withTenant(client.tenant.id, (tx) => findStatementsByIds(tx, [request.id]));
    if (!row || row.voided !== request.voided) throw notFound();
    if (mineOnly !== undefined && row.authorityKey !== mineOnly) throw notFound();
    return { status: 200, headers: { ...headers, 'last-modified': row.stored.toUTCString() }, body: shown(row, request.format, call) };
  }
  const { query, after } = request.kind === 'more' ? readMoreToken(request.token, call.version) : { query: request.query, after: undefined };
  return listPage(call, client, deps, query, after, mineOnly, headers);
}

async function listPage(call: XapiCall, client: XapiClient, deps: XapiDeps, query: ListQuery, after: { stored: Date; seq: number } | undefined, mineOnly: string | undefined, headers: Record<string, string>): Promise<XapiAnswer> {
  const rows = await deps.db.withTenant(client.tenant.id, (tx) =>
    queryStatements(tx, {
      terms: termsOfQuery(query),
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      authorityKey: mineOnly,
      ascending: query.ascending,
      after,
      limit: query.limit + 1,
    }),
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const more = rows.length > query.limit && last ? `/xapi/statements?more=${moreToken(query, { stored: last.stored, seq: last.seq })}` : '';
  const newest = page.reduce<Date | undefined>((latest, row) => (!latest || row.stored > latest ? row.stored : latest), undefined);
  return {
    status: 200,
    headers: { ...headers, ...(newest ? { 'last-modified': newest.toUTCString() } : {}) },
    body: { statements: page.map((row) => shown(row, query.format, call)), more },
  };
}

/** The Statements resource: PUT one with its id, POST one or a batch, GET one or a filtered, paged list. */
export const statementsResource: XapiResource = {
  PUT: async (call, client, deps) => {
    const id = call.params.get('statementId');
    if (id === undefined) throw badParameter('statementId', 'missing');
    for (const name of call.params.keys()) if (name !== 'statementId') throw badParameter(name, 'unknown');
    const [statement] = sentStatements(call, true);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw badParameter('statementId', 'invalid', 'a UUID');
    if (statement!.id !== undefined && String(statement!.id).toLowerCase() !== id.toLowerCase()) {
      throw badRequest('LRS_STATEMENT_ID_MISMATCH', { en: 'The statement’s id differs from the statementId parameter.', de: 'Die ID der Aussage weicht vom Parameter statementId ab.' }, 'id');
    }
    await store(call, client, deps, [{ ...statement!, id: id.toLowerCase() }]);
    return { status: 204, headers: consistencyHeader() };
  },
  POST: async (call, client, deps) => {
    for (const name of call.params.keys()) throw badParameter(name, 'unknown');
    const ids = await store(call, client, deps, sentStatements(call, false));
    return { status: 200, headers: consistencyHeader(), body: ids };
  },
  GET: getStatements,
  HEAD: getStatements,
};

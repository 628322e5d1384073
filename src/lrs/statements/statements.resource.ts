import { buildMultipartMixed, MultipartError, parseMultipartMixed, type MultipartPartToBuild } from '../attachments/multipart-mixed.js';
import { matchStatementAttachments, StatementAttachmentsError, type ReceivedAttachment } from '../attachments/statement-attachments.js';
import { verifySignedStatement } from '../attachments/statement-signature.js';
import type { XapiAnswer, XapiCall, XapiClient, XapiDeps, XapiResource } from '../xapi/xapi-call.js';
import { badParameter, badRequest, XapiError } from '../xapi/xapi-error.js';
import { languagesFromAcceptLanguage } from './format/accept-language.js';
import { formatStatement } from './format/format-statement.js';
import { consistentThrough, duringIngest } from './ingest-window.js';
import { moreToken, readMoreToken, statementRequestOf, termsOfQuery, type ListQuery, type StatementFormat } from './statement-query.js';
import { findStatementsByIds, queryStatements, type StoredStatementRow } from './statements.repository.js';
import { findAttachmentRows, insertAttachmentRows } from './attachments.repository.js';
import { attachmentHashesOf, keepAttachments } from './keep-attachments.js';
import { prepareStatement } from './prepare-statement.js';
import { storeStatements } from './store-statements.js';
import { messageOf } from './validation/problem-messages.js';
import { validateStatement } from './validation/validate-statement.js';

type Json = Record<string, unknown>;

/** The most statements one request may carry. */
export const MAX_BATCH = 2_000;

const notFound = () => new XapiError(404, 'LRS_STATEMENT_NOT_FOUND', { en: 'There is no such statement.', de: 'Diese Aussage gibt es nicht.' });

/** The most parts a multipart request may have (statements and attachments). */
const MAX_PARTS = 1_000;

const REASONS: Record<string, { en: string; de: string }> = {
  'signature-content-type': { en: 'A signature attachment must have the content type application/octet-stream.', de: 'Ein Signatur-Anhang muss den Inhaltstyp application/octet-stream haben.' },
  'attachment-missing-part': { en: 'An attachment without fileUrl must be sent as a part of a multipart/mixed request.', de: 'Ein Anhang ohne fileUrl muss als Teil einer multipart/mixed-Anfrage gesendet werden.' },
  'part-hash-mismatch': { en: 'A part’s X-Experience-API-Hash is not the SHA-256 of its bytes.', de: 'Der X-Experience-API-Hash eines Teils ist nicht der SHA-256-Wert seiner Bytes.' },
  'part-missing-hash': { en: 'Every attachment part needs the header X-Experience-API-Hash.', de: 'Jeder Anhang-Teil braucht den Header X-Experience-API-Hash.' },
  'part-without-attachment': { en: 'A part is not named by any attachment of the statements (its hash matches no sha2).', de: 'Ein Teil gehört zu keinem Anhang der Aussagen (sein Hash passt zu keinem sha2).' },
  'first-part-not-json': { en: 'The first part must be the statements as application/json.', de: 'Der erste Teil müssen die Aussagen als application/json sein.' },
  'statements-not-json': { en: 'The first part is not valid JSON.', de: 'Der erste Teil ist kein gültiges JSON.' },
  'missing-boundary': { en: 'The Content-Type multipart/mixed names no boundary.', de: 'Der Content-Type multipart/mixed nennt keine Grenze (boundary).' },
  'missing-close-delimiter': { en: 'The multipart body is cut off: its closing boundary is missing.', de: 'Der multipart-Inhalt ist abgeschnitten: die abschließende Grenze fehlt.' },
  'jws-algorithm': { en: 'A signature must use RS256, RS384 or RS512.', de: 'Eine Signatur muss RS256, RS384 oder RS512 verwenden.' },
  'jws-malformed': { en: 'The signature is not a JWS in compact form.', de: 'Die Signatur ist kein JWS in kompakter Form.' },
  'jws-signature-invalid': { en: 'The signature does not verify with the certificate it names.', de: 'Die Signatur lässt sich mit dem genannten Zertifikat nicht bestätigen.' },
  'payload-differs': { en: 'The signed statement differs from the statement sent.', de: 'Die signierte Aussage weicht von der gesendeten ab.' },
};
const reasonText = (reason: string) =>
  REASONS[reason] ?? { en: `The request is malformed (${reason}).`, de: `Die Anfrage ist fehlerhaft (${reason}).` };

/** The body's statements and, for multipart/mixed, the attachments' bytes by sha2. */
function bodyOf(call: XapiCall): { value: unknown; attachments: Map<string, ReceivedAttachment>; multipart: boolean; mayHoldNul: boolean } {
  const type = (call.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/mixed') {
    try {
      const { statements, attachments } = matchStatementAttachments(parseMultipartMixed(call.body, call.contentType!, { maxParts: MAX_PARTS, maxPartHeaderBytes: 8_192 }));
      return { value: statements, attachments, multipart: true, mayHoldNul: true };
    } catch (error) {
      if (error instanceof MultipartError || error instanceof StatementAttachmentsError) {
        throw new XapiError(error instanceof MultipartError ? error.status : 400, 'LRS_MULTIPART_INVALID', reasonText(error.reason), 'body');
      }
      throw error;
    }
  }
  if (type !== 'application/json') {
    throw new XapiError(400, 'LRS_CONTENT_TYPE', { en: 'Statements are sent as application/json (or multipart/mixed with attachments).', de: 'Aussagen werden als application/json gesendet (oder multipart/mixed mit Anhängen).' }, 'Content-Type');
  }
  const text = call.body.toString('utf8');
  try {
    // JSON writes a NUL only as the escape \u0000 (a raw one is no valid JSON): a body without it holds none.
    return { value: JSON.parse(text), attachments: new Map(), multipart: false, mayHoldNul: text.includes('\\u0000') };
  } catch {
    throw badRequest('LRS_JSON_INVALID', { en: 'The body is not valid JSON.', de: 'Der Inhalt ist kein gültiges JSON.' }, 'body');
  }
}

/** Whether a JSON value holds a NUL character anywhere (PostgreSQL's jsonb cannot store one). */
const holdsNul = (value: unknown): boolean => JSON.stringify(value).includes('\\u0000');

interface SentStatements {
  statements: Json[];
  attachments: Map<string, ReceivedAttachment>;
}

/** The statements of a POST or PUT body, each checked against the request's version, with their attachments' bytes and signatures checked. */
async function sentStatements(call: XapiCall, single: boolean): Promise<SentStatements> {
  const { value, attachments, multipart, mayHoldNul } = bodyOf(call);
  if (mayHoldNul && holdsNul(value)) throw badRequest('LRS_JSON_INVALID', { en: 'The statement holds a NUL character (\\u0000).', de: 'Die Aussage enthält ein NUL-Zeichen (\\u0000).' }, 'body');
  const list = Array.isArray(value) && !single ? value : [value];
  if (list.length > MAX_BATCH) throw new XapiError(413, 'LRS_BATCH_TOO_LARGE', { en: `A request may carry at most ${MAX_BATCH} statements.`, de: `Eine Anfrage darf höchstens ${MAX_BATCH} Aussagen enthalten.` }, 'body');
  const statements = list.map((statement, index) => {
    const result = validateStatement(statement, call.version);
    if (!result.ok) {
      const field = [list === value ? `${index}` : '', result.field].filter(Boolean).join('.');
      throw new XapiError(400, 'LRS_STATEMENT_INVALID', { en: messageOf({ ...result, field }, 'en'), de: messageOf({ ...result, field }, 'de') }, field || 'statement');
    }
    return statement as Json;
  });
  for (const statement of statements) {
    // Without multipart, every attachment must point to its bytes elsewhere (fileUrl).
    if (!multipart) {
      const entries = Array.isArray(statement.attachments) ? (statement.attachments as Json[]) : [];
      if (entries.some((entry) => entry.fileUrl === undefined)) throw badRequest('LRS_MULTIPART_INVALID', reasonText('attachment-missing-part'), 'attachments');
    }
    const verdict = await verifySignedStatement(statement, attachments);
    if (!verdict.ok) throw badRequest('LRS_SIGNATURE_INVALID', reasonText(verdict.reason), 'attachments');
  }
  return { statements, attachments };
}

async function store(call: XapiCall, client: XapiClient, deps: XapiDeps, sent: SentStatements): Promise<string[]> {
  await client.gate?.admit(sent.statements);
  const stored = new Date();
  if (client.handOff) {
    // Kept by nobody here: prepared as the LRS would store them, then handed over (their attachments' bytes are not kept).
    const prepared = sent.statements.map((statement) => prepareStatement(statement, { stored, authority: client.authority, version: call.version }));
    await client.handOff(prepared);
    return prepared.map((statement) => statement.id as string);
  }
  const kept = await keepAttachments(deps.storage, client.tenant.id, sent.attachments);
  return duringIngest(stored, () =>
    deps.db.withTenant(client.tenant.id, async (tx) => {
      await insertAttachmentRows(tx, kept);
      const { ids, fresh } = await storeStatements(tx, client, call.version, sent.statements, stored);
      await client.gate?.stored(tx, fresh);
      return ids;
    }),
  );
}

/** `X-Experience-API-Consistent-Through`, on every answer of the Statements resource (refusals too). */
export const consistencyHeader = () => ({ 'x-experience-api-consistent-through': consistentThrough().toISOString() });

function shown(row: StoredStatementRow, format: StatementFormat, call: XapiCall): Json {
  return formatStatement(row.statement, format, languagesFromAcceptLanguage(call.acceptLanguage));
}

async function getStatements(call: XapiCall, client: XapiClient, deps: XapiDeps): Promise<XapiAnswer> {
  const request = statementRequestOf(call.params, call.version);
  const mineOnly = client.ownStatementsOnly ? client.authorityKey : undefined;
  const headers = consistencyHeader();
  // A client whose statements were handed off has none here.
  if (client.handOff) {
    if (request.kind === 'single') throw notFound();
    return { status: 200, headers, body: { statements: [], more: '' } };
  }
  if (request.kind === 'single') {
    const [row] = await deps.db.withTenant(client.tenant.id, (tx) => findStatementsByIds(tx, [request.id]));
    if (!row || row.voided !== request.voided) throw notFound();
    if (mineOnly !== undefined && row.authorityKey !== mineOnly) throw notFound();
    const answer = { status: 200, headers: { ...headers, 'last-modified': row.stored.toUTCString() }, body: shown(row, request.format, call) };
    return request.attachments ? withAttachments(answer, [row.statement], client, deps) : answer;
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
  const answer = {
    status: 200,
    headers: { ...headers, ...(newest ? { 'last-modified': newest.toUTCString() } : {}) },
    body: { statements: page.map((row) => shown(row, query.format, call)), more },
  };
  return query.attachments ? withAttachments(answer, page.map((row) => row.statement), client, deps) : answer;
}

/** The answer as multipart/mixed: the JSON first, then each attachment the statements name whose bytes the LRS holds. */
async function withAttachments(answer: XapiAnswer, statements: Json[], client: XapiClient, deps: XapiDeps): Promise<XapiAnswer> {
  const hashes = [...new Set(statements.flatMap(attachmentHashesOf))];
  const rows = await deps.db.withTenant(client.tenant.id, (tx) => findAttachmentRows(tx, hashes));
  const parts: MultipartPartToBuild[] = [{ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(answer.body) }];
  for (const row of rows) {
    const chunks: Buffer[] = [];
    for await (const chunk of await deps.storage.get(client.tenant.id, row.blob_hash)) chunks.push(chunk as Buffer);
    parts.push({ headers: { 'Content-Type': row.content_type, 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': row.sha2 }, body: Buffer.concat(chunks) });
  }
  const { contentType, body } = buildMultipartMixed(parts);
  return { status: answer.status, headers: { ...answer.headers, 'content-type': contentType }, body };
}

/** The Statements resource: PUT one with its id, POST one or a batch, GET one or a filtered, paged list. */
export const statementsResource: XapiResource = {
  PUT: async (call, client, deps) => {
    const id = call.params.get('statementId');
    if (id === undefined) throw badParameter('statementId', 'missing');
    for (const name of call.params.keys()) if (name !== 'statementId') throw badParameter(name, 'unknown');
    const sent = await sentStatements(call, true);
    const statement = sent.statements[0];
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw badParameter('statementId', 'invalid', 'a UUID');
    if (statement!.id !== undefined && String(statement!.id).toLowerCase() !== id.toLowerCase()) {
      throw badRequest('LRS_STATEMENT_ID_MISMATCH', { en: 'The statement’s id differs from the statementId parameter.', de: 'Die ID der Aussage weicht vom Parameter statementId ab.' }, 'id');
    }
    await store(call, client, deps, { ...sent, statements: [{ ...statement!, id: id.toLowerCase() }] });
    return { status: 204, headers: consistencyHeader() };
  },
  POST: async (call, client, deps) => {
    for (const name of call.params.keys()) throw badParameter(name, 'unknown');
    const ids = await store(call, client, deps, await sentStatements(call, false));
    return { status: 200, headers: consistencyHeader(), body: ids };
  },
  GET: getStatements,
  HEAD: getStatements,
};

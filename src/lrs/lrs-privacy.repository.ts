import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../platform/db/index.js';
import type { PrivacySubject } from '../platform/privacy/index.js';
import { SIGNATURE_USAGE_TYPE } from './attachments/statement-signature.js';
import { looksLikeLrsKey } from './keys/lrs-key-secret.js';
import { SITE_AUTHORITY_ACCOUNT } from './lms/lms-records.js';
import { findStatementsByIds } from './statements/statements.repository.js';
import { inverseFunctionalIdentifierOf } from './statements/validation/validate-agent.js';
import { agentKeyOfIdentifier } from './xapi/identity-keys.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

/**
 * How the LRS may name a person: as an account whose name is their user id (what launches record,
 * `learnerAgent` of Learn, at the site's address or any other), by their e-mail address (`mbox`,
 * compared without case), or by its SHA-1 (`mbox_sha1sum`), as a client with an LRS key may send.
 */
export interface LrsPerson {
  userId: string;
  email: string;
  /** `mailto:<address>` in lower case. */
  mailto: string;
  /** The SHA-1 of `mailto:<address>`, as stored and in lower case. */
  mboxSha1sums: ReadonlySet<string>;
  /** The identifiers the person's documents and terms are keyed by, as far as they can be known without reading statements. */
  identifiers: ReadonlySet<string>;
  /** At erasure: their first and last name, taken out of the free text of the statements that name them. */
  fullName?: string;
}

/** Made once per person: every string of every statement is tested. */
const tracesOfPerson = new WeakMap<LrsPerson, { any: RegExp; every: RegExp }>();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern for a full name in free text, in any letters and spacing, never inside a longer word;
 * none for a name of one word (a lone first name would take others' words out too).
 */
function fullNamePattern(name: string | undefined): string | undefined {
  const words = name?.trim().split(/\s+/) ?? [];
  return words.length < 2 ? undefined : `(?<![\\p{L}\\p{N}])${words.map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}])`;
}

/** What in a text names the person: their address (any letters) and, at erasure, their full name (fullNamePattern). */
function tracesInText(person: LrsPerson): { any: RegExp; every: RegExp } {
  let traces = tracesOfPerson.get(person);
  if (!traces) {
    const name = fullNamePattern(person.fullName);
    const source = [escapeRegExp(person.email), ...(name ? [name] : [])].join('|');
    traces = { any: new RegExp(source, 'iu'), every: new RegExp(source, 'giu') };
    tracesOfPerson.set(person, traces);
  }
  return traces;
}

export function lrsPersonOf(userId: string, subject: PrivacySubject): LrsPerson {
  const home = subject.siteUrl.replace(/\/+$/, '');
  const mailtos = [...new Set([`mailto:${subject.email}`, `mailto:${subject.email.toLowerCase()}`])];
  const mboxSha1sums = new Set(mailtos.map(sha1));
  return {
    userId,
    email: subject.email,
    mailto: `mailto:${subject.email.toLowerCase()}`,
    mboxSha1sums,
    identifiers: new Set([
      `account:${home} ${userId}`,
      `account:${home}/ ${userId}`,
      ...mailtos.map((mailto) => `mbox:${mailto}`),
      ...[...mboxSha1sums].map((hex) => `mbox_sha1sum:${hex}`),
    ]),
  };
}

/** Whether the person made the statement (is its actor): what they attached is theirs (export, erasure). */
export function madeByPerson(statement: Json, person: LrsPerson): boolean {
  return isObject(statement.actor) && isPerson(statement.actor, person);
}

/** Whether an Agent (or Identified Group) of a statement is the person. */
function isPerson(agent: Json, person: LrsPerson): boolean {
  if (typeof agent.mbox === 'string' && agent.mbox.toLowerCase() === person.mailto) return true;
  if (typeof agent.mbox_sha1sum === 'string' && person.mboxSha1sums.has(agent.mbox_sha1sum.toLowerCase())) return true;
  return isObject(agent.account) && agent.account.name === person.userId;
}

const IDENTIFYING = new Set(['name', 'mbox', 'mbox_sha1sum', 'openid', 'account']);

const withoutIdentifiers = (agent: Json): Json => Object.fromEntries(Object.entries(agent).filter(([key]) => !IDENTIFYING.has(key)));

/** How rewriteAgents rewrites a statement's JSON. */
interface AgentRewrite {
  /** What stands instead of an object (an Agent or Group, wherever it stands), or undefined to keep it; what it returns is walked in turn. */
  object(node: Json): Json | undefined;
  /** What stands instead of a string (free text, and every other string). */
  text(value: string): string;
  /** Whether an object stays as it is, not walked. */
  untouched?(node: Json): boolean;
}

/**
 * The JSON with every object and string rewritten (wherever an Agent or Group stands: actor,
 * object, authority, instructor, team, a group's members, context agents, a sub-statement's, and
 * any extension). The same value, not a copy, when nothing changed.
 */
function rewriteAgents(value: unknown, rewrite: AgentRewrite): unknown {
  if (typeof value === 'string') return rewrite.text(value);
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const next = rewriteAgents(item, rewrite);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? items : value;
  }
  if (!isObject(value) || rewrite.untouched?.(value)) return value;
  const source = rewrite.object(value) ?? value;
  let changed = source !== value;
  const out: Json = {};
  for (const [key, item] of Object.entries(source)) {
    const next = rewriteAgents(item, rewrite);
    if (next !== item) changed = true;
    out[key] = next;
  }
  return changed ? out : value;
}

/**
 * The JSON with every Agent or Group that is the person (wherever it stands: actor, object,
 * authority, instructor, team, a group's members, context agents, a sub-statement's) replaced by
 * the pseudonym (no name, no address, only the pseudonymous account), and the person's address
 * taken out of any other text. The same value when nothing names the person. `found` collects the
 * identifiers the person was named by. Without a pseudonym, only tells (by the returned value) whether the person is named.
 */
export function withPersonReplaced(value: unknown, person: LrsPerson, pseudonym: { account: Json; name: string } | null, found: Set<string>): unknown {
  const traces = tracesInText(person);
  return rewriteAgents(value, {
    object(node) {
      if (!isPerson(node, person)) return undefined;
      const identifier = inverseFunctionalIdentifierOf(node);
      if (identifier !== undefined) found.add(identifier);
      return pseudonym ? { objectType: node.objectType ?? 'Agent', ...withoutIdentifiers(node), account: pseudonym.account } : withoutIdentifiers(node);
    },
    // Without a pseudonym any other value says "names the person".
    text: (text) => (!traces.any.test(text) ? text : pseudonym ? text.replace(traces.every, pseudonym.name) : ''),
  });
}

/** What stands in a person's export for another person, a group of people, and another person's address in free text. */
export const ANOTHER_PERSON = 'another person';
export const A_GROUP_OF_PEOPLE = 'a group of people';
export const ANOTHER_PERSONS_ADDRESS = "another person's address";

/** An e-mail address in free text (the address of a `mailto:` IRI too). */
const EMAIL_ADDRESS = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** Whether an object is an Agent or Group: it says so, or has an identifier of one. */
const isAgentOrGroup = (node: Json): boolean =>
  node.objectType === 'Agent' || node.objectType === 'Group' || ['mbox', 'mbox_sha1sum', 'openid', 'account'].some((key) => node[key] !== undefined);

/**
 * Whether a statement's authority is one of the site's own credentials: the site (what its LMS
 * records) or one of its LRS keys (an authoring tool's course, a reporting tool). The LRS sets the
 * authority of every statement it stores from the credential that sent it, whatever the client
 * claimed, so it names a system, never a person.
 */
function isSiteCredential(authority: unknown): boolean {
  if (!isObject(authority) || authority.objectType === 'Group' || !isObject(authority.account)) return false;
  const name = authority.account.name;
  return typeof name === 'string' && (name === SITE_AUTHORITY_ACCOUNT || looksLikeLrsKey(name));
}

/**
 * A statement naming the person as their data export holds it, so that it does not give away
 * other people (GDPR Art. 15(4)): every Agent or Group that is not the person (actor, object,
 * instructor, team, a group's members, context agents, a sub-statement's, in any extension) keeps
 * its place but not its identity: an Agent becomes `{ objectType: 'Agent', name: 'another person' }`,
 * a Group loses its name and identifier (its members are people, each concealed unless the person)
 * and keeps its members. In every string (responses, extensions, attachments' display and
 * description, ...) e-mail addresses other than the person's, and the full names (two words at
 * least) of the others the statement names as Agents, become markers; other free text is as it was
 * recorded. The person's own Agent stays as it is, and so does an authority that is one of the
 * site's credentials (isSiteCredential: a system, and the source of the record, Art. 15(1)(g));
 * any other authority is concealed as well. The same statement, not a copy, when it names nobody else.
 */
export function withOthersConcealed(statement: Json, person: LrsPerson): Json {
  const { authority, ...rest } = statement;
  const keepAuthority = authority === undefined || isSiteCredential(authority);
  const scope = keepAuthority ? rest : statement;

  // The full names of the others the statement names as Agents, not those the person bears in it.
  const names = { own: new Set<string>(), others: new Set<string>() };
  rewriteAgents(scope, {
    object(node) {
      if (isAgentOrGroup(node) && typeof node.name === 'string') names[isPerson(node, person) ? 'own' : 'others'].add(node.name.trim().toLowerCase());
      return undefined;
    },
    text: (text) => text,
  });
  const patternOf = (list: Iterable<string>) => [...list].flatMap((name) => fullNamePattern(name) ?? []).join('|');
  const others = patternOf([...names.others].filter((name) => !names.own.has(name)));
  // Their own names are matched first and kept: another's name may be part of theirs (Maria Smith, Anna Maria Smith).
  const own = patternOf(names.own);
  const othersNames = others ? new RegExp(`(${own || '(?!)'})|(?:${others})`, 'giu') : undefined;
  const ownAddress = person.email.toLowerCase();

  const conceal: AgentRewrite = {
    object(node) {
      if (!isAgentOrGroup(node) || isPerson(node, person)) return undefined;
      if (node.objectType !== 'Group') return { objectType: 'Agent', name: ANOTHER_PERSON };
      const identified = Object.keys(node).some((key) => IDENTIFYING.has(key));
      return { objectType: 'Group', ...(identified ? { name: A_GROUP_OF_PEOPLE } : {}), ...(node.member !== undefined ? { member: node.member } : {}) };
    },
    text(text) {
      const withoutAddresses = text.replace(EMAIL_ADDRESS, (address) => (address.toLowerCase() === ownAddress ? address : ANOTHER_PERSONS_ADDRESS));
      return othersNames ? withoutAddresses.replace(othersNames, (_match, ownName: string | undefined) => ownName ?? ANOTHER_PERSON) : withoutAddresses;
    },
    // The person's own Agent, not a group they are in: its other members are concealed.
    untouched: (node) => node.objectType !== 'Group' && isPerson(node, person),
  };
  if (!keepAuthority) return rewriteAgents(statement, conceal) as Json;
  const concealed = rewriteAgents(rest, conceal) as Json;
  if (concealed === rest) return statement;
  return authority === undefined ? concealed : { ...concealed, authority };
}

const keysOf = (identifiers: Iterable<string>) => [...new Set([...identifiers].map(agentKeyOfIdentifier))];

/** Statements read or rewritten per round trip. */
const CHUNK = 500;

/**
 * The ids of the site's statements whose text holds the person's user id, address (any letters)
 * or its SHA-1: a superset of those that name them, read by one scan of the site's statements
 * (about a second per 400,000). The agent terms would miss an account at an address the site had
 * before, or the address in other letters. Exports and erasures are rare and only a person's or an
 * administrator's.
 */
async function candidateStatementIds(tx: Orm, person: LrsPerson): Promise<string[]> {
  const traces = [person.userId, person.email, ...person.mboxSha1sums].map((trace) => `%${trace.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`);
  const rows = await queryRows<{ id: string }>(tx, sql`select id from xapi_statements where lower(statement::text) like any(${sql.param(traces)}::text[]) order by stored, seq`);
  return rows.map((row) => row.id);
}

/**
 * The statements that name the person (as actor, object, authority, instructor, team member, …,
 * by any of the ways candidateStatementIds finds), oldest first. A statement that only refers to
 * one of theirs (a voiding) names someone else and is not theirs. `found` collects the identifiers
 * they were named by (their documents are keyed by them).
 */
export async function statementsNamingPerson(tx: Orm, person: LrsPerson, found: Set<string> = new Set()): Promise<Json[]> {
  const ids = await candidateStatementIds(tx, person);
  const named: Json[] = [];
  for (let at = 0; at < ids.length; at += CHUNK) {
    const chunk = ids.slice(at, at + CHUNK);
    const byId = new Map((await findStatementsByIds(tx, chunk)).map((row) => [row.id, row.statement as Json]));
    for (const id of chunk) {
      const statement = byId.get(id);
      if (statement && withPersonReplaced(statement, person, null, found) !== statement) named.push(statement);
    }
  }
  return named;
}

const TEXT_TYPE = /^(application\/([\w.+-]*\+)?json|text\/[\w.+-]+)(\s*;.*)?$/i;

/** The person's State and Agent Profile documents (an Activity Profile belongs to an activity, not a person): text as text, other bytes as base64. */
export async function documentsOfPerson(tx: Orm, person: LrsPerson, found: ReadonlySet<string> = new Set()): Promise<Json[]> {
  const rows = await queryRows<{ kind: string; activity_id: string | null; registration: string | null; document_id: string; content_type: string; content: Buffer | Uint8Array; updated_at: Date | string }>(
    tx,
    sql`select kind, activity_id, registration, document_id, content_type, content, updated_at from xapi_documents
         where kind in ('state', 'agent_profile') and agent_key = any(${sql.param(keysOf([...person.identifiers, ...found]))}::uuid[])
         order by updated_at, id`,
  );
  return rows.map((row) => {
    const bytes = Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content);
    const content = TEXT_TYPE.test(row.content_type) ? { content: bytes.toString('utf8') } : { contentBase64: bytes.toString('base64') };
    return {
      kind: row.kind,
      activityId: row.activity_id,
      registration: row.registration,
      documentId: row.document_id,
      contentType: row.content_type,
      updatedAt: row.updated_at instanceof Date ? row.updated_at.toISOString() : row.updated_at,
      ...content,
    };
  });
}

/**
 * The attachments that go from a statement naming the person, their hashes added to `removed`
 * (the attachment rows go when nothing else refers to them):
 *
 * - of a statement the person made (they are its actor): all of them, what they handed in (an
 *   essay, a certificate with their name) is theirs, and no count or score needs it;
 * - of any other: its signature, which no longer fits it once the person is taken out, and whose
 *   JWS holds the statement as it was (their name and address). What others attached stays.
 */
function withoutPersonsAttachments(statement: Json, own: boolean, removed: Set<string>): Json {
  const { attachments, ...rest } = statement;
  if (!Array.isArray(attachments)) return statement;
  const kept = attachments.filter((entry) => {
    if (!own && isObject(entry) && entry.usageType !== SIGNATURE_USAGE_TYPE) return true;
    if (isObject(entry) && typeof entry.sha2 === 'string') removed.add(entry.sha2);
    return false;
  });
  if (kept.length === attachments.length) return statement;
  return kept.length > 0 ? { ...rest, attachments: kept } : rest;
}

/**
 * Takes the person out of the site's LRS, keeping the learning records countable:
 *
 * - every statement that names them (wherever: any Agent that is them, their address in any text)
 *   names one pseudonymous account instead (`erased-<random uuid>` at the site's address, no name,
 *   the same for all their statements, tied to nothing else), so counts, scores and completions stay
 *   and nobody can be told from it. The statements are found by a scan of the site's statements
 *   for the user id, the address and its SHA-1 (erasures are rare and only an administrator's; the
 *   agent terms would miss an account at an address the site had before, or the address in other
 *   letters);
 * - their agent terms point at the pseudonym: filtering by the old agent finds nothing, by the pseudonym all;
 * - their State and Agent Profile documents (bookmarks, answers, preferences) are deleted;
 * - the attachments of the statements they made, and the signatures of other statements that
 *   named them, are removed (withoutPersonsAttachments).
 */
export async function erasePersonFromLrs(tx: Orm, person: LrsPerson, siteUrl: string): Promise<Record<string, number>> {
  const pseudonymName = `erased-${randomUUID()}`;
  const pseudonym = { name: pseudonymName, account: { homePage: siteUrl, name: pseudonymName } };
  const found = new Set<string>(person.identifiers);

  const candidates = await candidateStatementIds(tx, person);
  let statements = 0;
  const attachments = new Set<string>();
  for (let at = 0; at < candidates.length; at += CHUNK) {
    const rows = await findStatementsByIds(tx, candidates.slice(at, at + CHUNK));
    const rewritten = rows.flatMap((row) => {
      const next = withPersonReplaced(row.statement, person, pseudonym, found);
      if (next === row.statement) return [];
      const own = madeByPerson(row.statement, person);
      return [{ id: row.id, statement: withoutPersonsAttachments(next as Json, own, attachments) }];
    });
    if (rewritten.length === 0) continue;
    await tx.execute(
      sql`update xapi_statements s set statement = v.statement
            from jsonb_to_recordset(${JSON.stringify(rewritten)}::jsonb) as v(id uuid, statement jsonb)
           where s.id = v.id`,
    );
    statements += rewritten.length;
  }

  // The attachments' rows go unless another statement still names the same bytes; the store's collector then deletes the blobs.
  const [detached] = attachments.size === 0 ? [{ n: 0 }] : await queryRows<{ n: number }>(
    tx,
    sql`with still as (select distinct entry->>'sha2' as sha2
                         from xapi_statements s
                              cross join lateral jsonb_array_elements(case when jsonb_typeof(s.statement->'attachments') = 'array' then s.statement->'attachments' else '[]'::jsonb end) entry
                        where entry->>'sha2' = any(${sql.param([...attachments])}::text[])),
             gone as (delete from xapi_attachments where sha2 = any(${sql.param([...attachments])}::text[]) and sha2 not in (select sha2 from still) returning 1)
        select count(*)::int as n from gone`,
  );

  const oldKeys = keysOf(found);
  const newKey = agentKeyOfIdentifier(`account:${siteUrl} ${pseudonymName}`);
  // A statement keeps one row per key: plain where any of the person's keys was plain (the broad filters read both kinds).
  const [terms] = await queryRows<{ n: number }>(
    tx,
    sql`with gone as (delete from xapi_statement_terms where term_key = any(${sql.param(oldKeys)}::uuid[]) returning stored, seq, related),
             moved as (insert into xapi_statement_terms (term_key, related, stored, seq)
                       select ${newKey}::uuid, bool_and(related), stored, seq from gone group by stored, seq returning 1)
        select count(*)::int as n from moved`,
  );
  const [documents] = await queryRows<{ n: number }>(
    tx,
    sql`with gone as (delete from xapi_documents where kind in ('state', 'agent_profile') and agent_key = any(${sql.param(oldKeys)}::uuid[]) returning 1)
        select count(*)::int as n from gone`,
  );
  return { statementsAnonymised: statements, attachmentsRemoved: detached?.n ?? 0, statementTermsMoved: terms?.n ?? 0, documentsDeleted: documents?.n ?? 0 };
}

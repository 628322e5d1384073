import type { Orm } from '../../platform/db/index.js';
import type { XapiClient } from '../xapi/xapi-call.js';
import { badRequest, XapiError } from '../xapi/xapi-error.js';
import type { XapiVersion } from '../xapi/xapi-version.js';
import { equivalentStatements } from '../attachments/statement-equivalence.js';
import { prepareStatement, VOIDED_VERB } from './prepare-statement.js';
import { oncePerKey, termsOf, type StatementTerm } from './statement-terms.js';
import { findStatementsByIds, insertStatements, markVoided, type NewStatementRow } from './statements.repository.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isVoiding = (statement: Json) => isObject(statement.verb) && statement.verb.id === VOIDED_VERB;
const targetOf = (statement: Json): string | null =>
  isObject(statement.object) && statement.object.objectType === 'StatementRef' && typeof statement.object.id === 'string' ? statement.object.id.toLowerCase() : null;

/** The most references a statement's filter terms follow (a targets b targets c …): a bound against hostile chains. */
const MAX_REFERENCE_DEPTH = 10;

/**
 * The terms a statement is found by: its own, and those of the statement it targets (recursively),
 * as the StatementRef filter rule of GET /xapi/statements requires. Targets stored earlier are read
 * from the database, targets in the same batch from the batch.
 */
async function termsWithTargets(tx: Orm, statement: Json, batch: Map<string, Json>): Promise<StatementTerm[]> {
  // The targets' terms with the statement's own, each key once (a target's plain row may repeat a broad one of the statement's).
  const terms = termsOf(statement);
  let target = targetOf(statement);
  for (let depth = 0; target !== null && depth < MAX_REFERENCE_DEPTH; depth += 1) {
    const next: Json | undefined = batch.get(target) ?? (await findStatementsByIds(tx, [target]))[0]?.statement;
    if (!next) break;
    terms.push(...termsOf(next));
    target = targetOf(next);
  }
  return oncePerKey(terms);
}

/** Two words on one activity as one: the later wins per property, the languages of name and description add up (as insertStatements does with the stored one). */
function mergedDefinition(earlier: unknown, later: Json): Json {
  if (!isObject(earlier)) return later;
  const merged: Json = { ...earlier, ...later };
  for (const map of ['name', 'description']) {
    if (isObject(earlier[map]) && isObject(later[map])) merged[map] = { ...earlier[map], ...later[map] };
  }
  return merged;
}

function activityDefinitions(statements: Json[]): Map<string, unknown> {
  const definitions = new Map<string, unknown>();
  for (const statement of statements) {
    const object = statement.object;
    if (isObject(object) && (object.objectType === undefined || object.objectType === 'Activity') && typeof object.id === 'string' && isObject(object.definition)) {
      definitions.set(object.id, mergedDefinition(definitions.get(object.id), object.definition));
    }
  }
  return definitions;
}

const conflict = (id: string) =>
  new XapiError(409, 'LRS_STATEMENT_CONFLICT', { en: `A different statement with the id ${id} is already stored; statements cannot be changed.`, de: `Eine andere Aussage mit der ID ${id} ist bereits gespeichert; Aussagen lassen sich nicht ändern.` }, 'id');

/**
 * Stores valid statements as one transaction: ids are filled in, a statement sent again unchanged
 * (by the specification's comparison rules) is accepted without a change, one with an id already used by a different statement refuses the
 * whole batch (409), a voiding statement voids its target (which must not be a voiding statement
 * itself). Returns the ids in the order sent, and the statements newly stored (as stored).
 */
export async function storeStatements(tx: Orm, client: Pick<XapiClient, 'authority' | 'authorityKey'>, version: XapiVersion, sent: Json[], stored: Date): Promise<{ ids: string[]; fresh: Json[] }> {
  const prepared = sent.map((statement) => prepareStatement(statement, { stored, authority: client.authority, version }));
  const ids = prepared.map((statement) => statement.id as string);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw badRequest('LRS_STATEMENT_ID_TWICE', { en: `The batch holds the id ${id} twice.`, de: `Der Stapel enthält die ID ${id} zweimal.` }, 'id');
    seen.add(id);
  }
  // Only an id the client sent can be stored already: the LRS's own are new random UUIDs.
  const sentIds = ids.filter((_, index) => typeof sent[index]!.id === 'string');
  const existing = new Map((await findStatementsByIds(tx, sentIds)).map((row) => [row.id, row]));
  const fresh: Json[] = [];
  sent.forEach((statement, index) => {
    const before = existing.get(ids[index]!);
    if (!before) fresh.push(prepared[index]!);
    else if (!equivalentStatements(statement, before.statement)) throw conflict(ids[index]!);
  });

  const batch = new Map(fresh.map((statement) => [statement.id as string, statement]));
  const voidedIds: string[] = [];
  const targets = [...new Set(fresh.filter(isVoiding).map(targetOf).filter((id): id is string => id !== null))];
  const storedTargets = new Map((await findStatementsByIds(tx, targets.filter((id) => !batch.has(id)))).map((row) => [row.id, row.statement]));
  for (const target of targets) {
    const statement = batch.get(target) ?? storedTargets.get(target);
    if (statement && isVoiding(statement)) {
      throw badRequest('LRS_VOIDING_A_VOIDING_STATEMENT', { en: 'A voiding statement cannot be voided.', de: 'Eine Aussage, die eine andere ungültig macht, kann nicht selbst ungültig gemacht werden.' }, 'object.id');
    }
    if (statement) voidedIds.push(target);
  }

  const rows: NewStatementRow[] = [];
  for (const statement of fresh) {
    rows.push({ id: statement.id as string, stored, targetId: targetOf(statement), authorityKey: client.authorityKey, statement, terms: await termsWithTargets(tx, statement, batch) });
  }
  // The definitions of the batch's activities are written with the statements, where they add something to what is stored.
  await insertStatements(tx, rows, activityDefinitions(fresh));
  await markVoided(tx, voidedIds);
  return { ids, fresh };
}

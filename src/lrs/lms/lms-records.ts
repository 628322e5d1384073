import type { Orm } from '../../platform/db/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import { preconditionsOf } from '../documents/document-preconditions.js';
import type { DocumentKey } from '../documents/documents.repository.js';
import { writeDocument } from '../documents/documents.service.js';
import { storeStatements } from '../statements/store-statements.js';
import { inverseFunctionalIdentifierOf } from '../statements/validation/validate-agent.js';
import { validateStatement } from '../statements/validation/validate-statement.js';
import { agentKeyOfIdentifier } from '../xapi/identity-keys.js';

/*
 * What an LMS built on the LRS (Learn's cmi5 launches) records itself, in its own transaction:
 * the statements the LMS issues (launched, satisfied, abandoned, waived) and the State documents
 * it writes for a launch (LMS.LaunchData). They are stored as any client's would be, with the
 * site as their authority and the attempt's authority key, so the launched course reads them.
 */

type Json = Record<string, unknown>;

/** Who records as the LMS: the site, for one registration's launch credential. */
export interface LmsRecorder {
  tenant: Tenant;
  siteUrl: string;
  /** The authority key of the launch whose course may read these records (`launch:<attempt id>`). */
  authorityKey: string;
}

/** The account name of the site's own authority (at the site's address). */
export const SITE_AUTHORITY_ACCOUNT = 'lectern';

/** The Agent that stands for the site as the authority of what its LMS records. */
export function siteAuthority(tenant: Tenant, siteUrl: string): Json {
  return { objectType: 'Agent', name: tenant.name, account: { homePage: siteUrl, name: SITE_AUTHORITY_ACCOUNT } };
}

/** Stores statements the LMS issues (each checked like any client's: a fault here is the LMS's own). */
export async function storeLmsStatements(tx: Orm, recorder: LmsRecorder, statements: Json[]): Promise<void> {
  if (statements.length === 0) return;
  for (const statement of statements) {
    const verdict = validateStatement(statement, '1.0');
    if (!verdict.ok) throw new Error(`LMS statement invalid: ${verdict.field ?? ''} ${verdict.problem}`);
  }
  await storeStatements(tx, { authorityKey: recorder.authorityKey, authority: siteAuthority(recorder.tenant, recorder.siteUrl) }, '1.0', statements, new Date());
}

/** The key under which the document resources keep an Agent's documents. */
export function agentKeyOfAgent(agent: Json): string {
  const identifier = inverseFunctionalIdentifierOf(agent);
  if (identifier === undefined) throw new Error('agentKeyOfAgent: the agent has no identifier');
  return agentKeyOfIdentifier(identifier);
}

/** Writes (or replaces) a State document as JSON: what the LMS tells an AU before it launches. */
export async function putLmsStateDocument(tx: Orm, key: { activityId: string; agent: Json; registration: string; stateId: string }, document: Json): Promise<void> {
  const documentKey: DocumentKey = { kind: 'state', activityId: key.activityId, agentKey: agentKeyOfAgent(key.agent), registration: key.registration, documentId: key.stateId };
  await writeDocument(tx, documentKey, {
    method: 'PUT',
    contentType: 'application/json',
    body: Buffer.from(JSON.stringify(document), 'utf8'),
    preconditions: preconditionsOf({ ifMatch: undefined, ifNoneMatch: undefined }),
    unconditionalPut: 'overwrite',
  });
}

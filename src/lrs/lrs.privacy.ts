import { extension } from 'mime-types';
import { jsonFile, type AreaPrivacy, type StoredExportFile } from '../platform/privacy/index.js';
import { SIGNATURE_USAGE_TYPE } from './attachments/statement-signature.js';
import { documentsOfPerson, erasePersonFromLrs, lrsPersonOf, madeByPerson, statementsNamingPerson, withOthersConcealed, type LrsPerson } from './lrs-privacy.repository.js';
import { findAttachmentRows } from './statements/attachments.repository.js';
import { attachmentHashesOf } from './statements/keep-attachments.js';
import type { Orm } from '../platform/db/index.js';

type Json = Record<string, unknown>;

const withoutSignature = (statement: Json): Json =>
  Array.isArray(statement.attachments) ? { ...statement, attachments: statement.attachments.filter((entry: Json) => entry.usageType !== SIGNATURE_USAGE_TYPE) } : statement;

/**
 * The bytes of the attachments of the statements the person made (they are its actor): what they
 * handed in, the same ones erasure removes. Named by their SHA-256, as the statements name them,
 * with the extension of their declared type (`.bin` when it has none). A statement's signature only
 * when the statement names nobody else: its JWS holds the statement as signed, the others with it.
 */
async function attachmentFilesOf(tx: Orm, statements: readonly { stored: Json; exported: Json }[], person: LrsPerson): Promise<StoredExportFile[]> {
  const own = statements.filter(({ stored }) => madeByPerson(stored, person));
  const hashes = [...new Set(own.flatMap(({ stored, exported }) => attachmentHashesOf(exported === stored ? stored : withoutSignature(stored))))];
  const rows = await findAttachmentRows(tx, hashes);
  return rows
    .sort((a, b) => a.sha2.localeCompare(b.sha2))
    .map((row) => ({ name: `xapi-attachments/${row.sha2}.${extension(row.content_type) || 'bin'}`, blobHash: row.blob_hash }));
}

/**
 * The LRS's part of a person's data export and erasure (docs/privacy.md). A person is named in
 * xAPI by the account of their user id (launches) or by their e-mail address (any client).
 * Export: the statements that name them, with every other person in them concealed
 * (withOthersConcealed), the files they attached to their own, and their State and Agent Profile
 * documents. Erasure: the statements stay as learning records (counts, scores,
 * completions), naming one pseudonymous account instead of the person; their documents and the
 * files they attached are deleted.
 */
export const lrsPrivacy: AreaPrivacy = {
  async exportUser(tx, userId, subject) {
    const person = lrsPersonOf(userId, subject);
    // The identifiers the statements name them by key their documents too (an address in other letters).
    const found = new Set<string>();
    const statements = (await statementsNamingPerson(tx, person, found)).map((stored) => ({ stored, exported: withOthersConcealed(stored, person) }));
    return [
      jsonFile('xapi-statements.json', statements.map(({ exported }) => exported)),
      jsonFile('xapi-documents.json', await documentsOfPerson(tx, person, found)),
      ...(await attachmentFilesOf(tx, statements, person)),
    ];
  },
  eraseUser: (tx, userId, erased) => erasePersonFromLrs(tx, { ...lrsPersonOf(userId, erased), fullName: erased.formerName }, erased.siteUrl),
};

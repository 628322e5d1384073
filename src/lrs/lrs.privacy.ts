import { jsonFile, type AreaPrivacy } from '../platform/privacy/index.js';
import { documentsOfPerson, erasePersonFromLrs, lrsPersonOf, statementsNamingPerson } from './lrs-privacy.repository.js';

/**
 * The LRS's part of a person's data export and erasure (docs/privacy.md). A person is named in
 * xAPI by the account of their user id (launches) or by their e-mail address (any client).
 * Export: the statements that name them and their State and Agent Profile documents. Erasure:
 * the statements stay as learning records (counts, scores, completions), naming one pseudonymous
 * account instead of the person; their documents are deleted.
 */
export const lrsPrivacy: AreaPrivacy = {
  async exportUser(tx, userId, subject) {
    const person = lrsPersonOf(userId, subject);
    // The identifiers the statements name them by key their documents too (an address in other letters).
    const found = new Set<string>();
    const statements = await statementsNamingPerson(tx, person, found);
    return [jsonFile('xapi-statements.json', statements), jsonFile('xapi-documents.json', await documentsOfPerson(tx, person, found))];
  },
  eraseUser: (tx, userId, erased) => erasePersonFromLrs(tx, { ...lrsPersonOf(userId, erased), fullName: erased.formerName }, erased.siteUrl),
};

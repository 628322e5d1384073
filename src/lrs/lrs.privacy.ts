import { jsonFile, type AreaPrivacy } from '../platform/privacy/index.js';
import { statementsAboutUser } from './lrs-privacy.repository.js';

/**
 * The LRS's part of a person's export: the xAPI statements about them. At erasure statements
 * stay (immutable, as the xAPI specification requires): their actor is the account's id, which
 * now belongs to the anonymised account.
 */
export const lrsPrivacy: AreaPrivacy = {
  async exportUser(tx, userId) {
    const rows = await statementsAboutUser(tx, userId);
    return [jsonFile('xapi-statements.json', rows.map((row) => row.statement))];
  },
  eraseUser: () => Promise.resolve({}),
};

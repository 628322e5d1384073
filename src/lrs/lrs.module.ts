import { tablesOf, type AreaModule } from '../platform/modules/index.js';
import { lrsPrivacy } from './lrs.privacy.js';
import * as documentsSchema from './documents/documents.schema.js';
import { lrsKeysPolicy } from './keys/lrs-keys.policy.js';
import { lrsKeyPrivileges } from './keys/lrs-keys.privileges.js';
import * as keysSchema from './keys/lrs-keys.schema.js';
import { lrsErrorFragments } from './lrs.errors.js';
import { lrsRoutes } from './lrs.routes.js';
import * as statementsSchema from './statements/statements.schema.js';
import { xapiPolicy } from './xapi/xapi.policy.js';
import { referencedAttachmentBlobs } from './statements/attachments.repository.js';

/**
 * The Learning Record Store as the platform sees it: a module of its own (Learn plays xAPI and cmi5
 * courses through it; any xAPI client of a site may use it with an LRS key).
 */
export const lrsModule: AreaModule = {
  name: 'lrs',
  errors: lrsErrorFragments,
  policies: [lrsKeysPolicy, xapiPolicy],
  routes: lrsRoutes,
  // Its keys are privileges: the platform's access review lists and revokes them.
  privileges: [lrsKeyPrivileges],
  // Statements' attachments: the blobs the store's collector must keep.
  blobReferences: ({ db }) => (tenantId, hashes) => db.withTenant(tenantId, (tx) => referencedAttachmentBlobs(tx, hashes)),
  // The xAPI statements about a person in their export.
  privacy: lrsPrivacy,
  schema: tablesOf(keysSchema, statementsSchema, documentsSchema),
};

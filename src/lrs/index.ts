// The LRS's public entry: what other areas and the top of the application may use.
export { lrsModule } from './lrs.module.js';
export { createLrsKeyFromCommandLine, lrsKeysFromCommandLine, revokeLrsKeyFromCommandLine } from './keys/lrs-keys.service.js';
export { LRS_SCOPES, type LrsScope } from './keys/lrs-keys.contract.js';

// The LRS's public entry: what other areas and the top of the application may use.
export { lrsModule } from './lrs.module.js';
export { createLrsKeyFromCommandLine, lrsKeysFromCommandLine, revokeLrsKeyFromCommandLine } from './keys/lrs-keys.service.js';
export { LRS_SCOPES, type LrsScope } from './keys/lrs-keys.contract.js';
// Learn's launched xAPI and cmi5 courses reach the LRS on the content origin with their launch credential.
export { xapiContentRoutes } from './lrs.routes.js';
export type { XapiAuthenticator } from './xapi/xapi-scope.js';
export type { DocumentGate, DocumentRequest, GivenDocument, StatementGate, XapiClient } from './xapi/xapi-call.js';
export { agentKeyOfAgent, putLmsStateDocument, siteAuthority, storeLmsStatements, type LmsRecorder } from './lms/lms-records.js';
export { XapiError } from './xapi/xapi-error.js';
export { xapiPolicy, type XapiAction } from './xapi/xapi.policy.js';
// Learn's reports show an attempt's statements (registration = the attempt's id) as a timeline.
export { listStatementsOfRegistration, type RegistrationPage, type RegistrationStatement, type StatementPosition } from './statements/registration-statements.js';

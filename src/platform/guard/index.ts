// The public entry of platform/guard for the areas.
export { addressSubject } from './client-address.js';
export type { Budget, TrafficBudgets } from './traffic-budgets.js';
// Areas with credentials of their own (LRS keys) check them the one way every credential is checked.
export { accept, guardedCredentialCheck, refuse, type CredentialVerdict } from './credential-check.js';
export { RetryLaterError } from './retry-later.js';

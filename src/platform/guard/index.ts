// The public entry of platform/guard for the areas.
export { addressSubject } from './client-address.js';
export type { Budget, TrafficBudgets } from './traffic-budgets.js';

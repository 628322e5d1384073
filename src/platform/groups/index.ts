// The public entry of platform/groups for the areas; the tables are public in groups.schema.ts. Listeners are
// declared in the area's module (AreaModule.listeners), not registered by the area itself.
export { lockGroupTree, type GroupChangeListener, type MembershipChange } from './group-changes.js';

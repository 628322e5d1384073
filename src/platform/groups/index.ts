// The public entry of platform/groups for the areas; the tables are public in groups.schema.ts. Listeners are
// declared in the area's module (AreaModule.listeners), not registered by the area itself.
export { lockGroupTree, type GroupChangeListener, type MembershipChange } from './group-changes.js';
// Groups an area keeps for the people it brings in (the store's seat packs).
export { changeAreaGroupMembers, createAreaGroup } from './area-groups.js';

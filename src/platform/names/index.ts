// The public entry of platform/names for the areas (the rule is also public in display-name.contract.ts, shared with the web app).
export { displayName } from './display-name.contract.js';

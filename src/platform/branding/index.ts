// The public entry of platform/branding for the areas.
export { siteNameOf } from './branding.service.js';

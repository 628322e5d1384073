// The public entry of platform/branding for the areas.
export { publicBrandingOf, readLogo, siteNameOf } from './branding.service.js';

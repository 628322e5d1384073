// The public entry of platform/secrets for the areas: values sealed with the server's secret key.
export { secretBox } from './installed-secret-box.js';
export type { SecretBox } from './secret-box.js';

// The public entry of platform/tenancy for the areas.
export { tenantOf } from './tenant-resolver.js';
export { findTenantById, listTenants, type Tenant } from './tenants.repository.js';
export { siteUrlOf } from './site-url.js';
export { settingsOf } from './tenant-settings.js';
export { defineSettingsSection, sectionSettingsOf, type SettingsSection } from './settings-sections.js';

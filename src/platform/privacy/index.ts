// The public entry of platform/privacy: what an area brings to a person's export and erasure.
export type { AreaPrivacy, ErasedIdentity, ExportFile, PrivacySubject } from './area-privacy.js';
export { csvFile, jsonFile } from './export-files.js';

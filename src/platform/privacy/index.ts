// The public entry of platform/privacy: what an area brings to a person's export and erasure.
export type { AreaPrivacy, ErasedIdentity, ExportFile, PrivacySubject, StoredExportFile, TextExportFile } from './area-privacy.js';
export { csvFile, jsonFile, storedFile } from './export-files.js';

// The public entry of platform/http for the areas (lint: an area imports a platform module only through its public files).
export { AppError, errorBody, errorMessage, localiseFields, type CatalogueEntry, type ErrorCode, type FieldProblem, type LocalisedText } from './errors.js';
export type { Language } from './language.js';
export { requestLanguage } from './request-context.js';
export { registerJsonBodyParser } from './json-body.js';
export { FORM_BODY_LIMIT, formFields, registerFormBody } from './form-body.js';
export { declaredLength, readAtMost, readingBody } from './binary-body.js';
export { chunkBytesOf, parseContentRange, writeBodyToFile, type BodyOutcome, type ChunkBytes } from './receive-body.js';
export { contentOriginOf, hostnameOfOrigin } from './content-origin.js';
export type { FieldLabels } from './validation-messages.js';
export { csvDialectOf, csvLine, csvText, formatUtcMinute, UTF8_BOM, type CsvDialect } from './csv-text.js';
export { byteRangeOf, isNotModified, rangeSatisfiable, type FileValidators } from './conditional-get.js';
export { escapeHtml } from './html-page.js';
export { noteRefusal } from './error-handler.js';
export { pickLanguage } from './language.js';

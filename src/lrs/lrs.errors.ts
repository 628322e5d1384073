import { lrsKeyErrors } from './keys/lrs-keys.errors.js';

/** The error codes of the LRS area in the app's catalogue (the xAPI resources refuse in the LRS's own shape). */
export const lrsErrorFragments = { lrsKeyErrors };

declare module '../platform/http/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ErrorCatalogue extends LrsErrors {}
}
type LrsErrors = typeof lrsKeyErrors;

import type { OpenXapiResource } from './xapi-call.js';
import { SUPPORTED_VERSIONS } from './xapi-version.js';

/** GET /xapi/about: the versions this LRS speaks; open to anybody, with or without a version header. */
export const aboutResource: OpenXapiResource = {
  GET: async () => ({ status: 200, body: { version: SUPPORTED_VERSIONS, extensions: {} } }),
  HEAD: async () => ({ status: 200, body: { version: SUPPORTED_VERSIONS, extensions: {} } }),
};

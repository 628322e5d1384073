import type { FastifyRequest } from 'fastify';
import type { XapiCall, XapiMethod } from './xapi-call.js';
import { badParameter, badRequest, XapiError } from './xapi-error.js';
import { versionLineOf, type XapiVersion } from './xapi-version.js';

const METHODS = new Set<XapiMethod>(['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);

/** The request's version line; About is the one resource that answers without one (in the `unnamed` line). */
function versionOf(header: string | undefined, required: boolean, unnamed: XapiVersion): XapiVersion {
  const line = versionLineOf(header);
  if (line) return line;
  if (!required && header === undefined) return unnamed;
  throw new XapiError(
    400,
    header === undefined ? 'LRS_VERSION_MISSING' : 'LRS_VERSION_UNSUPPORTED',
    header === undefined
      ? { en: 'The header X-Experience-API-Version is required.', de: 'Der Header X-Experience-API-Version fehlt.' }
      : { en: `This LRS does not speak xAPI version ${header} (it speaks 1.0.x and 2.0.0).`, de: `Dieser LRS spricht die xAPI-Version ${header} nicht (sondern 1.0.x und 2.0.0).` },
    'X-Experience-API-Version',
  );
}

/** Query parameters by exact name; a name given twice is refused (which one would count?). */
export function parametersOf(search: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) {
    if (params.has(name)) throw badParameter(name, 'twice');
    params.set(name, value);
  }
  return params;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** The headers the alternate syntax carries as form fields (names compared without case, as headers are). */
const FORM_HEADERS = ['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match', 'accept-language'];

/** An xAPI request and its credentials, whichever syntax it came in. */
export interface NormalisedRequest {
  call: XapiCall;
  authorization: string | undefined;
}

/** The query parameters of a request, by their exact names. */
export const queryOf = (request: FastifyRequest): Map<string, string> => {
  const url = request.raw.url ?? '';
  const query = url.indexOf('?');
  return parametersOf(query >= 0 ? url.slice(query + 1) : '');
};

/** Whether a request's query names the alternate request syntax (`method`): its credential is in the form, read with the body. */
export const isAlternateSyntax = (params: ReadonlyMap<string, string>): boolean => params.has('method');

/**
 * A request in the plain syntax from its head alone (method, query, headers): everything but the
 * body, so its version and credential are checked before the body is read. The body is added to
 * the call once it is (`body`, empty until then).
 */
export function plainRequest(request: FastifyRequest, params: Map<string, string>, options: { versionRequired: boolean; unnamedVersion: XapiVersion }): NormalisedRequest {
  return {
    call: {
      method: request.method as XapiMethod,
      params,
      version: versionOf(header(request, 'x-experience-api-version'), options.versionRequired, options.unnamedVersion),
      contentType: header(request, 'content-type'),
      ifMatch: header(request, 'if-match'),
      ifNoneMatch: header(request, 'if-none-match'),
      acceptLanguage: header(request, 'accept-language'),
      body: Buffer.alloc(0),
      alternate: false,
    },
    authorization: header(request, 'authorization'),
  };
}

/** The bytes Fastify read of a request's body (none when it had none). */
export const bodyOf = (request: FastifyRequest): Buffer => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));

/**
 * Reads a request in 1.0.x's alternate request syntax (a POST whose only query parameter is
 * `method`, with headers, parameters and content as form fields): it becomes the request it stands
 * for; 2.0.0 no longer has it and refuses it. Its credentials come from the form or, as clients
 * also send them, from the header (browsers never keep the LRS's credentials for another site's
 * form to borrow: the LRS's challenge is no Basic prompt, xapi-auth.ts).
 */
export function alternateRequest(request: FastifyRequest, params: Map<string, string>, options: { versionRequired: boolean; unnamedVersion: XapiVersion }): NormalisedRequest {
  const method = params.get('method') ?? '';
  const body = bodyOf(request);
  const notAllowed = (detail: string) => badParameter('method', 'not-allowed', detail);
  if (request.method !== 'POST') throw notAllowed('the alternate request syntax is a POST');
  if (params.size > 1) throw badParameter([...params.keys()].find((name) => name !== 'method')!, 'not-allowed', 'the alternate request syntax carries its parameters in the form');
  const upper = method.toUpperCase();
  if (!METHODS.has(upper as XapiMethod) || upper === 'POST') throw badParameter('method', 'invalid', 'GET, HEAD, PUT or DELETE');
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(header(request, 'content-type') ?? '')) {
    throw badRequest('LRS_ALTERNATE_SYNTAX_FORM', { en: 'A request in the alternate syntax is a form (application/x-www-form-urlencoded).', de: 'Eine Anfrage in der alternativen Syntax ist ein Formular (application/x-www-form-urlencoded).' }, 'Content-Type');
  }
  const form = parametersOf(body.toString('utf8'));
  const fields = new Map<string, string>();
  const formParams = new Map<string, string>();
  let content = '';
  for (const [name, value] of form) {
    const lower = name.toLowerCase();
    if (FORM_HEADERS.includes(lower)) fields.set(lower, value);
    else if (name === 'content') content = value;
    else formParams.set(name, value);
  }
  const version = versionOf(fields.get('x-experience-api-version') ?? request.headers['x-experience-api-version']?.toString(), options.versionRequired, options.unnamedVersion);
  if (version === '2.0') throw notAllowed('xAPI 2.0.0 has no alternate request syntax');
  return {
    call: {
      method: upper as XapiMethod,
      params: formParams,
      version,
      // The content of a form is JSON unless the form says otherwise (statements, JSON documents).
      contentType: fields.get('content-type') ?? 'application/json',
      ifMatch: fields.get('if-match'),
      ifNoneMatch: fields.get('if-none-match'),
      acceptLanguage: fields.get('accept-language') ?? header(request, 'accept-language'),
      body: Buffer.from(content, 'utf8'),
      alternate: true,
    },
    authorization: fields.get('authorization') ?? header(request, 'authorization'),
  };
}

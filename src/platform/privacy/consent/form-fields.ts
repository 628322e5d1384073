import type { FastifyInstance } from 'fastify';
import { AppError } from '../../http/errors.js';
import { registerFormBody } from '../../http/form-body.js';

/** A one-click request or a page's button: one or two short fields, far below this. */
const FORM_BODY_LIMIT = 4 * 1024;

type Fields = Record<string, string>;

function addField(fields: Fields, name: string, value: string): Error | undefined {
  if (name.includes('\u0000') || value.includes('\u0000')) return new AppError('HTTP_NUL_CHARACTER');
  if (!(name in fields)) fields[name] = value;
  return undefined;
}

/**
 * The text fields of a multipart/form-data body (RFC 7578), which RFC 8058 asks mail providers to
 * send their one-click POST as: each part's name from its Content-Disposition, its value as text.
 * Parts with a file name are skipped; nothing here is an upload.
 */
export function multipartFields(body: string, contentType: string): Fields | Error {
  const boundary = /boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const delimiter = boundary?.[1] ?? boundary?.[2];
  if (!delimiter) return new AppError('HTTP_BAD_REQUEST');
  const fields = Object.create(null) as Fields;
  for (const part of body.split(`--${delimiter}`).slice(1)) {
    if (part.startsWith('--')) break;
    const at = part.search(/\r?\n\r?\n/);
    if (at < 0) continue;
    const head = part.slice(0, at);
    const value = part.slice(at).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, '');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined || /\bfilename=/i.test(disposition)) continue;
    const problem = addField(fields, name, value);
    if (problem) return problem;
  }
  return fields;
}

/** Form posts in this plugin scope, as browsers send them and as RFC 8058 one-click requests come: fields as strings. */
export function registerFormFields(scope: FastifyInstance): void {
  registerFormBody(scope, FORM_BODY_LIMIT);
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (request, body, done) => {
    const fields = multipartFields(body as string, request.headers['content-type'] ?? '');
    return fields instanceof Error ? done(fields, undefined) : done(null, fields);
  });
}

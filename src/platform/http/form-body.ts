import type { FastifyInstance } from 'fastify';
import type { AppError } from './errors.js';
import { nulInTextBody } from './nul-characters.js';

/** A form of a few short fields (a checkout, a sign-in, a button) stays far below this. */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * The fields of a form post as a browser sends it without script (application/x-www-form-urlencoded):
 * strings (the first of a repeated name), in an object without prototype (a field named `__proto__`
 * is just a field). A NUL character is refused, as everywhere else: PostgreSQL text cannot hold it.
 */
export function formFields(body: string): Record<string, string> | AppError {
  const fields = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(body)) {
    const nul = nulInTextBody(name + value);
    if (nul) return nul;
    if (!(name in fields)) fields[name] = value;
  }
  return fields;
}

/** Form posts in this plugin scope parse to formFields(); `bodyLimit` for forms that carry more (a review comment). */
export function registerFormBody(scope: FastifyInstance, bodyLimit: number = FORM_BODY_LIMIT): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const fields = formFields(body as string);
    return fields instanceof Error ? done(fields, undefined) : done(null, fields);
  });
}

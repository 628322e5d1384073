import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/http/index.js';

/** A checkout form is a few short fields: far below this. */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * Form posts as a browser sends them without script (application/x-www-form-urlencoded), for the
 * routes of this plugin scope: the fields as strings (the first of a repeated name), in an object
 * without prototype (a field named `__proto__` is just a field). NUL characters are refused, as
 * everywhere else: PostgreSQL text cannot hold them.
 */
export function registerFormBody(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    const fields = Object.create(null) as Record<string, string>;
    for (const [name, value] of new URLSearchParams(body as string)) {
      if (name.includes('\u0000') || value.includes('\u0000')) return done(new AppError('HTTP_NUL_CHARACTER'), undefined);
      if (!(name in fields)) fields[name] = value;
    }
    done(null, fields);
  });
}

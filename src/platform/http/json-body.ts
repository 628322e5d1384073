import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

/** Whether a parsed JSON value holds a NUL character in any string or key (PostgreSQL text cannot). */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v));
  return false;
}

/**
 * JSON bodies through Fastify's own parser (prototype-poisoning protection kept), refusing
 * NUL characters anywhere: PostgreSQL text cannot hold them, so they would otherwise fail
 * deep inside a query instead of as a clear 400.
 */
export function registerJsonBodyParser(app: FastifyInstance, contentType = 'application/json'): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  if (app.hasContentTypeParser(contentType)) app.removeContentTypeParser(contentType);
  app.addContentTypeParser(contentType, { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      // JSON can carry a NUL only as the escape \u0000 (a raw control character is invalid), so
      // only a body with that text needs the walk through its values.
      if (text.includes('\\u0000') && containsNul(value)) return done(new AppError('HTTP_NUL_CHARACTER'), undefined);
      return done(null, value);
    });
  });
}

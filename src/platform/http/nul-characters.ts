import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type LocalisedText } from './errors.js';

const WHERE = {
  path: { en: 'the address (path) contains a NUL character (%00)', de: 'die Adresse (Pfad) enthält ein NUL-Zeichen (%00)' },
  query: { en: 'the query string contains a NUL character (%00)', de: 'die Abfrage enthält ein NUL-Zeichen (%00)' },
  header: { en: 'a header contains a NUL character', de: 'ein Header enthält ein NUL-Zeichen' },
  body: { en: 'the request body contains a NUL character', de: 'der Inhalt der Anfrage enthält ein NUL-Zeichen' },
} as const satisfies Record<string, LocalisedText>;

/** For the parsers of text bodies other than JSON (CSV): the same refusal for a NUL; null when there is none. */
export function nulInTextBody(text: string): AppError | null {
  return text.includes('\u0000') ? new AppError('HTTP_NUL_CHARACTER', [{ field: 'body', message: WHERE.body }]) : null;
}

/** Where a NUL would reach a handler: `%00` anywhere in the target decodes to one in a path parameter or a query value. */
function nulIn(request: FastifyRequest): Exclude<keyof typeof WHERE, 'body'> | undefined {
  const target = request.raw.url ?? '';
  const encoded = target.indexOf('%00');
  const at = encoded >= 0 ? encoded : target.indexOf('\u0000');
  if (at >= 0) {
    const query = target.indexOf('?');
    return query >= 0 && at > query ? 'query' : 'path';
  }
  // Node refuses a raw NUL in a header on the wire; this covers every other way in (inject, a proxy).
  if (request.raw.rawHeaders.some((text) => text.includes('\u0000'))) return 'header';
  return undefined;
}

/**
 * Refuses (400 HTTP_NUL_CHARACTER) a request whose path, query string or headers carry a NUL
 * character, for every route, before any handler: PostgreSQL text cannot hold one, so it would
 * otherwise fail inside a query as a 500. Bodies are checked by the JSON parser (json-body.ts).
 */
export function registerNulCharacterCheck(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const where = nulIn(request);
    done(where === undefined ? undefined : new AppError('HTTP_NUL_CHARACTER', [{ field: where, message: WHERE[where] }]));
  });
}

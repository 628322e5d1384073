import type { FastifyRequest } from 'fastify';
import { pickLanguage, type Language } from './language.js';

/** The language of a request's answers: German or English, from Accept-Language. */
export function requestLanguage(request: FastifyRequest): Language {
  return pickLanguage(request.headers['accept-language']);
}

/** Whether the client is a browser navigating to a page (HTML answer) rather than an API call. */
export function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

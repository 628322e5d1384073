import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, catalogueEntry, errorBody, errorMessage, isErrorCode, localiseFields, type ErrorCode, type FieldError } from './errors.js';
import type { Language } from './language.js';
import { httpRefusedTotal } from '../monitor/metrics.js';
import { renderMessagePage } from './html-page.js';
import { requestLanguage, wantsHtml } from './request-context.js';
import { requesterFields } from './request-logging.js';

const zodLocales = { de: z.locales.de(), en: z.locales.en() };

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

type ZodIssue = Parameters<(typeof zodLocales)['en']['localeError']>[0];

function localeText(language: Language, issue: ZodIssue): string | undefined {
  const out = zodLocales[language].localeError(issue);
  return typeof out === 'string' ? out : out?.message;
}

/** A refinement's own code and message in both languages (e.g. displayName's), when it gives them. */
function localisedParams(issue: ValidationIssue): { code?: string; message: Record<Language, string> } | undefined {
  const params = (issue.params as { params?: { code?: unknown; message?: { en?: unknown; de?: unknown } } } | undefined)?.params;
  const message = params?.message;
  if (typeof message?.en !== 'string' || typeof message.de !== 'string') return undefined;
  return { ...(typeof params?.code === 'string' ? { code: params.code } : {}), message: { en: message.en, de: message.de } };
}

/** zod's wording in the request's language; a refinement's own message is kept as written. */
function localisedZodMessage(issue: ZodIssue, original: string | undefined, language: Language): string {
  if (issue.code === 'custom' && original) return original;
  return localeText(language, issue) ?? original ?? 'invalid';
}

/** Names the field (`email`, `params.id`) and words the problem in the request's language. */
function fieldErrors(error: FastifyError, language: Language): FieldError[] {
  const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const prefix = context === 'body' ? '' : `${context === 'querystring' ? 'query' : context}.`;
  return ((error.validation ?? []) as ValidationIssue[]).map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean);
    const field = prefix + (path.length > 0 ? path.join('.') : '(root)');
    const zodIssue = { code: issue.keyword, path, ...(issue.params ?? {}) } as unknown as ZodIssue;
    const message = hasZodFastifySchemaValidationErrors(error)
      ? (localisedParams(issue)?.message[language] ?? localisedZodMessage(zodIssue, issue.message, language))
      : (issue.message ?? 'invalid');
    return { field, message };
  });
}

/**
 * VALIDATION_FAILED, or the more precise code every problem of the request shares (NAME_INVALID
 * when the names are all that is wrong); each problem is in `fields` either way.
 */
function validationCode(error: FastifyError): ErrorCode {
  const issues = (error.validation ?? []) as ValidationIssue[];
  const codes = new Set(issues.map((issue) => (hasZodFastifySchemaValidationErrors(error) ? localisedParams(issue)?.code : undefined)));
  const [only] = codes;
  return codes.size === 1 && only !== undefined && isErrorCode(only) ? only : 'VALIDATION_FAILED';
}

/** Maps a thrown error to a catalogued code; anything unforeseen is a 500 that reveals nothing. */
function classify(error: FastifyError, language: Language): { code: ErrorCode; fields?: FieldError[] } {
  if (error instanceof AppError) {
    return { code: error.code, ...(error.fields ? { fields: localiseFields(error.fields, language) } : {}) };
  }
  if (error.validation) return { code: validationCode(error), fields: fieldErrors(error, language) };
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'HTTP_UNSUPPORTED_MEDIA_TYPE' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'HTTP_BODY_TOO_LARGE' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'HTTP_MALFORMED_JSON' };
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return { code: 'HTTP_MALFORMED_JSON' };
  if (error.statusCode === 404) return { code: 'HTTP_NOT_FOUND' };
  if (error.statusCode === 413) return { code: 'HTTP_BODY_TOO_LARGE' };
  if (error.statusCode === 415) return { code: 'HTTP_UNSUPPORTED_MEDIA_TYPE' };
  if (error.statusCode === 503) return { code: 'SERVICE_UNAVAILABLE' };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return { code: 'HTTP_BAD_REQUEST' };
  return { code: 'INTERNAL_ERROR' };
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  fields?: FieldError[],
): FastifyReply {
  const language = requestLanguage(request);
  const status = catalogueEntry(code).status;
  if (wantsHtml(request)) {
    const message = catalogueEntry(code)[language];
    const title = language === 'de' ? `Fehler ${status}` : `Error ${status}`;
    return reply.status(status).type('text/html; charset=utf-8').send(renderMessagePage({ language, title, message }));
  }
  return reply.status(status).send(errorBody(code, language, request.id, fields));
}

/** Logs a refusal with who was refused where, and counts it by code and route pattern (not the raw URL). */
function noteRefusal(request: FastifyRequest, code: ErrorCode, reason: string): void {
  const route = request.routeOptions.url ?? '(unmatched)';
  request.log.info({ code, reason, ip: request.ip, route, ...requesterFields(request) }, 'request refused');
  httpRefusedTotal.inc({ code, route });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { code, fields } = classify(error, requestLanguage(request));
    if (code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'request failed');
    else noteRefusal(request, code, error.message);
    // A refusal that ends at a known time (rate limit, ban) says when to come back.
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number' && code !== 'INTERNAL_ERROR') reply.header('retry-after', String(retryAfter));
    return sendError(request, reply, code, fields);
  });
  app.setNotFoundHandler((request, reply) => {
    noteRefusal(request, 'HTTP_NOT_FOUND', `no route for ${request.method}`);
    return sendError(request, reply, 'HTTP_NOT_FOUND');
  });
}

/**
 * Fastify's clientErrorHandler: the answer to what Node refuses before there is a request to
 * handle (a malformed request line or header — a NUL byte, say —, headers too large, too slow).
 * The same error body as every other refusal, with a stable code, in English (no header was
 * read), logged and counted like other refusals.
 */
export function answerUnparsedRequest(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'HTTP_REQUEST_TIMEOUT' : error.code === 'HPE_HEADER_OVERFLOW' ? 'HTTP_HEADERS_TOO_LARGE' : 'HTTP_BAD_REQUEST';
  const status = catalogueEntry(code).status;
  const requestId = randomUUID();
  this.log.info({ reqId: requestId, code, reason: error.code ?? errorMessage(code, 'en'), route: '(unparsed)' }, 'request refused');
  httpRefusedTotal.inc({ code, route: '(unparsed)' });
  if (socket.writable) {
    const body = JSON.stringify(errorBody(code, 'en', requestId));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

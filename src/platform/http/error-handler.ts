import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, catalogueEntry, errorBody, errorMessage, isErrorCode, localiseFields, type ErrorCode, type FieldError } from './errors.js';
import type { Language } from './language.js';
import { httpRefusedTotal } from '../monitor/metrics.js';
import { renderMessagePage } from './html-page.js';
import { requestLanguage, wantsHtml } from './request-context.js';
import { requesterFields } from './request-logging.js';
import { fieldLabels } from './field-labels.js';
import type { LocalisedIssueParams } from './localised-checks.contract.js';
import { describeIssue } from './validation-messages.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { isUserReferenceViolation } from '../db/constraint-violations.js';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** What the client sent in the part of the request a validation error is about. */
function validatedInput(request: FastifyRequest, context: string): unknown {
  if (context === 'body') return request.body;
  if (context === 'querystring') return request.query;
  if (context === 'params') return request.params;
  if (context === 'headers') return request.headers;
  return undefined;
}

/**
 * Names the field (`email`, `params.id`) and words the problem for people in the request's
 * language, never in a validator's words (validation-messages.ts).
 */
function fieldErrors(error: FastifyError, request: FastifyRequest, language: Language): FieldError[] {
  const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const prefix = context === 'body' ? '' : `${context === 'querystring' ? 'query' : context}.`;
  const input = validatedInput(request, context);
  const labels = fieldLabels();
  return ((error.validation ?? []) as ValidationIssue[]).flatMap((issue) => {
    const path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean);
    const code = ownCode(issue);
    return describeIssue(issue, path, input, { prefix, labels, language }).map((field) => (code === undefined ? field : { ...field, code }));
  });
}

/** The catalogued code a refinement gave its issue (NAME_INVALID), if any. */
function ownCode(issue: ValidationIssue): string | undefined {
  const code = (issue.params?.params as Partial<LocalisedIssueParams> | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * VALIDATION_FAILED, or the more precise code every problem of the request shares (NAME_INVALID
 * when the names are all that is wrong); each problem is in `fields` either way.
 */
function validationCode(error: FastifyError): ErrorCode {
  const issues = (error.validation ?? []) as ValidationIssue[];
  const codes = new Set(issues.map((issue) => (hasZodFastifySchemaValidationErrors(error) ? ownCode(issue) : undefined)));
  const [only] = codes;
  return codes.size === 1 && only !== undefined && isErrorCode(only) ? only : 'VALIDATION_FAILED';
}

/** How many field problems the message of a refused request repeats (all are in `fields`). */
const PROBLEMS_IN_MESSAGE = 3;

/**
 * The message of refused input says what is wrong, not only that something is: a form that shows
 * just the message (the field may not be on it) still tells the user what to change.
 */
function validationMessage(code: ErrorCode, fields: FieldError[], language: Language): string {
  const shown = fields.slice(0, PROBLEMS_IN_MESSAGE).map((field) => field.message);
  const more = fields.length - shown.length;
  const rest = more > 0 ? (language === 'de' ? `; ${more} weitere` : `; ${more} more`) : '';
  return `${errorMessage(code, language)} ${shown.join('; ')}${rest}.`;
}

/** Maps a thrown error to a catalogued code; anything unforeseen is a 500 that reveals nothing. */
function classify(error: FastifyError, request: FastifyRequest, language: Language): { code: ErrorCode; fields?: FieldError[]; message?: string } {
  if (error instanceof AppError) {
    return { code: error.code, ...(error.fields ? { fields: localiseFields(error.code, error.fields, language) } : {}) };
  }
  if (error.validation) {
    const code = validationCode(error);
    const fields = fieldErrors(error, request, language);
    return { code, fields, message: validationMessage(code, fields, language) };
  }
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
  // Staff under a grant act as the site's administrator but are no user row: what must name its author as a person is refused, not a 500.
  if (request.staffAccess && isUserReferenceViolation(error)) return { code: 'STAFF_NOT_A_PERSON' };
  if (error.statusCode === 404) return { code: 'HTTP_NOT_FOUND' };
  if (error.statusCode === 413) return { code: 'HTTP_BODY_TOO_LARGE' };
  if (error.statusCode === 415) return { code: 'HTTP_UNSUPPORTED_MEDIA_TYPE' };
  if (error.statusCode === 503 || isDatabaseUnavailable(error)) return { code: 'SERVICE_UNAVAILABLE' };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return { code: 'HTTP_BAD_REQUEST' };
  return { code: 'INTERNAL_ERROR' };
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  fields?: FieldError[],
  message?: string,
): FastifyReply {
  const language = requestLanguage(request);
  const status = catalogueEntry(code).status;
  if (wantsHtml(request)) {
    const text = (lang: Language) => ({ language: lang, title: lang === 'de' ? `Fehler ${status}` : `Error ${status}`, message: catalogueEntry(code)[lang] });
    const page = renderMessagePage({ ...text(language), alsoIn: text(language === 'de' ? 'en' : 'de') });
    return reply.status(status).type('text/html; charset=utf-8').send(page);
  }
  return reply.status(status).send(errorBody(code, language, request.id, fields, message));
}

/**
 * Logs a refusal with who was refused where, and counts it by code and route pattern (not the raw
 * URL). A route that answers a refusal with a page of its own (a server-rendered form) calls it too.
 */
export function noteRefusal(request: FastifyRequest, code: ErrorCode, reason: string): void {
  const route = request.routeOptions.url ?? '(unmatched)';
  request.log.info({ code, reason, ip: request.ip, route, ...requesterFields(request) }, 'request refused');
  httpRefusedTotal.inc({ code, route });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { code, fields, message } = classify(error, request, requestLanguage(request));
    if (code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'request failed');
    // A database that is down or failing over is an outage the operator must hear of, not a refusal.
    else if (isDatabaseUnavailable(error)) request.log.error({ err: error }, 'request failed: the database is unavailable');
    else noteRefusal(request, code, error.message);
    // A refusal that ends at a known time (rate limit, ban) says when to come back.
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number' && code !== 'INTERNAL_ERROR') reply.header('retry-after', String(retryAfter));
    return sendError(request, reply, code, fields, message);
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

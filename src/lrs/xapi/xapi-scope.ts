import cors from '@fastify/cors';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOfKey, authorityOfKey } from './key-authority.js';
import { declareScopePublic } from '../../platform/access/index.js';
import { AppError, errorMessage, requestLanguage } from '../../platform/http/index.js';
import { RetryLaterError } from '../../platform/guard/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { authenticateLrsKey, unauthorised } from './xapi-auth.js';
import type { OpenXapiResource, XapiAnswer, XapiCall, XapiClient, XapiDeps, XapiMethod, XapiResource } from './xapi-call.js';
import { XapiError } from './xapi-error.js';
import { alternateRequest, bodyOf, isAlternateSyntax, plainRequest, queryOf, type NormalisedRequest } from './xapi-request.js';
import { ANSWER_VERSION, type XapiVersion } from './xapi-version.js';
import { readsOnlyOwnStatements, xapiPolicy, type XapiAction } from './xapi.policy.js';

/** One resource of the LRS: its handlers, and what each method needs. */
export type XapiRoute = ClosedXapiRoute | OpenXapiRoute;

/** A resource for authenticated clients: each method it handles names the action the policy must allow. */
export interface ClosedXapiRoute {
  path: string;
  resource: XapiResource;
  actions: Partial<Record<XapiMethod, XapiAction>>;
  /** Headers of every answer of the route, refusals too (the Statements resource's consistency time). */
  alwaysHeaders?: () => Record<string, string>;
}

/** A resource open to anybody (About), with or without a version header; its handlers get no client. */
export interface OpenXapiRoute {
  path: string;
  resource: OpenXapiResource;
  actions?: undefined;
  alwaysHeaders?: () => Record<string, string>;
}

/** The largest request body (statements with attachments, documents): 32 MiB. */
export const XAPI_BODY_LIMIT = 32 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** The xAPI version line of an LRS request, once read (its answers carry the matching version header). */
    xapiVersion?: XapiVersion;
  }
}

const METHODS: XapiMethod[] = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

function send(reply: FastifyReply, answer: XapiAnswer, head: boolean): FastifyReply {
  reply.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  if (answer.body === undefined) return reply.send();
  const bytes = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(JSON.stringify(answer.body), 'utf8');
  if (!Buffer.isBuffer(answer.body)) reply.header('content-type', 'application/json; charset=utf-8');
  reply.header('content-length', bytes.length);
  return head ? reply.send() : reply.send(bytes);
}

/** Refusals in the LRS's shape: `{ code, field, message }` in the request's language, with the status xAPI requires. */
function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const language = requestLanguage(request);
  if (error instanceof XapiError) {
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    return reply.status(error.status).type('application/json; charset=utf-8').send({ code: error.code, field: error.field ?? null, message: error.text[language] });
  }
  if (error instanceof AppError) {
    if (error instanceof RetryLaterError) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.status(error.status).type('application/json; charset=utf-8').send({ code: error.code, field: null, message: errorMessage(error.code, language) });
  }
  const fastifyError = error as FastifyError;
  const status = fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500 ? fastifyError.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'LRS request failed');
  const message = status === 413 ? { en: 'The request is too large.', de: 'Die Anfrage ist zu groß.' } : status === 500 ? { en: 'The LRS failed to answer.', de: 'Der LRS konnte nicht antworten.' } : { en: fastifyError.message, de: fastifyError.message };
  return reply.status(status).type('application/json; charset=utf-8').send({ code: fastifyError.code ?? 'LRS_FAILED', field: null, message: message[language] });
}

/**
 * The Learning Record Store under `/xapi/` on each site's host: a Fastify scope of its own, with its
 * own body parsing (any content type, read as bytes; each resource checks what it was given), the
 * version header on every answer, CORS (browser-based courses call it from other origins with their
 * LRS key; the app's own API never answers CORS), and refusals in the LRS's own shape.
 */
/**
 * Who calls and what the policy lets them do: an LRS key by default; the content origin's copy of
 * the LRS authenticates a launch credential instead (Learn's xAPI and cmi5 courses).
 */
export type XapiAuthenticator = (request: FastifyRequest, authorization: string | undefined, action: XapiAction) => Promise<XapiClient>;

export function xapiScope(deps: XapiDeps, routes: readonly XapiRoute[], authenticator?: XapiAuthenticator): FastifyPluginAsync {
  const authenticateClient: XapiAuthenticator = authenticator ?? ((request, authorization, action) => authenticateKey(deps, request, authorization, action));
  return async (scope) => {
    // Every route authenticates the request itself (an LRS key, also inside an alternate-syntax form) and asks lrs.xapi's policy.
    declareScopePublic(scope, 'xAPI: the LRS authenticates each request itself (LRS key over HTTP Basic) and asks the lrs.xapi policy (src/lrs/xapi/xapi-scope.ts)');
    // The xAPI specification is these routes' reference, not the app's OpenAPI document.
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, credentialsInRequest: true };
      route.schema = { ...route.schema, hide: true };
    });
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: XAPI_BODY_LIMIT }, (_request, body, done) => done(null, body));
    await scope.register(cors, {
      origin: true,
      methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Experience-API-Version', 'If-Match', 'If-None-Match', 'Accept-Language'],
      exposedHeaders: ['ETag', 'Last-Modified', 'Location', 'X-Experience-API-Version', 'X-Experience-API-Consistent-Through'],
      credentials: false,
      maxAge: 86_400,
    });
    scope.addHook('onSend', async (request, reply) => {
      reply.header('x-experience-api-version', ANSWER_VERSION[request.xapiVersion ?? deps.unnamedVersion]);
      reply.header('cache-control', 'no-store');
    });
    scope.setErrorHandler((error, request, reply) => answerError(error, request, reply));
    // A route of its own, not a not-found handler: the web app's catch-all route would otherwise answer.
    // It answers before any body is read.
    scope.route({
      method: METHODS,
      url: '/*',
      exposeHeadRoute: false,
      onRequest: async (request, reply) => {
        throw refusedUnread(request, reply, noSuchResource());
      },
      handler: async () => {
        throw noSuchResource();
      },
    });

    for (const route of routes) {
      checkActions(route);
      const options = { versionRequired: route.actions !== undefined, unnamedVersion: deps.unnamedVersion };
      /** The version, the method and the client of a request, in the order of the specification's answers: 400, 405, then 401/403. */
      const admit = async (request: FastifyRequest, { call, authorization }: NormalisedRequest): Promise<Admission> => {
        request.xapiVersion = call.version;
        if (!route.resource[call.method]) throw new XapiError(405, 'LRS_METHOD_NOT_ALLOWED', { en: `${call.method} is not allowed here.`, de: `${call.method} ist hier nicht erlaubt.` });
        const action = route.actions?.[call.method];
        return { call, client: action === undefined ? undefined : await authenticateClient(request, authorization, action) };
      };
      scope.route({
        method: METHODS,
        url: route.path,
        exposeHeadRoute: false,
        bodyLimit: XAPI_BODY_LIMIT,
        // A request in the plain syntax is admitted from its head, before its body is read: a
        // stranger cannot make the LRS read 32 MiB. One in the alternate syntax carries its
        // credential in the form, so it is admitted once the form is read (the handler).
        onRequest: async (request, reply) => {
          for (const [name, value] of Object.entries(route.alwaysHeaders?.() ?? {})) reply.header(name, value);
          try {
            const params = queryOf(request);
            if (!isAlternateSyntax(params)) admissions.set(request, await admit(request, plainRequest(request, params, options)));
          } catch (error) {
            throw refusedUnread(request, reply, error);
          }
        },
        handler: async (request, reply) => {
          const admitted = admissions.get(request);
          const { call: head, client } = admitted ?? (await admit(request, alternateRequest(request, queryOf(request), options)));
          const call: XapiCall = admitted ? { ...head, body: bodyOf(request) } : head;
          const answer = route.actions === undefined ? await route.resource[call.method]!(call, deps) : await route.resource[call.method]!(call, client!, deps);
          return send(reply, answer, call.method === 'HEAD');
        },
      });
    }
  };
}

/** What the head of a request established: the call (its body added once read) and who sends it (none for an open resource). */
interface Admission {
  call: XapiCall;
  client: XapiClient | undefined;
}

const noSuchResource = () => new XapiError(404, 'LRS_NOT_FOUND', { en: 'This LRS has no such resource.', de: 'Diese Ressource gibt es im LRS nicht.' });

const admissions = new WeakMap<FastifyRequest, Admission>();

/** Every method a closed resource handles needs its action: one without would be served to anybody. */
function checkActions(route: XapiRoute): void {
  if (route.actions === undefined) return;
  for (const method of METHODS) {
    if (route.resource[method] && route.actions[method] === undefined) throw new Error(`The LRS resource ${route.path} handles ${method} but names no action for it`);
  }
}

/**
 * A refusal given before the request's body is read: the connection is closed after the answer
 * when a body follows, so the server neither reads nor waits for what the client still sends.
 */
function refusedUnread(request: FastifyRequest, reply: FastifyReply, error: unknown): unknown {
  if (request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0) reply.header('connection', 'close');
  return error;
}

async function authenticateKey(deps: XapiDeps, request: FastifyRequest, authorization: string | undefined, action: XapiAction): Promise<XapiClient> {
  if (authorization === undefined) throw unauthorised();
  const tenant = tenantOf(request);
  const key = await authenticateLrsKey(deps.db, tenant, authorization, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id });
  const actor = actorOfKey(key);
  if (!xapiPolicy.can(actor, action)) {
    throw new XapiError(403, 'LRS_SCOPE_MISSING', { en: `This LRS key's scopes do not allow this (${action}).`, de: `Die Berechtigungen dieses LRS-Schlüssels erlauben das nicht (${action}).` });
  }
  const siteUrl = request.server.siteUrlOf(tenant);
  return { tenant, actor, authorityKey: `key:${key.key}`, ownStatementsOnly: readsOnlyOwnStatements(key.scopes), authority: authorityOfKey(key, siteUrl), siteUrl, requestId: request.id, ip: request.ip };
}

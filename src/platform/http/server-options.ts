import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from '../../config.js';
import type { TlsFiles } from './tls-files.js';
import { answerUnparsedRequest, registerErrorHandling } from './error-handler.js';
import { registerJsonBodyParser } from './json-body.js';
import { httpsServerOptions } from './listeners.js';
import { requestLogSerializer } from './log-redaction.js';
import { lazyChildLogger, requestLogController } from './request-logging.js';
import { responseSerializerCompiler } from './response-serializer.js';
import { trustedProxyMatcher } from './trusted-proxies.js';

/**
 * The options every Lectern HTTP application shares (the app, and the content origin): TLS when
 * a certificate is given, request ids, the lazy request logger (secrets cut out of addresses),
 * body limits, trusted proxies and the limits against slow clients.
 */
export function serverOptions(
  config: Config,
  options: { logger: boolean; tls: TlsFiles | undefined; logStream?: DestinationStream | undefined },
): FastifyServerOptions {
  return {
    ...httpsServerOptions(config, options.tls),
    // Request lines never carry the secrets some addresses hold (old mail links, launch credentials).
    logger: options.logger
      ? { level: config.logLevel, serializers: { req: requestLogSerializer }, ...(options.logStream ? { stream: options.logStream } : {}) }
      : false,
    logController: requestLogController(),
    childLoggerFactory: lazyChildLogger,
    genReqId: () => randomUUID(),
    // A request Node cannot parse gets the same JSON error body with a stable code.
    clientErrorHandler: answerUnparsedRequest,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy.length > 0 ? trustedProxyMatcher(config.trustProxy) : false,
    // Slow clients: headers within LECTERN_HEADERS_TIMEOUT_MS (listeners.ts), no silence longer than
    // LECTERN_IDLE_TIMEOUT_MS mid-request, the whole request within LECTERN_REQUEST_TIMEOUT_MS (long
    // enough for a one-request package upload), an idle keep-alive closed after
    // LECTERN_KEEP_ALIVE_TIMEOUT_MS (5 s).
    connectionTimeout: config.idleTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    routerOptions: { maxParamLength: 200 },
    // Before routing and every hook, so guards see the address the route answers to.
    rewriteUrl: (request) => collapseRepeatedSlashes(request.url ?? '/'),
  } as FastifyServerOptions;
}

/**
 * An origin-form address's path with runs of slashes made one (its query untouched). Clients join a base
 * that ends in `/` and a path that starts with one (`${endpoint}/statements` for an xAPI endpoint
 * `…/xapi/`), as most servers take it.
 */
export function collapseRepeatedSlashes(url: string): string {
  // An absolute-form target (`http://host/path`) is checked against Host elsewhere and left as it came.
  if (!url.startsWith('/')) return url;
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (!path.includes('//')) return url;
  return path.replace(/\/{2,}/g, '/') + (queryAt < 0 ? '' : url.slice(queryAt));
}

/** JSON bodies only (a text/plain body is what a cross-site form can send without a preflight), zod schemas, the error catalogue. */
export function registerRequestBasics(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  registerErrorHandling(app);
  app.decorateRequest('requester', null);
}

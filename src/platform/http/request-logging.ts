import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions, LevelWithSilentOrString, LogFn } from 'pino';

/**
 * Who made a request, as its log lines name them (ASVS V16.2.1): the user, and the session or
 * API token they used. Never a secret: a session is named by its public id, the SHA-256 of the
 * cookie value that session lists show, a token by its id.
 */
export interface Requester {
  userId: string;
  sessionId?: string;
  tokenId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set by identity as soon as it has accepted a session or token (before it checks roles and
     * scopes), so the answer line and a refusal say whom they concern. The HTTP layer only reads it.
     */
    requester: Requester | null;
  }
}

/** Fields naming who made the request, for a log line; none before (or without) a session or token. */
export function requesterFields(request: FastifyRequest): Requester | Record<string, never> {
  return request.requester ?? {};
}

/** Balancers probe these every few seconds: their request lines would drown the log. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/** Fastify's request lines, the answer line naming who made the request. */
class RequesterLogController extends LogController {
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const fields = { res: reply, responseTime: reply.elapsedTime, ...requesterFields(request) };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }
}

/** The request and answer lines are written for every request but the health probes. */
export function requestLogController(): LogController {
  return new RequesterLogController({ disableRequestLogging: (request: FastifyRequest) => PROBE_PATHS.has(request.url) });
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * A request's logger that becomes a real pino child (with the request id bound) only when
 * something is actually written at an enabled level. Most requests write nothing at the
 * production level, and a pino child per request was a measurable part of their cost.
 */
class LazyChildLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
  ) {}

  get level(): LevelWithSilentOrString {
    return this.parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.materialise().level = level;
  }

  #write(level: Level, args: unknown[]): void {
    const parent = this.parent as FastifyBaseLogger & { isLevelEnabled?: (l: string) => boolean };
    if (this.#child === undefined && parent.isLevelEnabled !== undefined && !parent.isLevelEnabled(level)) return;
    (this.materialise()[level] as (...a: unknown[]) => void)(...args);
  }

  fatal: LogFn = (...args: unknown[]) => this.#write('fatal', args);
  error: LogFn = (...args: unknown[]) => this.#write('error', args);
  warn: LogFn = (...args: unknown[]) => this.#write('warn', args);
  info: LogFn = (...args: unknown[]) => this.#write('info', args);
  debug: LogFn = (...args: unknown[]) => this.#write('debug', args);
  trace: LogFn = (...args: unknown[]) => this.#write('trace', args);
  silent: LogFn = () => {};

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.materialise().child(bindings, options);
  }

  private materialise(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings);
    return this.#child;
  }
}

/** Fastify's childLoggerFactory: lazy unless the route asks for its own level or serializers. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (options.level !== undefined || options.serializers !== undefined) return logger.child(bindings, options);
  return new LazyChildLogger(logger, bindings) as unknown as FastifyBaseLogger;
}

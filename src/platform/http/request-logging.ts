import { LogController, type FastifyBaseLogger, type FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions, LevelWithSilentOrString, LogFn } from 'pino';

/** Balancers probe these every few seconds: their request lines would drown the log. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/** The request and answer lines are written for every request but the health probes. */
export function requestLogController(): LogController {
  return new LogController({ disableRequestLogging: (request: FastifyRequest) => PROBE_PATHS.has(request.url) });
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

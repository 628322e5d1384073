import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import { LeanCounter, LeanHistogram } from './lean-metrics.js';
import { metricsRegistry } from './metrics.js';

/**
 * Requests by route pattern (never the raw address, so ids in paths do not become series),
 * method and status class. The histogram's `_count` is the request count; errors (4xx, 5xx)
 * are counted apart so that an error rate needs no histogram arithmetic.
 */
const LABELS = ['origin', 'route', 'method', 'status_class'] as const;

export const httpRequestSeconds = new LeanHistogram(
  'lectern_http_request_duration_seconds',
  'Time from receiving a request to the end of its answer, by origin (app, content), route pattern, method and status class',
  LABELS,
  // Web latency: most answers take milliseconds, a slow report or upload seconds.
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  metricsRegistry,
);

export const httpErrorsTotal = new LeanCounter(
  'lectern_http_errors_total',
  'Answers with a 4xx or 5xx status, by origin, route pattern, method and status class',
  LABELS,
  metricsRegistry,
);

export const UNMATCHED_ROUTE = '(unmatched)';

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

type HistogramChild = ReturnType<typeof httpRequestSeconds.child>;
type CounterChild = ReturnType<typeof httpErrorsTotal.child>;

type Observe = (method: string, statusCode: number, elapsedMs: number) => void;

/**
 * The recorder of one route pattern: the label children are looked up once per method and
 * status class and kept, so a request costs a map and an array read and an observation, no
 * allocation.
 */
function routeRecorder(origin: string, route: string): Observe {
  const byMethod = new Map<string, { seconds: HistogramChild; errors: CounterChild | undefined }[]>();
  return (method, statusCode, elapsedMs) => {
    let children = byMethod.get(method);
    if (!children) byMethod.set(method, (children = []));
    const index = Math.min(Math.max(Math.floor(statusCode / 100), 1), 5) - 1;
    let child = children[index];
    if (!child) {
      const labels = { origin, route, method, status_class: STATUS_CLASSES[index]! };
      child = { seconds: httpRequestSeconds.child(labels), errors: index >= 3 ? httpErrorsTotal.child(labels) : undefined };
      children[index] = child;
    }
    child.seconds.observe(elapsedMs / 1000);
    child.errors?.inc();
  };
}

function hookOf(observe: Observe): onResponseHookHandler {
  return function recordRequest(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    observe(request.method, reply.statusCode, reply.elapsedTime);
    done();
  };
}

/**
 * Records every answer of `app` (call before its routes are registered): each route gets an
 * onResponse hook that knows its pattern, and one app-wide hook records what no route matched.
 * `enabled` false (LECTERN_METRICS=false) registers nothing.
 */
export function registerHttpMetrics(app: FastifyInstance, origin: 'app' | 'content', enabled: boolean): void {
  if (!enabled) return;
  app.addHook('onRoute', (route) => {
    const hook = hookOf(routeRecorder(origin, route.url ?? route.path));
    const existing = route.onResponse;
    route.onResponse = existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
  });
  const unmatched = routeRecorder(origin, UNMATCHED_ROUTE);
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) unmatched(request.method, reply.statusCode, reply.elapsedTime);
    done();
  });
}

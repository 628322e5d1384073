import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { addressSubject } from './client-address.js';
import { floodCeilingOf } from './rate-limit-networks.js';
import type { Budget, TrafficBudgets } from './traffic-budgets.js';

type Hook<T> = T | T[] | undefined;
const hooks = <T>(hook: Hook<T>): T[] => (hook === undefined ? [] : Array.isArray(hook) ? hook : [hook]);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every /api route: the API's rate limits apply. */
    rateLimited?: boolean;
    /** The route sends mail to an address the client names (a reset link): it also counts against the address's mail budget. */
    sendsMailToNamedAddress?: boolean;
    /** The route looks up a code someone might guess (a certificate's verification code): it also counts against the address's code-check budget, signed in or not. */
    checksGuessableCode?: boolean;
    /**
     * The route takes a provider's callbacks, each signed and checked before it has any effect (a
     * payment webhook): it counts against the address's webhook budget instead of the address's
     * API budget, since a provider delivers all of a site's events, in bursts, from a few addresses.
     */
    signedCallback?: boolean;
  }
}

/**
 * Rate limits for every /api route (and the pages' forms below), per kind of traffic:
 *
 * - a request without a session cookie or bearer token counts against its client address
 *   (`ip:`, LECTERN_RATE_LIMIT_IP_PER_MINUTE), first thing: before the site is looked up, so a
 *   flood with made-up host names costs no queries;
 * - a request with one counts, just as early, against a much higher per-address flood guard
 *   (`flood:`), which named networks may be exempt from or have a ceiling of their own: many
 *   learners share one address behind a school's or company's NAT;
 * - once the route's guards (onRequest hooks) have admitted the user, the request counts against
 *   that user (`user:`), or the API token it came with (`token:`). A credential of another site
 *   or a forged one is refused by the guard before anything of a user is counted;
 * - a route that mails an address the client names (`sendsMailToNamedAddress`) also counts
 *   against the address's mail budget (`mail:`), so one address cannot have a mail sent to every
 *   account of a site;
 * - a route that looks up a guessable code (`checksGuessableCode`) also counts against the
 *   address's code-check budget (`code:`), signed in or not, so codes cannot be tried in bulk;
 * - a provider's signed callbacks (`signedCallback`) count against the address's webhook budget
 *   (`webhook:`) alone.
 *
 * A page's route (outside /api) that mails a named address or checks a guessable code is limited
 * the same way. Register this before the routes and before tenant resolution. Other routes
 * (/healthz, /readyz, /metrics, pages) pay one property test and nothing else.
 */
export function registerApiRateLimits(app: FastifyInstance, budgets: TrafficBudgets, presentsCredential: (request: FastifyRequest) => boolean): void {
  const { ipPerMinute, userPerMinute, floodPerMinute, networks, mailPerMinute, codeChecksPerMinute, webhooksPerMinute } = budgets.limits;
  const floodCeiling = floodCeilingOf(networks, floodPerMinute);
  const addressBudget = (request: FastifyRequest): Budget => {
    const address = addressSubject(request.ip);
    if (request.routeOptions.config.signedCallback === true) return { scope: 'webhook', subject: `webhook:${address}`, limit: webhooksPerMinute };
    return presentsCredential(request)
      ? { scope: 'flood', subject: `flood:${address}`, limit: floodCeiling(request.ip) }
      : { scope: 'ip', subject: `ip:${address}`, limit: ipPerMinute };
  };
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.config.rateLimited !== true) return done();
    const { sendsMailToNamedAddress, checksGuessableCode } = request.routeOptions.config;
    let charged = budgets.charge(request, addressBudget(request));
    if (sendsMailToNamedAddress === true) charged = charged.then(() => budgets.charge(request, { scope: 'mail', subject: `mail:${addressSubject(request.ip)}`, limit: mailPerMinute }));
    if (checksGuessableCode === true) charged = charged.then(() => budgets.charge(request, { scope: 'code', subject: `code:${addressSubject(request.ip)}`, limit: codeChecksPerMinute }));
    charged.then(() => done(), done);
  });

  const limitUser: preHandlerAsyncHookHandler = async (request) => {
    if (!request.user) return;
    const budget: Budget = request.apiToken
      ? { scope: 'token', subject: `token:${request.apiToken.id}`, limit: userPerMinute }
      : { scope: 'user', subject: `user:${request.user.id}`, limit: userPerMinute };
    await budgets.charge(request, budget);
  };
  app.addHook('onRoute', (route) => {
    // A page's form that mails a named address or checks a guessable code (a share link's code or
    // password) is limited exactly as such an /api route is.
    const guarded = route.config?.sendsMailToNamedAddress === true || route.config?.checksGuessableCode === true;
    if (!route.url.startsWith('/api/') && !guarded) return;
    route.config = { ...route.config, rateLimited: true };
    if (userPerMinute > 0) route.preHandler = [...hooks(route.preHandler), limitUser];
  });
}

import type { FastifyRequest } from 'fastify';
import type { RefusalSummaries } from '../audit/refusal-summaries.js';
import { rateLimitedTotal } from './guard.metrics.js';
import type { RateLimiter } from './rate-limit.js';
import type { RateLimitNetwork } from './rate-limit-networks.js';
import { RetryLaterError } from './retry-later.js';

/** Requests per minute per kind of traffic (LECTERN_RATE_LIMIT_*); 0 turns a limit off. */
export interface RateLimits {
  /** /api requests without a session or token, per client address (IPv6: its /64). */
  ipPerMinute: number;
  /** /api requests per signed-in user, and apart from that per API token. */
  userPerMinute: number;
  /** /api requests with a session or token per client address: only a flood guard. */
  floodPerMinute: number;
  /** Networks exempt from the flood guard or with a ceiling of their own. */
  networks: RateLimitNetwork[];
  /** Commits per attempt (content origin, under the attempt's launch credential). */
  attemptCommitsPerMinute: number;
  /** Course-file requests per launch credential (content origin). */
  launchFilesPerMinute: number;
  /** Content-origin requests per client address whose credential is not a live one. */
  contentIpPerMinute: number;
  /** Requests per client address to routes that mail an address the client names (password reset). */
  mailPerMinute: number;
  /** Requests per client address to routes that look up a guessable code (certificate verification). */
  codeChecksPerMinute: number;
  /** A payment provider's signed callbacks per client address: a provider delivers every site's events from a few addresses. */
  webhooksPerMinute: number;
}

/** What a budget belongs to: the label of the refusal metric and the reason in the audit summary. */
export type BudgetScope = 'ip' | 'flood' | 'user' | 'token' | 'attempt' | 'launch' | 'content_ip' | 'mail' | 'code' | 'webhook';

export interface Budget {
  scope: BudgetScope;
  /** The shared counter's key, e.g. `user:<id>` or `attempt:<id>`. */
  subject: string;
  /** Requests per minute; 0: no limit (nothing is counted). */
  limit: number;
}

/**
 * Counts requests against per-minute budgets (shared by all nodes through the RateLimiter) and
 * refuses past them with 429 HTTP_RATE_LIMITED and Retry-After. Every refusal is counted in the
 * metrics by scope and noted for the audit log's per-minute summary (`refusals`).
 */
export class TrafficBudgets {
  constructor(
    private readonly limiter: RateLimiter,
    readonly limits: RateLimits,
    private readonly refusals?: RefusalSummaries,
  ) {}

  /**
   * Counts one request against `budget`; throws RetryLaterError when the budget is spent.
   * `siteHost` names the site the refusal is audited for when the request's own host is no
   * site's (the content origin).
   */
  async charge(request: FastifyRequest, budget: Budget, siteHost?: string): Promise<void> {
    if (budget.limit <= 0) return;
    const wait = await this.limiter.hit(budget.subject, budget.limit);
    if (wait > 0) this.refuse(request, budget, wait, siteHost);
  }

  /** Refuses, without counting this request, when `budget` is spent already. */
  assertLeft(request: FastifyRequest, budget: Budget): void {
    if (budget.limit <= 0) return;
    const wait = this.limiter.spent(budget.subject, budget.limit);
    if (wait > 0) this.refuse(request, budget, wait);
  }

  /** Counts a request against `budget` after the fact (one that failed a check), refusing nothing. */
  note(budget: Budget): void {
    if (budget.limit > 0) void this.limiter.hit(budget.subject, budget.limit);
  }

  private refuse(request: FastifyRequest, budget: Budget, wait: number, siteHost?: string): never {
    rateLimitedTotal.inc({ scope: budget.scope });
    this.refusals?.note('rate_limited', {
      host: siteHost ?? request.hostname,
      ip: request.ip,
      subject: budget.subject,
      reason: budget.scope,
      userId: request.user?.id ?? null,
      userAgent: request.headers['user-agent'] ?? null,
      route: request.routeOptions.url ?? '(unmatched)',
    });
    throw new RetryLaterError('HTTP_RATE_LIMITED', wait);
  }
}

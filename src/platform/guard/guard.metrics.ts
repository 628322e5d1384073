import { Counter } from 'prom-client';
import { metricsRegistry } from '../monitor/metrics.js';

export const authFailuresTotal = new Counter({
  name: 'lectern_auth_failures_total',
  help: 'Failed credential checks (wrong password, code or token), by endpoint',
  labelNames: ['endpoint'] as const,
  registers: [metricsRegistry],
});

export const guardBansTotal = new Counter({
  name: 'lectern_guard_bans_total',
  help: 'Temporary blocks created by intrusion prevention, by scope (ip, account_ip, account) and reason',
  labelNames: ['scope', 'reason'] as const,
  registers: [metricsRegistry],
});

export const rateLimitedTotal = new Counter({
  name: 'lectern_http_rate_limited_total',
  help: 'Requests refused by a rate limit, by scope (ip, flood, user, token, attempt, launch, content_ip, mail, code)',
  labelNames: ['scope'] as const,
  registers: [metricsRegistry],
});

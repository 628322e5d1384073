import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import type { AuditAction } from './audit-actions.js';
import { insertAuditEvent, type AuditEvent } from './audit.repository.js';

/*
 * Refusals that come in floods (rate limits, cross-site requests) are audited as counted
 * summaries, not a row per request: one audit event per kind, site, subject and minute, written
 * once the minute is over, with the number of refusals, the first and last time, and the routes.
 * Noting a refusal costs a map update; admitted requests cost nothing.
 *
 * Audit events belong to a site (audit_events has row-level security): a summary goes to the
 * site its host name belongs to. Refusals on a host of no site (made-up names, scanners) are not
 * in any audit log; the refusal log and the metrics count them.
 *
 * Each node writes its own summaries, so with several nodes one subject may have one row per node
 * for a minute. A node that stops without shutting down loses the minute in progress (the
 * metrics still counted it).
 */

export type RefusalKind = 'rate_limited' | 'cross_origin';

const ACTIONS: Record<RefusalKind, AuditAction> = {
  rate_limited: 'guard.rate_limited',
  cross_origin: 'http.cross_origin_refused',
};

export interface Refusal {
  /** The request's host name (which site). */
  host: string;
  ip: string;
  /** Who or what is counted: `ip:<address or /64>`, `user:<id>`. */
  subject: string;
  /** The rate limit's scope (`ip`, `user`) or the cross-site signal (`sec-fetch-site`, `origin`). */
  reason: string;
  userId?: string | null;
  userAgent?: string | null;
  /** The route pattern, or `(unmatched)`. */
  route: string;
  /** For cross-site refusals: the origin the browser named. */
  origin?: string | undefined;
}

const WINDOW_MS = 60_000;
/** Summaries are written this long after their minute ends at the latest. */
const FLUSH_INTERVAL_MS = 5_000;
/** Distinct subjects per kind, site and minute that get a row of their own; the rest share one. */
const SUBJECTS_PER_SITE = 100;
/**
 * Host names per kind and minute that are summarised. Each costs a look-up of its site when the
 * minute is written, so a flood with made-up host names must not buy one look-up per name; the
 * refusals beyond are in the refusal log and metrics only.
 */
const HOSTS_PER_MINUTE = 50;
/** Entries a node keeps at most (a flood from very many addresses); past it new subjects are lumped together. */
const MAX_ENTRIES = 20_000;
const ROUTES_KEPT = 10;
const ORIGINS_KEPT = 5;

interface Summary {
  kind: RefusalKind;
  host: string;
  subject: string;
  reason: string;
  ip: string;
  userId: string | null;
  userAgent: string | null;
  windowStart: number;
  count: number;
  firstAt: number;
  lastAt: number;
  routes: Set<string>;
  origins: Set<string>;
  /** For the row that lumps together the subjects beyond SUBJECTS_PER_SITE: how many there were. */
  subjects?: Set<string>;
}

const OTHERS = '(others)';

export class RefusalSummaries {
  private readonly summaries = new Map<string, Summary>();
  /** Distinct subjects per kind, host and minute (for SUBJECTS_PER_SITE). */
  private readonly subjectsPerSite = new Map<string, number>();
  /** Distinct host names per kind and minute (for HOSTS_PER_MINUTE). */
  private readonly hostsPerMinute = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    /** The site of a host name (the request's tenant resolver, cached). */
    private readonly siteOf: (host: string) => Promise<{ id: string } | undefined>,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Counts one refusal. Synchronous and small: it runs for every refused request of a flood. */
  note(kind: RefusalKind, refusal: Refusal, now: number = Date.now()): void {
    const windowStart = now - (now % WINDOW_MS);
    const siteKey = `${kind}\n${refusal.host}\n${windowStart}`;
    let summary = this.summaries.get(`${siteKey}\n${refusal.subject}`);
    if (!summary) {
      const known = this.subjectsPerSite.get(siteKey);
      if (known === undefined) {
        const minuteKey = `${kind}\n${windowStart}`;
        const hosts = this.hostsPerMinute.get(minuteKey) ?? 0;
        if (hosts >= HOSTS_PER_MINUTE) return;
        this.hostsPerMinute.set(minuteKey, hosts + 1);
        this.subjectsPerSite.set(siteKey, 0);
      }
      const seen = known ?? 0;
      if (seen < SUBJECTS_PER_SITE && this.summaries.size < MAX_ENTRIES) {
        this.subjectsPerSite.set(siteKey, seen + 1);
        summary = this.open(siteKey, kind, refusal, windowStart, now, refusal.subject);
      } else {
        summary = this.summaries.get(`${siteKey}\n${OTHERS}`) ?? this.open(siteKey, kind, refusal, windowStart, now, OTHERS);
        if (summary.subjects && summary.subjects.size < MAX_ENTRIES) summary.subjects.add(refusal.subject);
      }
    }
    this.record(summary, refusal, now);
  }

  private open(siteKey: string, kind: RefusalKind, refusal: Refusal, windowStart: number, now: number, subject: string): Summary {
    const lumped = subject === OTHERS;
    const summary: Summary = {
      kind,
      host: refusal.host,
      subject,
      reason: refusal.reason,
      ip: refusal.ip,
      userId: lumped ? null : (refusal.userId ?? null),
      userAgent: refusal.userAgent ?? null,
      windowStart,
      count: 0,
      firstAt: now,
      lastAt: now,
      routes: new Set(),
      origins: new Set(),
      ...(lumped ? { subjects: new Set<string>() } : {}),
    };
    this.summaries.set(`${siteKey}\n${subject}`, summary);
    this.startTimer();
    return summary;
  }

  private record(summary: Summary, refusal: Refusal, now: number): void {
    summary.count += 1;
    summary.lastAt = now;
    summary.ip = refusal.ip;
    if (summary.routes.size < ROUTES_KEPT) summary.routes.add(refusal.route);
    if (refusal.origin && summary.origins.size < ORIGINS_KEPT) summary.origins.add(refusal.origin.slice(0, 200));
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Writes the summaries of every minute that ended by `now` (all of them with `Infinity`). */
  flush(now: number = Date.now()): Promise<void> {
    // One flush at a time: a slow database must not see the same summaries twice.
    this.flushing = this.flushing.then(() => this.writeEnded(now));
    return this.flushing;
  }

  private async writeEnded(now: number): Promise<void> {
    const due: Summary[] = [];
    for (const [key, summary] of this.summaries) {
      if (summary.windowStart + WINDOW_MS > now) continue;
      due.push(summary);
      this.summaries.delete(key);
    }
    for (const counts of [this.subjectsPerSite, this.hostsPerMinute]) {
      for (const key of counts.keys()) {
        const windowStart = Number(key.slice(key.lastIndexOf('\n') + 1));
        if (windowStart + WINDOW_MS <= now) counts.delete(key);
      }
    }
    if (this.summaries.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    const byHost = new Map<string, Summary[]>();
    for (const summary of due) {
      const list = byHost.get(summary.host);
      if (list) list.push(summary);
      else byHost.set(summary.host, [summary]);
    }
    for (const [host, summaries] of byHost) {
      try {
        const site = await this.siteOf(host);
        if (!site) continue;
        await this.db.withTenant(site.id, async (tx) => {
          for (const summary of summaries) await insertAuditEvent(tx, eventOf(summary));
        });
      } catch (error) {
        this.log.warn({ err: error, host }, 'refusal summaries: writing to the audit log failed');
      }
    }
  }

  /** Writes everything counted so far, the minute in progress included (shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush(Number.POSITIVE_INFINITY);
  }
}

function eventOf(summary: Summary): AuditEvent {
  const lumped = summary.subjects !== undefined;
  return {
    action: ACTIONS[summary.kind],
    actorUserId: summary.userId,
    actorIp: lumped ? null : summary.ip,
    userAgent: lumped ? null : summary.userAgent,
    targetType: summary.kind === 'rate_limited' ? 'rate_limit' : 'request',
    targetId: summary.subject,
    details: {
      reason: summary.reason,
      count: summary.count,
      windowStart: new Date(summary.windowStart).toISOString(),
      firstAt: new Date(summary.firstAt).toISOString(),
      lastAt: new Date(summary.lastAt).toISOString(),
      routes: [...summary.routes],
      ...(summary.origins.size > 0 ? { origins: [...summary.origins] } : {}),
      ...(lumped ? { subjects: summary.subjects?.size ?? 0 } : {}),
    },
  };
}

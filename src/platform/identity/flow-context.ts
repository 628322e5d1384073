import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Language } from '../http/language.js';
import { mailConfigured } from '../mail/mail-state.js';
import { siteUrlOf } from '../tenancy/site-url.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import type { Tenant } from '../tenancy/tenants.repository.js';

/** What the e-mail flows need of a request: the site, where its links point, and who asked (for the audit log). */
export interface FlowContext {
  tenant: Tenant;
  /** `https://learn.acme.com`: the site's configured address (siteUrlOf); links in mails point there. */
  siteUrl: string;
  /** Whether mail is sent (SMTP configured); without it an administrator is handed the links to pass on. */
  mailConfigured: boolean;
  ip: string;
  userAgent: string | null;
  /** The request's id (as in the log), for the audit log. */
  requestId?: string;
}

export function flowContext(request: FastifyRequest): FlowContext {
  const tenant = tenantOf(request);
  return {
    tenant,
    // Never the request's Host: a forged one would send the link, and its token, elsewhere.
    siteUrl: request.server.siteUrlOf(tenant),
    mailConfigured: request.server.mailConfigured,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  };
}

/** Who asked, as a job that finishes a request's work carries it (for the audit log). */
export interface Requester {
  ip: string;
  userAgent: string | null;
}

export function requesterOf(context: FlowContext): Requester {
  return { ip: context.ip, userAgent: context.userAgent };
}

/** The flow context of work a job does for a request: the same site address a request would have. */
export function jobFlowContext(tenant: Tenant, config: Config, requester: Requester): FlowContext {
  return { tenant, siteUrl: siteUrlOf(tenant, config), mailConfigured: mailConfigured(config), ...requester };
}

/**
 * A page of the web app with a one-time token, e.g. `/reset-password#token=…`. The token goes in the
 * fragment, which browsers never send: it stays out of request logs, proxies' logs and `Referer`.
 */
export function linkTo(context: FlowContext, page: string, token?: string): string {
  return `${context.siteUrl}${page}${token ? `#token=${encodeURIComponent(token)}` : ''}`;
}

/** The language of mails to the tenant's users (the tenant's locale until users choose their own). */
export function mailLanguage(context: FlowContext): Language {
  return settingsOf(context.tenant).locale;
}

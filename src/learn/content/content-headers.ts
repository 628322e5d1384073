import { createHash } from 'node:crypto';
import { contentOriginProblem, hostOfContentOrigin } from './content-origins.js';

/**
 * The other origins a site allows, as they may enter the policy: exact HTTPS origins only, and
 * never the app's host or the content origin's own (whatever the stored settings say).
 */
function otherOrigins(allowed: readonly string[], ownHosts: readonly string[]): string {
  const own = new Set(ownHosts.map((host) => host.toLowerCase()));
  const origins = allowed.filter((origin) => contentOriginProblem(origin) === undefined && !own.has(hostOfContentOrigin(origin)));
  return origins.map((origin) => ` ${origin}`).join('');
}

/**
 * What course content may do on its own origin: authoring-tool output runs inline scripts and
 * eval, loads its own files and data:/blob: URLs, frames its own pages — and reaches no other
 * origin but those its site allows (Settings → Course content). It may be framed only by its
 * launch frame ('self') inside the app page that opened it.
 */
export function contentSecurityPolicy(appOrigin: string, allowed: readonly string[] = [], contentHost?: string): string {
  const others = otherOrigins(allowed, [hostOfContentOrigin(appOrigin), ...(contentHost ? [contentHost] : [])]);
  return [
    `default-src 'self' data: blob:`,
    `script-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:${others}`,
    `style-src 'self' 'unsafe-inline' data: blob:${others}`,
    `img-src 'self' data: blob:${others}`,
    `media-src 'self' data: blob:${others}`,
    `font-src 'self' data: blob:${others}`,
    `connect-src 'self' data: blob:${others}`,
    `worker-src 'self' blob:`,
    `frame-src 'self' data: blob:${others}`,
    `object-src 'self'`,
    `frame-ancestors 'self' ${appOrigin}`,
    `base-uri 'self'`,
    `form-action 'self'`,
  ].join('; ');
}

/** The launch frame: our own script only; it frames the SCO from its own origin and is framed only by the app page. */
export function launchFrameSecurityPolicy(appOrigin: string): string {
  return [
    `default-src 'none'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `connect-src 'self'`,
    `frame-src 'self'`,
    `img-src 'self' data:`,
    `frame-ancestors ${appOrigin}`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

/**
 * Headers of every answer of the content origin. The credential is in the address, so no
 * referrer leaves it; nothing is sniffed; other sites cannot embed the files.
 */
export function contentHeaders(appOrigin: string, csp: string = contentSecurityPolicy(appOrigin)): Record<string, string> {
  return {
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** A short digest of a policy, part of the ETag of HTML pages: a cached page is not reused under another policy. */
export function policyTag(csp: string): string {
  return createHash('sha256').update(csp).digest('base64url').slice(0, 16);
}

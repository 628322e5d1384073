/**
 * What course content may do on its own origin: authoring-tool output runs inline scripts and
 * eval, loads its own files and data:/blob: URLs, frames its own pages — and reaches no other
 * origin. It may be framed only by its launch frame ('self') inside the app page that opened it.
 */
export function contentSecurityPolicy(appOrigin: string): string {
  return [
    `default-src 'self' data: blob:`,
    `script-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:`,
    `style-src 'self' 'unsafe-inline' data: blob:`,
    `img-src 'self' data: blob:`,
    `media-src 'self' data: blob:`,
    `font-src 'self' data: blob:`,
    `connect-src 'self' data: blob:`,
    `worker-src 'self' blob:`,
    `frame-src 'self' data: blob:`,
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

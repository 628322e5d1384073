import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type LocalisedText } from './errors.js';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DNS_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`, 'i');

/**
 * Whether a Host (or X-Forwarded-Host) value is `name[:port]` and nothing else: a DNS name, an
 * IPv4 address or a bracketed IPv6 address, and a port 1-65535. Anything a URL parser could read
 * differently — user info (`a.test:1@evil.test`), a path, a second colon, an empty or zero port,
 * spaces or other characters — is not a host.
 */
export function isValidHostHeader(value: string): boolean {
  let rest: string;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0 || isIP(value.slice(1, close)) !== 6) return false;
    rest = value.slice(close + 1);
  } else {
    const colon = value.indexOf(':');
    if (!DNS_NAME.test(colon < 0 ? value : value.slice(0, colon))) return false;
    rest = colon < 0 ? '' : value.slice(colon);
  }
  if (rest === '') return true;
  if (!/^:[0-9]{1,5}$/.test(rest)) return false;
  const port = Number(rest.slice(1));
  return port >= 1 && port <= 65535;
}

/** How many Host header lines arrived (Node keeps the first of several in `headers` and drops the rest). */
function hostHeaderLines(request: FastifyRequest): number {
  const raw = request.raw.rawHeaders;
  let lines = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'host') lines += 1;
  return lines;
}

/** An absolute-form request target (`GET http://host/path`) must name the host the Host header names. */
function targetAgreesWithHost(target: string, host: string): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return false;
  try {
    return new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}

const PROBLEMS = {
  repeated: { en: 'sent more than once', de: 'mehrfach gesendet' },
  missing: { en: 'missing', de: 'fehlt' },
  malformed: { en: 'not a host name with an optional port', de: 'kein Hostname mit optionalem Port' },
  forwarded: { en: 'X-Forwarded-Host is not a host name with an optional port', de: 'X-Forwarded-Host ist kein Hostname mit optionalem Port' },
  target: { en: 'the request target names another host', de: 'das Anfrageziel nennt einen anderen Host' },
} as const satisfies Record<string, LocalisedText>;

function hostProblem(request: FastifyRequest): LocalisedText | undefined {
  if (hostHeaderLines(request) > 1) return PROBLEMS.repeated;
  const host = request.headers.host;
  if (host === undefined || host === '') {
    // HTTP/1.0 may leave it out; such a request reaches only the routes that answer on any host.
    return request.raw.httpVersion === '1.0' && host === undefined ? undefined : PROBLEMS.missing;
  }
  if (!isValidHostHeader(host)) return PROBLEMS.malformed;
  // Behind a trusted proxy the host in use is X-Forwarded-Host's (Fastify reads it only from such a peer).
  if (request.host !== host && !isValidHostHeader(request.host)) return PROBLEMS.forwarded;
  const target = request.raw.url ?? '/';
  if (!target.startsWith('/') && target !== '*' && !targetAgreesWithHost(target, host)) return PROBLEMS.target;
  return undefined;
}

/**
 * Refuses (400 HTTP_BAD_HOST) a request whose host is not a plain `name[:port]`: the Host header
 * missing (HTTP/1.1), sent twice, carrying user info, a bad port or any other character, a
 * trusted proxy's X-Forwarded-Host likewise, or an absolute-form target naming another host.
 * Tenant resolution, redirects and the cross-origin check read the host, so this runs before all
 * of them, for every route of `app` (also those that answer on any host). Self-contained: any
 * Fastify instance of the product can register it.
 */
export function registerHostValidation(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const problem = hostProblem(request);
    done(problem === undefined ? undefined : new AppError('HTTP_BAD_HOST', [{ field: 'host', message: problem }]));
  });
}

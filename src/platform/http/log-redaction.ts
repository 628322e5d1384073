import type { FastifyRequest } from 'fastify';

/** Query parameters whose values are secrets, whatever the route: a name containing one of these words. */
const SECRET_PARAMETER = /token|code|secret|password|key/i;

/** Launch credentials travel in the path of the content origin: the log keeps only their first characters. */
function redactCredentialPath(path: string): string {
  return path.replace(/^\/(launch|c)\/([^/?]{1,8})[^/?]*/, '/$1/$2…');
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at < 0) return pair;
      let name = pair.slice(0, at);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A name that does not decode is judged as written.
      }
      return SECRET_PARAMETER.test(name) ? `${pair.slice(0, at)}=[redacted]` : pair;
    })
    .join('&');
}

/**
 * A request's address as the log may keep it: logs are read, copied and shipped by more people
 * than may use a reset link or a launch credential, so secrets in the path or query are cut out.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return redactCredentialPath(url);
  return `${redactCredentialPath(url.slice(0, at))}?${redactQuery(url.slice(at + 1))}`;
}

/** The `req` of every request log line, the app's and the content origin's: Fastify's fields, the address redacted. */
export function requestLogSerializer(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

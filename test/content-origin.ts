import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../src/app.js';

/**
 * Requests to the content origin as the player's frame makes them: to the content application,
 * on the content host the launch address names, with the credential in the path.
 */
export interface ContentOrigin {
  /** The launch credential (the token in the launch address). */
  token: string;
  /** `Host` of the content origin, e.g. `acme.test:3001`. */
  host: string;
  /** GET a package file below /c/<token>/. */
  file(path: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** POST a commit as JSON. */
  commit(payload: object): Promise<LightMyRequestResponse>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export function contentOriginOf(app: App, launchUrl: string): ContentOrigin {
  const url = new URL(launchUrl);
  const match = /^\/launch\/([^/]+)$/.exec(url.pathname);
  if (!match) throw new Error(`not a launch address: ${launchUrl}`);
  const token = match[1]!;
  const host = url.host;
  const inject = (options: InjectOptions) => app.contentApp.inject({ ...options, headers: { host, ...options.headers } });
  return {
    token,
    host,
    inject,
    file: (path, headers = {}) => inject({ method: 'GET', url: `/c/${token}/${path}`, headers }),
    commit: (payload) => inject({ method: 'POST', url: `/launch/${token}/commits`, payload }),
  };
}

import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page, Request } from '@playwright/test';
import { generate } from 'selfsigned';
import type { RunningServer } from './server.js';

/** One request a browser context made (or tried to make), and how it ended. */
export interface SeenRequest {
  url: string;
  /** Playwright's resource type, or `websocket` / `service worker`. */
  kind: string;
  /** The address of the frame that made it (empty for a service worker's own requests). */
  frame: string;
  /** `finished`, the browser's error text (`csp` for one its policy stopped), or undefined while pending. */
  outcome?: string;
}

/** Schemes whose addresses never leave the browser. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'javascript:', 'chrome:', 'chrome-error:', 'devtools:']);

/**
 * Whether an address belongs to the server under test: the app (HTTPS, and its plain-HTTP port
 * that redirects) on `localhost`, and the content origin, `https://<site>.content.localhost` on
 * the content port. Addresses of local schemes (data:, blob:) leave nothing and count as its own.
 */
export function isServersOwn(server: RunningServer, address: string): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (LOCAL_SCHEMES.has(url.protocol)) return true;
  const port = Number(url.port || (url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80));
  const host = url.hostname.toLowerCase();
  if (host === 'localhost') return port === server.httpsPort || port === server.port;
  if (host.endsWith('.content.localhost')) return port === server.contentPort;
  return false;
}

/** Whether the browser stopped a request under the page's content security policy (Chromium says `csp`, or net::ERR_BLOCKED_BY_CSP). */
function refusedByPolicy(outcome: string | undefined): boolean {
  return outcome === 'csp' || (outcome?.includes('BLOCKED_BY_CSP') ?? false);
}

function frameOf(request: Request): string {
  try {
    return request.frame().url();
  } catch {
    // A service worker's request has no frame.
    return '';
  }
}

/**
 * Records every request of a browser context: its pages, their frames (course content in the
 * player included), pop-ups, service workers and WebSockets, with how each ended. Attach it before
 * the context's first navigation.
 */
export class RequestRecorder {
  readonly seen: SeenRequest[] = [];
  private readonly byRequest = new Map<Request, SeenRequest>();

  constructor(private readonly server: RunningServer) {}

  watch(context: BrowserContext): BrowserContext {
    context.on('request', (request) => {
      const entry: SeenRequest = { url: request.url(), kind: request.serviceWorker() ? 'service worker request' : request.resourceType(), frame: frameOf(request) };
      this.byRequest.set(request, entry);
      this.seen.push(entry);
    });
    context.on('requestfinished', (request) => {
      const entry = this.byRequest.get(request);
      if (entry) entry.outcome = 'finished';
    });
    context.on('requestfailed', (request) => {
      const entry = this.byRequest.get(request);
      if (entry) entry.outcome = request.failure()?.errorText ?? 'failed';
    });
    context.on('serviceworker', (worker) => this.seen.push({ url: worker.url(), kind: 'service worker', frame: '', outcome: 'finished' }));
    const watchPage = (page: Page) => page.on('websocket', (socket) => this.seen.push({ url: socket.url(), kind: 'websocket', frame: page.url(), outcome: 'opened' }));
    context.pages().forEach(watchPage);
    context.on('page', watchPage);
    return context;
  }

  /** How many requests went to the server's own origins (a journey that recorded nothing proves nothing). */
  ownCount(): number {
    return this.seen.filter((entry) => isServersOwn(this.server, entry.url)).length;
  }

  /**
   * The requests to other origins that may have left the browser, one line each. Course content
   * runs code of its author: its attempts count only if its content security policy let them
   * through; the app's own pages may not even try.
   */
  leaks(): string[] {
    return this.seen
      .filter((entry) => !isServersOwn(this.server, entry.url))
      .filter((entry) => !(this.fromCourseContent(entry) && refusedByPolicy(entry.outcome)))
      .map((entry) => `${entry.kind} ${entry.url} (from ${entry.frame || 'no frame'}; ${entry.outcome ?? 'pending'})`);
  }

  private fromCourseContent(entry: SeenRequest): boolean {
    try {
      const frame = new URL(entry.frame);
      return frame.hostname.endsWith('.content.localhost') && Number(frame.port) === this.server.contentPort;
    } catch {
      return false;
    }
  }
}

/** An HTTPS server standing in for a third party (a CDN, a tracker): it counts every request that reaches it. */
export interface ThirdParty {
  /** `https://tracker.localhost:<port>` (Chromium resolves *.localhost to this machine). */
  origin: string;
  host: string;
  /** The paths requested so far. */
  hits: string[];
  close(): Promise<void>;
}

export async function startThirdParty(): Promise<ThirdParty> {
  const pems = await generate([{ name: 'commonName', value: 'tracker.localhost' }], { keySize: 2048, algorithm: 'sha256' });
  const hits: string[] = [];
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('seen');
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const host = `tracker.localhost:${String((server.address() as AddressInfo).port)}`;
  return {
    origin: `https://${host}`,
    host,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import http from 'node:http';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { isContentHostname } from './content-origin.js';
import { readTlsFiles, type TlsFiles } from './tls-files.js';

/**
 * With a certificate configured, Fastify's own server is the HTTPS listener (these options go into
 * Fastify()), and a plain HTTP listener beside it hands its requests to the same router. A request
 * is 'https' exactly when it arrived on the TLS socket (or a trusted proxy says so).
 */
/**
 * Against slow clients (slowloris): headers must arrive within LECTERN_HEADERS_TIMEOUT_MS, and
 * connections are checked for it every second (Node's default is every 30 s).
 */
export function slowClientOptions(config: Config): { headersTimeout: number; connectionsCheckingInterval: number } {
  return { headersTimeout: config.headersTimeoutMs, connectionsCheckingInterval: 1_000 };
}

/**
 * The TLS protocol settings of the HTTPS listeners (the app's and the content origin's), at start and on every certificate reload:
 * TLS 1.2 or newer; in TLS 1.2 only ECDHE key exchange (forward secrecy) with AEAD ciphers
 * (AES-GCM, ChaCha20-Poly1305) — no CBC, no static RSA or DHE key exchange; TLS 1.3's suites
 * (all AEAD with forward secrecy). The server's order wins: AES-GCM first (hardware-accelerated
 * almost everywhere), ChaCha20 for clients without AES instructions.
 */
export const TLS_PROTOCOL_OPTIONS = {
  minVersion: 'TLSv1.2',
  ciphers: [
    'TLS_AES_128_GCM_SHA256',
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
  ].join(':'),
  honorCipherOrder: true,
} as const satisfies https.ServerOptions;

/** The server options of a listener: HTTPS with `tls` (the app's certificate by default; the content listener may have its own). */
export function httpsServerOptions(config: Config, tls: TlsFiles | undefined = config.tls): { https: https.ServerOptions } | { http: http.ServerOptions } {
  return tls ? { https: { cert: tls.cert, key: tls.key, ...TLS_PROTOCOL_OPTIONS, ...slowClientOptions(config) } } : { http: slowClientOptions(config) };
}

/** Where this node answers on the machine itself, for the first-start message. */
export function localBaseUrl(config: Config): string {
  return config.tls ? `https://localhost:${config.httpsPort}` : `http://localhost:${config.port}`;
}

export interface Listeners {
  /** The bound ports (tests listen on port 0). */
  httpPort: number;
  httpsPort: number | undefined;
  /** The course-content listener's port (HTTPS when a certificate is configured). */
  contentPort: number;
  /** Re-reads the configured certificate and key (after a renewal; SIGHUP); new connections use them.
   *  A broken pair is logged and refused, and the previous one stays in use. */
  reloadCertificate(): { validTo: Date } | { problems: string[] };
  /** Both listeners stop accepting at once; requests in flight on either finish; then the app closes. */
  close(): Promise<void>;
}

const REAP_INTERVAL_MS = 100;

function portOf(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * With a configured content origin, one listener (one port 443) may serve both: a request naming a
 * content host goes to the content application, every other to the app.
 */
function contentDispatch(config: Config, content: FastifyInstance, app: RequestHandler): RequestHandler {
  if (!config.content.origin) return app;
  return (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (isContentHostname(config, host)) content.routing(req, res);
    else app(req, res);
  };
}

/** The plain listener behaves like Fastify's own server: same timeouts, same answer to malformed requests. */
function plainServerLike(app: FastifyInstance, handler: RequestHandler): http.Server {
  const main = app.server;
  const plain = http.createServer({ headersTimeout: main.headersTimeout, connectionsCheckingInterval: 1_000 }, handler);
  plain.keepAliveTimeout = main.keepAliveTimeout;
  plain.requestTimeout = main.requestTimeout;
  plain.headersTimeout = main.headersTimeout;
  plain.timeout = main.timeout;
  plain.maxRequestsPerSocket = main.maxRequestsPerSocket;
  for (const listener of main.listeners('clientError')) plain.on('clientError', listener as (...args: unknown[]) => void);
  return plain;
}

/** Warnings an operator should see at start: an expiring certificate, or no way to serve sensitive routes. */
function logTransport(app: FastifyInstance, config: Config): void {
  if (config.tls) {
    const daysLeft = (config.tls.validTo.getTime() - Date.now()) / 86_400_000;
    const facts = { certificate: config.tls.certFile, validTo: config.tls.validTo.toISOString() };
    if (daysLeft <= 0) app.log.error(facts, 'the TLS certificate has expired; browsers will refuse the HTTPS site');
    else if (daysLeft < 14) app.log.warn(facts, `the TLS certificate expires in ${Math.floor(daysLeft)} days`);
    else app.log.info(facts, 'serving HTTPS');
  }
  if (!config.tls && config.env === 'production' && config.trustProxy.length === 0) {
    app.log.warn(
      'no TLS certificate (LECTERN_TLS_CERT) and no trusted proxy (LECTERN_TRUST_PROXY): sign-in and other sensitive routes are refused over plain HTTP in production',
    );
  }
}

/**
 * Listens on config.port (HTTP) and, with a certificate, config.httpsPort (HTTPS), and the content
 * application on config.content.port; `ports` overrides them (tests).
 */
export async function startListeners(
  app: FastifyInstance & { contentApp: FastifyInstance },
  config: Config,
  ports: { http?: number; https?: number; content?: number } = {},
): Promise<Listeners> {
  logTransport(app, config);
  await app.ready();
  // Fastify's own request handler, wrapped so configured content host names reach the content application.
  const [fastifyHandler] = app.server.listeners('request') as RequestHandler[];
  const handler = contentDispatch(config, app.contentApp, fastifyHandler!);
  if (handler !== fastifyHandler) {
    app.server.removeAllListeners('request');
    app.server.on('request', handler);
  }
  const plain = config.tls ? plainServerLike(app, handler) : undefined;
  const mainPort = plain ? (ports.https ?? config.httpsPort) : (ports.http ?? config.port);
  await app.listen({ port: mainPort, host: config.host });
  try {
    if (plain) await listen(plain, ports.http ?? config.port, config.host);
    await app.contentApp.listen({ port: ports.content ?? config.content.port, host: config.host });
  } catch (error) {
    if (plain?.listening) plain.close();
    await app.close();
    throw error;
  }
  const servers = plain ? [app.server, plain, app.contentApp.server] : [app.server, app.contentApp.server];

  return {
    httpPort: portOf(plain ?? app.server),
    httpsPort: plain ? portOf(app.server) : undefined,
    contentPort: portOf(app.contentApp.server),

    reloadCertificate() {
      if (!config.tls) return { problems: ['no certificate is configured (LECTERN_TLS_CERT, LECTERN_TLS_KEY)'] };
      const problems: string[] = [];
      const fresh = readTlsFiles(config.tls.certFile, config.tls.keyFile, problems);
      if (!fresh) {
        app.log.error({ problems }, 'TLS certificate not reloaded; the previous one stays in use');
        return { problems };
      }
      (app.server as unknown as https.Server).setSecureContext({ cert: fresh.cert, key: fresh.key, ...TLS_PROTOCOL_OPTIONS });
      // The content listener: its own certificate when one is configured, else the same one.
      const contentTls = config.content.tls ? readTlsFiles(config.content.tls.certFile, config.content.tls.keyFile, problems, 'LECTERN_CONTENT_TLS') : fresh;
      if (contentTls) (app.contentApp.server as unknown as https.Server).setSecureContext({ cert: contentTls.cert, key: contentTls.key, ...TLS_PROTOCOL_OPTIONS });
      else app.log.error({ problems }, 'content TLS certificate not reloaded; the previous one stays in use');
      app.log.info({ certificate: fresh.certFile, validTo: fresh.validTo.toISOString() }, 'TLS certificate reloaded');
      return { validTo: fresh.validTo };
    },

    async close() {
      // A keep-alive connection whose request finishes during the drain would otherwise stay open
      // until its idle timeout; close such connections as soon as they are idle.
      const reaper = setInterval(() => servers.forEach((s) => s.closeIdleConnections()), REAP_INTERVAL_MS);
      reaper.unref();
      try {
        const plainClosed = plain ? new Promise<void>((resolve) => plain.close(() => resolve())) : Promise.resolve();
        await app.close();
        await plainClosed;
      } finally {
        clearInterval(reaper);
      }
    },
  };
}

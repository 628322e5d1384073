import { EventEmitter, once } from 'node:events';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { Client, xml, type XmlElement } from '@xmpp/client-core';
import ConnectionTCP from '@xmpp/connection-tcp';
import iqCaller from '@xmpp/iq/caller.js';
import middleware from '@xmpp/middleware';
import resourceBinding from '@xmpp/resource-binding';
import sasl from '@xmpp/sasl';
import saslPlain from '@xmpp/sasl-plain';
import saslScramSha1 from '@xmpp/sasl-scram-sha-1';
import streamFeatures from '@xmpp/stream-features';
import SASLFactory from 'saslmechanisms';

/*
 * An XMPP client session that never talks in the clear. It is composed from xmpp.js's parts
 * rather than taken whole from @xmpp/client, whose STARTTLS step accepts no TLS options (no CA,
 * no way to name the certificate's identity, no minimum version): here every TLS handshake, the
 * STARTTLS upgrade on xmpp:// and direct TLS on xmpps://, uses the session's own options, and a
 * server that offers no STARTTLS is left before any credential is sent.
 */

const NS_STREAMS = 'http://etherx.jabber.org/streams';
const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_PING = 'urn:xmpp:ping';

export interface XmppSessionOptions {
  /** xmpp://host[:5222] (STARTTLS) or xmpps://host[:5223] (TLS from the first byte). */
  service: string;
  /** The XMPP domain: the certificate must be valid for it. */
  domain: string;
  username: string;
  password: string;
  resource?: string;
  /** Verify the server's certificate (default true). */
  tlsRejectUnauthorized?: boolean;
  /** PEM certificate(s) of the CA(s) to trust instead of the system's. */
  ca?: string;
  /** Milliseconds for connecting, negotiating and signing in, all together (default 15000). */
  timeoutMs?: number;
  /** Announce presence, so messages to the bare JID reach this session (a receiving client). */
  available?: boolean;
  /** Called with each incoming chat message that has a body. */
  onMessage?: (message: { from: string; body: string }) => void;
}

export interface XmppSession {
  /** Sends a chat message; resolves when it is written, not when delivered (see flush). */
  sendChat(to: string, body: string): Promise<string>;
  /**
   * One round trip to the server: it handles stanzas in order, so once it answers, every message
   * sent before was routed, and any bounce (an unknown user) has arrived. Returns the bounces by message id.
   */
  flush(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export class XmppTlsError extends Error {
  override name = 'XmppTlsError';
}

/** The @xmpp socket contract (connect, write, end, and connect/data/close/error events) over a TLS socket. */
class TlsSocket extends EventEmitter {
  readonly secure = true;
  private socket: tls.TLSSocket | null = null;

  constructor(private readonly tlsOptions: tls.ConnectionOptions) {
    super();
  }

  connect(parameters: { port: number; host: string } | { socket: Socket }): void {
    const socket = tls.connect({ ...this.tlsOptions, ...parameters });
    this.socket = socket;
    socket.on('secureConnect', () => this.emit('connect'));
    socket.on('data', (data: Buffer) => this.emit('data', data));
    socket.on('close', (hadError: boolean) => this.emit('close', hadError));
    socket.on('error', (error: Error) => this.emit('error', error));
  }

  write(data: string, callback: (error?: Error | null) => void): void {
    if (!this.socket) return callback(new Error('not connected'));
    this.socket.write(data, callback);
  }

  end(): void {
    this.socket?.end();
  }

  destroy(): void {
    this.socket?.destroy();
  }
}

function endpointOf(service: string, protocol: 'xmpp:' | 'xmpps:', defaultPort: number) {
  const url = new URL(service);
  if (url.protocol !== protocol) return undefined;
  return { port: url.port ? Number(url.port) : defaultPort, host: url.hostname.replace(/^\[|\]$/g, '') };
}

/** Opens a signed-in session, or rejects with why not (TLS refused, certificate not trusted, wrong password, timeout). */
export async function openXmppSession(options: XmppSessionOptions): Promise<XmppSession> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const tlsOptions: tls.ConnectionOptions = {
    servername: options.domain,
    rejectUnauthorized: options.tlsRejectUnauthorized ?? true,
    minVersion: 'TLSv1.2',
    ...(options.ca ? { ca: options.ca } : {}),
  };
  class SessionTlsSocket extends TlsSocket {
    constructor() {
      super(tlsOptions);
    }
  }
  class StartTlsTransport extends ConnectionTCP {
    override socketParameters(service: string) {
      return endpointOf(service, 'xmpp:', 5222);
    }
  }
  class DirectTlsTransport extends ConnectionTCP {
    override socketParameters(service: string) {
      return endpointOf(service, 'xmpps:', 5223);
    }
  }
  Object.assign(StartTlsTransport.prototype, { NS: 'jabber:client' });
  Object.assign(DirectTlsTransport.prototype, { NS: 'jabber:client', Socket: SessionTlsSocket });

  const entity = new Client({ service: options.service, domain: options.domain, timeout: Math.min(timeoutMs, 10_000) });
  entity.transports.push(StartTlsTransport, DirectTlsTransport);
  // Errors after the session failed or closed (a late socket error) must not crash the process.
  entity.on('error', () => {});

  const pipeline = middleware({ entity });
  const features = streamFeatures({ middleware: pipeline });
  const iq = iqCaller({ middleware: pipeline, entity });

  // First: never go on unencrypted. A server that offers no STARTTLS gets no credentials.
  pipeline.use((ctx, next) => {
    const { stanza } = ctx;
    if (stanza.is('features', NS_STREAMS) && !entity.isSecure() && !stanza.getChild('starttls', NS_TLS)) {
      throw new XmppTlsError('the XMPP server does not offer STARTTLS (refusing to sign in without TLS)');
    }
    return next();
  });

  const bounces = new Map<string, string>();
  pipeline.use((ctx, next) => {
    const { stanza } = ctx;
    if (stanza.is('message')) {
      const id = stanza.attrs.id;
      if (stanza.attrs.type === 'error' && id) {
        const error = stanza.getChild('error');
        bounces.set(id, error ? describeStanzaError(error) : 'error');
      } else {
        const body = stanza.getChildText('body');
        if (body !== null) options.onMessage?.({ from: stanza.attrs.from ?? '', body });
      }
    }
    return next();
  });

  features.use('starttls', NS_TLS, async ({ entity: session }, next) => {
    if (session.isSecure()) return next();
    const answer = await session.sendReceive(xml('starttls', { xmlns: NS_TLS }));
    if (!answer.is('proceed', NS_TLS)) throw new XmppTlsError('the XMPP server refused STARTTLS');
    const secure = new SessionTlsSocket();
    secure.connect({ socket: session.socket as unknown as Socket });
    try {
      await once(secure, 'connect');
    } catch (error) {
      // A refused handshake may report more errors while the socket closes: they change nothing.
      secure.on('error', () => {});
      secure.destroy();
      throw new XmppTlsError(`TLS with the XMPP server failed: ${(error as Error).message}`, { cause: error });
    }
    session._attachSocket(secure);
    await session.restart();
  });

  const factory = new SASLFactory();
  saslScramSha1(factory);
  saslPlain(factory);
  sasl({ streamFeatures: features, saslFactory: factory }, async (done, mechanisms) => {
    const mechanism = mechanisms[0];
    if (!mechanism) throw new Error('the XMPP server offers no supported SASL mechanism');
    await done({ username: options.username, password: options.password }, mechanism);
  });
  resourceBinding({ iqCaller: iq, streamFeatures: features }, options.resource ?? 'lectern-monitor');

  const destroy = () => (entity.socket as { destroy?: () => void } | null)?.destroy?.();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      entity.start(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no XMPP session within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    destroy();
    throw error instanceof Error ? error : new Error(String(error));
  } finally {
    clearTimeout(timer);
  }
  if (options.available) await entity.send(xml('presence'));

  let nextId = 0;
  return {
    async sendChat(to, body) {
      const id = `alert-${Date.now().toString(36)}-${nextId++}`;
      await entity.send(xml('message', { type: 'chat', to, id }, xml('body', {}, body)));
      return id;
    },
    async flush() {
      try {
        await iq.request(xml('iq', { type: 'get', to: options.domain }, xml('ping', { xmlns: NS_PING })), Math.min(timeoutMs, 10_000));
      } catch (error) {
        // An error answer is an answer: the server got this far. Only silence is a failure.
        if ((error as Error).name !== 'StanzaError') throw error;
      }
      return new Map(bounces);
    },
    async close() {
      try {
        await Promise.race([entity.stop(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      } catch {
        // Closing is best effort: what was sent was already flushed.
      }
      destroy();
    },
  };
}

function describeStanzaError(error: XmlElement): string {
  const condition = (error as unknown as { children?: { name?: string }[] }).children?.find((child) => child.name && child.name !== 'text')?.name;
  const text = error.getChildText('text');
  return [condition ?? 'error', text].filter(Boolean).join(': ');
}

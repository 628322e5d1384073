// The parts of xmpp.js the XMPP channel composes (the packages ship no type declarations).
// Only what xmpp-session.ts uses is declared.

declare module '@xmpp/client-core' {
  import type { EventEmitter } from 'node:events';

  export interface XmlElement {
    name: string;
    attrs: Record<string, string | undefined>;
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): XmlElement | undefined;
    getChildText(name: string, xmlns?: string): string | null;
    text(): string;
    toString(): string;
  }

  export function xml(name: string, attrs?: Record<string, string | undefined>, ...children: (XmlElement | string | undefined)[]): XmlElement;

  export interface ClientOptions {
    service: string;
    domain: string;
    /** Milliseconds for each step that waits for the server (stream open, request/response). */
    timeout?: number;
  }

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    options: ClientOptions;
    transports: unknown[];
    socket: { secure?: boolean; destroy?: () => void } | null;
    status: string;
    jid: { toString(): string } | null;
    isSecure(): boolean;
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    send(element: XmlElement): Promise<void>;
    sendReceive(element: XmlElement, timeout?: number): Promise<XmlElement>;
    restart(): Promise<unknown>;
    _attachSocket(socket: unknown): void;
  }
}

declare module '@xmpp/connection-tcp' {
  export default class ConnectionTCP {
    socketParameters(service: string): { port: number | null; host: string } | undefined;
    Socket: unknown;
  }
}

declare module '@xmpp/middleware' {
  import type { Client, XmlElement } from '@xmpp/client-core';
  export interface IncomingContext {
    stanza: XmlElement;
    entity: Client;
  }
  export type Middleware = (ctx: IncomingContext, next: () => Promise<unknown>) => unknown;
  export interface MiddlewareApi {
    use(fn: Middleware): Middleware;
  }
  export default function middleware(deps: { entity: Client }): MiddlewareApi;
}

declare module '@xmpp/stream-features' {
  import type { IncomingContext, MiddlewareApi } from '@xmpp/middleware';
  import type { XmlElement } from '@xmpp/client-core';
  export interface StreamFeatures {
    use(name: string, xmlns: string, handler: (ctx: IncomingContext, next: () => Promise<unknown>, feature: XmlElement) => unknown): void;
  }
  export default function streamFeatures(deps: { middleware: MiddlewareApi }): StreamFeatures;
}

declare module '@xmpp/iq/caller.js' {
  import type { Client, XmlElement } from '@xmpp/client-core';
  import type { MiddlewareApi } from '@xmpp/middleware';
  export interface IqCaller {
    request(stanza: XmlElement, timeout?: number): Promise<XmlElement>;
    get(element: XmlElement, to?: string, timeout?: number): Promise<XmlElement>;
    set(element: XmlElement, to?: string, timeout?: number): Promise<XmlElement>;
  }
  export default function iqCaller(deps: { middleware: MiddlewareApi; entity: Client }): IqCaller;
}

declare module 'saslmechanisms' {
  export default class SASLFactory {
    use(mechanism: unknown): void;
  }
}

declare module '@xmpp/sasl' {
  import type SASLFactory from 'saslmechanisms';
  import type { StreamFeatures } from '@xmpp/stream-features';
  export type OnAuthenticate = (
    done: (credentials: { username: string; password: string }, mechanism: string) => Promise<void>,
    mechanisms: string[],
  ) => Promise<void>;
  export default function sasl(deps: { streamFeatures: StreamFeatures; saslFactory: SASLFactory }, onAuthenticate: OnAuthenticate): void;
}

declare module '@xmpp/sasl-plain' {
  import type SASLFactory from 'saslmechanisms';
  export default function saslPlain(factory: SASLFactory): void;
}

declare module '@xmpp/sasl-scram-sha-1' {
  import type SASLFactory from 'saslmechanisms';
  export default function saslScramSha1(factory: SASLFactory): void;
}

declare module '@xmpp/resource-binding' {
  import type { IqCaller } from '@xmpp/iq/caller.js';
  import type { StreamFeatures } from '@xmpp/stream-features';
  export default function resourceBinding(deps: { iqCaller: IqCaller; streamFeatures: StreamFeatures }, resource?: string): void;
}

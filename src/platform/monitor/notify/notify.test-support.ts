import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertNotice } from '../alert-notice.js';
import type { NotifyLogger } from './notifier.js';

/** A notice as the monitor makes them: firing critical on a Wednesday night unless told otherwise. */
export function notice(overrides: Partial<AlertNotice> = {}): AlertNotice {
  return {
    alertKey: 'disk_free:disk:/var/lib/lectern',
    rule: 'disk_free',
    component: 'disk:/var/lib/lectern',
    severity: 'critical',
    state: 'firing',
    summary: 'Free disk 4.2% on /var/lib/lectern (warning below 10%, critical below 5%)',
    value: 4.2,
    since: new Date('2026-07-15T18:55:00Z'),
    at: new Date('2026-07-15T19:00:00Z'),
    ...overrides,
  };
}

export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  object: object;
  message: string;
}

export function recordingLogger(): NotifyLogger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  return {
    lines,
    info: (object, message) => void lines.push({ level: 'info', object, message }),
    warn: (object, message) => void lines.push({ level: 'warn', object, message }),
    error: (object, message) => void lines.push({ level: 'error', object, message }),
  };
}

export interface GatewayRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP endpoint standing in for an SMS gateway: records each request, answers `status` (or never, with 'hang'). */
export async function startSmsGateway(answer: { status: number } | 'hang' = { status: 202 }) {
  const requests: GatewayRequest[] = [];
  let reply = answer;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (reply === 'hang') return;
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(next: { status: number } | 'hang') {
      reply = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

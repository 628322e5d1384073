import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger, requestLogController } from './request-logging.js';

function capturingServer(level: 'info' | 'warn') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = Fastify({
    loggerInstance: pino({ level }, stream),
    logController: requestLogController(),
    childLoggerFactory: lazyChildLogger,
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/api/thing', async (request) => {
    request.log.warn({ detail: 'x' }, 'something odd');
    return { ok: true };
  });
  return { app, lines };
}

describe('request logging', () => {
  it('writes the request and answer lines with the request id, but none for health probes', async () => {
    const { app, lines } = capturingServer('info');
    await app.inject({ url: '/healthz' });
    await app.inject({ url: '/readyz' });
    expect(lines).toEqual([]);

    const answer = await app.inject({ url: '/api/thing' });
    expect(answer.statusCode).toBe(200);
    const messages = lines.map((l) => l.msg);
    expect(messages).toEqual(['incoming request', 'something odd', 'request completed']);
    const reqIds = new Set(lines.map((l) => l.reqId));
    expect(reqIds.size).toBe(1);
    expect([...reqIds][0]).toEqual(expect.any(String));
  });

  it('at warn writes only what is warned, still with the request id', async () => {
    const { app, lines } = capturingServer('warn');
    await app.inject({ url: '/api/thing' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'something odd', detail: 'x', reqId: expect.any(String) });
  });

  it('the answer line names who made the request once a guard has said so, and nobody otherwise', async () => {
    const { app, lines } = capturingServer('info');
    app.decorateRequest('requester', null);
    app.get('/api/mine', { onRequest: async (request) => void (request.requester = { userId: 'u1', tokenId: 't1' }) }, async () => ({ ok: true }));
    await app.inject({ url: '/api/mine' });
    expect(lines.find((l) => l.msg === 'request completed')).toMatchObject({ userId: 'u1', tokenId: 't1', res: { statusCode: 200 } });
    lines.length = 0;
    await app.inject({ url: '/api/thing' });
    expect(lines.find((l) => l.msg === 'request completed')).not.toHaveProperty('userId');
  });

  it('gives a route with its own level a real child at that level', () => {
    const lines: string[] = [];
    const parent = pino({ level: 'info' }, new Writable({ write: (c: Buffer, _e, d) => (lines.push(c.toString()), d()) }));
    const quiet = lazyChildLogger(parent, { reqId: 'r1' }, { level: 'error' });
    quiet.warn('dropped');
    quiet.error('kept');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['kept']);
  });
});

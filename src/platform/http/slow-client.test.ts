import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';

describe('slow clients', () => {
  let ctx: TestContext;
  let port: number;
  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_HEADERS_TIMEOUT_MS: '1000' } });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as net.AddressInfo).port;
  });
  afterAll(() => ctx.close());

  it('a client that never finishes its headers is cut off after the headers timeout', async () => {
    const started = performance.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: '));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('still open after 8 s')), 8_000).unref();
    });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(4_000);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('a client that sends its request promptly is answered', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('stalled requests', () => {
  let ctx: TestContext;
  let port: number;
  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_IDLE_TIMEOUT_MS: '1000' } });
    // A real tenant: the body is read only once the request reached its route.
    await createTenantWithUser(ctx.db, 'slow');
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as net.AddressInfo).port;
  });
  afterAll(() => ctx.close());

  it('a client that stops sending its body half-way is cut off after the idle timeout', async () => {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write('POST /api/auth/sign-in HTTP/1.1\r\nHost: slow.test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":'),
      );
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      setTimeout(() => reject(new Error('still open after 8 s')), 8_000).unref();
    });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe('idle connections between requests', () => {
  // One answered request on a raw connection, then the time until the server closes it.
  async function idleCloseAfter(port: number): Promise<{ answer: string; idleMs: number }> {
    return new Promise((resolve, reject) => {
      let answeredAt = 0;
      let answer = '';
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n'));
      socket.on('data', (d) => {
        answer += d.toString();
        answeredAt ||= performance.now();
      });
      socket.on('close', () => resolve({ answer, idleMs: performance.now() - answeredAt }));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('still open after 8 s')), 8_000).unref();
    });
  }

  it('are closed after LECTERN_KEEP_ALIVE_TIMEOUT_MS, which the answer announces', async () => {
    const ctx = await createTestApp({ env: { LECTERN_KEEP_ALIVE_TIMEOUT_MS: '1500' } });
    try {
      await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const { answer, idleMs } = await idleCloseAfter((ctx.app.server.address() as net.AddressInfo).port);
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(answer).toMatch(/\r\nKeep-Alive: timeout=1\r\n/i);
      expect(idleMs).toBeGreaterThanOrEqual(1_300);
      expect(idleMs).toBeLessThan(4_000);
    } finally {
      await ctx.close();
    }
  });

  it('a value out of range is refused at start, naming the setting', async () => {
    await expect(createTestApp({ env: { LECTERN_KEEP_ALIVE_TIMEOUT_MS: '50' } })).rejects.toThrow(/LECTERN_KEEP_ALIVE_TIMEOUT_MS/);
  });
});

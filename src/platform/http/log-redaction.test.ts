import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { redactUrl } from './log-redaction.js';

describe('redactUrl', () => {
  it('cuts the values of secret-looking query parameters, and keeps the others', () => {
    expect(redactUrl('/reset-password?token=abc')).toBe('/reset-password?token=[redacted]');
    expect(redactUrl('/x?page=2&access_token=abc&code=123&client_secret=s&password=p&api%5Fkey=k&q=find')).toBe(
      '/x?page=2&access_token=[redacted]&code=[redacted]&client_secret=[redacted]&password=[redacted]&api%5Fkey=[redacted]&q=find',
    );
    expect(redactUrl('/courses?sort=title')).toBe('/courses?sort=title');
  });

  it('keeps only the first characters of a launch credential in the path', () => {
    expect(redactUrl('/launch/abcdefghijklmnop/commits?x=1')).toBe('/launch/abcdefgh…/commits?x=1');
    expect(redactUrl('/c/abcdefghijklmnop/index.html')).toBe('/c/abcdefgh…/index.html');
  });
});

describe(`the request log (${engine})`, () => {
  let ctx: TestContext;
  let host: string;
  const lines: string[] = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    ctx = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: stream });
    host = (await createTenantWithUser(ctx.db, 'acme')).host;
  });
  afterAll(() => ctx.close());

  it('never writes the token of a mailed link or a launch credential, on the app or the content origin', async () => {
    const secret = 'Zq8sEcReT0kenValue123';
    await ctx.app.inject({ method: 'GET', url: `/reset-password?token=${secret}`, headers: { host, accept: 'text/html' } });
    await ctx.app.inject({ method: 'GET', url: `/accept-invitation?lang=de&token=${secret}`, headers: { host, accept: 'text/html' } });
    await ctx.app.inject({ method: 'GET', url: `/launch/${secret}`, headers: { host, accept: 'text/html' } });
    await ctx.app.contentApp.inject({ method: 'GET', url: `/launch/${secret}`, headers: { host } });
    await ctx.app.contentApp.inject({ method: 'GET', url: `/c/${secret}/index.html`, headers: { host } });

    const requestLines = lines.filter((line) => line.includes('"incoming request"'));
    expect(requestLines.length).toBeGreaterThanOrEqual(5);
    expect(requestLines.join('\n')).toContain('/reset-password?token=[redacted]');
    expect(requestLines.join('\n')).toContain('/accept-invitation?lang=de&token=[redacted]');
    expect(lines.join('\n')).not.toContain(secret);
  });
});

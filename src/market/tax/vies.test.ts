import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVatIdWithVies } from './vies.js';

type Answer = (response: ServerResponse) => void;

const json =
  (body: unknown, status = 200): Answer =>
  (response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

const answer = (vatNumber: string, fields: Record<string, unknown>) =>
  json({ countryCode: 'DE', vatNumber, requestDate: '2025-03-01T10:00:00.000Z', name: '---', address: '---', ...fields });

/** The stand-in's answer for each VAT number asked about. */
const ANSWERS: Record<string, Answer> = {
  '100000001': answer('100000001', { valid: true, userError: 'VALID', name: 'Muster GmbH', address: 'Musterstr. 1\n10115 Berlin' }),
  '100000002': answer('100000002', { valid: false, userError: 'INVALID' }),
  '100000003': answer('100000003', { valid: false, userError: 'MS_UNAVAILABLE' }),
  '100000004': (response) => {
    setTimeout(() => answer('100000004', { valid: true })(response), 2000);
  },
  '100000005': (response) => {
    response.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
  },
  '100000006': (response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"valid": tru');
  },
  '100000007': json({ actionSucceed: false, errorWrappers: [{ error: 'MS_MAX_CONCURRENT_REQ', message: 'busy' }] }, 500),
  '100000008': answer('100000008', { valid: false, userError: 'INVALID_INPUT' }),
  '100000009': answer('100000009', { valid: true, name: `\u0007Evil\u202e\r\nCorp ${'x'.repeat(1000)}`, address: 42 }),
  '100000010': answer('100000010', { valid: true, name: '\u0000 \u0001', address: '  Hauptstr. 5\r\n80331 München  ' }),
  '100000011': answer('999999999', { valid: true }),
  '100000012': (response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ valid: true, name: 'x'.repeat(100_000) }));
  },
  '100000013': (response) => {
    // Headers at once, then a body that never finishes.
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"valid":');
  },
  '100000014': json({ valid: 'yes' }),
  '100000015': answer('100000015', { valid: false, userError: 'VALID' }),
  '100000016': (response) => {
    response.writeHead(302, { location: '/vies/rest-api/check-vat-number?elsewhere' }).end();
  },
  '100000017': answer('100000017', { valid: true, userError: 'timeout; rm -rf /' }),
  '100000018': answer('100000018', { valid: true, userError: 'TIMEOUT' }),
};

let server: Server;
let baseUrl: string;
const requests: { method: string | undefined; url: string | undefined; contentType: string | undefined; body: unknown }[] = [];

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { vatNumber?: string };
    requests.push({ method: request.method, url: request.url, contentType: request.headers['content-type'], body });
    const reply = request.url === '/vies/rest-api/check-vat-number' && body.vatNumber !== undefined ? ANSWERS[body.vatNumber] : undefined;
    if (reply) reply(response);
    else response.writeHead(404).end();
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vies/rest-api/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const check = (number: string, timeoutMs = 1000) => checkVatIdWithVies('DE', number, { baseUrl, timeoutMs });

describe('checkVatIdWithVies', () => {
  it('posts the prefix and number as JSON and reports a valid number with its name and address', async () => {
    const before = Date.now();
    const result = await check('100000001');
    expect(result).toEqual({ status: 'valid', checkedAt: expect.any(String), name: 'Muster GmbH', address: 'Musterstr. 1\n10115 Berlin' });
    expect(Date.parse(result.checkedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(requests.at(-1)).toEqual({
      method: 'POST',
      url: '/vies/rest-api/check-vat-number',
      contentType: 'application/json',
      body: { countryCode: 'DE', vatNumber: '100000001' },
    });
  });

  it('reports an invalid number', async () => {
    expect(await check('100000002')).toEqual({ status: 'invalid', checkedAt: expect.any(String) });
  });

  it("reports a member state's outage as unverified with its code", async () => {
    expect(await check('100000003')).toEqual({ status: 'unverified', checkedAt: expect.any(String), reason: 'MS_UNAVAILABLE' });
    expect(await check('100000018')).toMatchObject({ status: 'unverified', reason: 'TIMEOUT' });
  });

  it('reports the error code of an error answer', async () => {
    expect(await check('100000007')).toMatchObject({ status: 'unverified', reason: 'MS_MAX_CONCURRENT_REQ' });
  });

  it('counts INVALID_INPUT as invalid', async () => {
    expect(await check('100000008')).toEqual({ status: 'invalid', checkedAt: expect.any(String), reason: 'INVALID_INPUT' });
  });

  it('gives up on a slow answer after the timeout', async () => {
    const started = Date.now();
    expect(await check('100000004', 200)).toMatchObject({ status: 'unverified', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('gives up on a body that stalls after the headers', async () => {
    expect(await check('100000013', 200)).toMatchObject({ status: 'unverified', reason: 'timeout' });
  });

  it('reports a server error as unverified', async () => {
    expect(await check('100000005')).toMatchObject({ status: 'unverified', reason: 'http_500' });
  });

  it('does not follow a redirect', async () => {
    expect(await check('100000016')).toMatchObject({ status: 'unverified', reason: 'network' });
  });

  it('reports malformed answers as unverified', async () => {
    expect(await check('100000006')).toMatchObject({ status: 'unverified', reason: 'malformed_answer' });
    expect(await check('100000014')).toMatchObject({ status: 'unverified', reason: 'malformed_answer' });
    // An answer that contradicts itself.
    expect(await check('100000015')).toMatchObject({ status: 'unverified', reason: 'malformed_answer' });
    // A user error that is not a code.
    expect(await check('100000017')).toMatchObject({ status: 'unverified', reason: 'malformed_answer' });
  });

  it('does not take an answer about another number', async () => {
    expect(await check('100000011')).toMatchObject({ status: 'unverified', reason: 'answer_mismatch' });
  });

  it('stops reading an outsized answer', async () => {
    expect(await check('100000012')).toMatchObject({ status: 'unverified', reason: 'answer_too_large' });
  });

  it('reports a refused connection as unverified', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await checkVatIdWithVies('DE', '100000001', { baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1000 })).toEqual({
      status: 'unverified',
      checkedAt: expect.any(String),
      reason: 'network',
    });
  });

  it('cleans the name it is given, cuts it to length, and drops an address that is not text', async () => {
    const hostile = await check('100000009');
    expect(hostile).toEqual({ status: 'valid', checkedAt: expect.any(String), name: `Evil\nCorp ${'x'.repeat(290)}` });
  });

  it('strips control characters, trims, and drops what is left empty', async () => {
    expect(await check('100000010')).toEqual({ status: 'valid', checkedAt: expect.any(String), address: 'Hauptstr. 5\n80331 München' });
  });

  it('throws for arguments that are not a VAT prefix and number', async () => {
    await expect(checkVatIdWithVies('de', '100000001', { baseUrl })).rejects.toThrow();
    await expect(checkVatIdWithVies('DE', '1 0', { baseUrl })).rejects.toThrow();
  });
});

import { createHash, generateKeyPairSync } from 'node:crypto';
import { CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { buildMultipartMixed, parseMultipartMixed } from '../attachments/multipart-mixed.js';
import { createLrsTestSite, type LrsTestSite } from '../lrs.test-support.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const SIGNATURE = 'http://adlnet.gov/expapi/attachments/signature';

function statementWith(attachments: object[]) {
  return {
    actor: { mbox: 'mailto:ada@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    object: { id: 'http://example.com/courses/attachments' },
    attachments,
  };
}

describe(`statements with attachments and signatures (${engine})`, () => {
  let ctx: TestContext;
  let site: LrsTestSite;
  const certificate = Buffer.from('%PDF-1.4 a certificate of completion');

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createLrsTestSite(ctx, 'lrs-attachments');
  });
  afterAll(() => ctx?.close());

  const entry = (bytes: Buffer, overrides: object = {}) => ({ usageType: 'http://id.tincanapi.com/attachment/certificate-of-completion', display: { 'en-US': 'Certificate' }, contentType: 'application/pdf', length: bytes.length, sha2: sha256(bytes), ...overrides });

  function multipart(statement: object, parts: { bytes: Buffer; type: string; hash?: string }[]) {
    return buildMultipartMixed([
      { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(statement) },
      ...parts.map((part) => ({ headers: { 'Content-Type': part.type, 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': part.hash ?? sha256(part.bytes) }, body: part.bytes })),
    ]);
  }

  const post = (body: { contentType: string; body: Buffer }) => site.xapi({ method: 'POST', url: '/xapi/statements', headers: { 'content-type': body.contentType }, payload: body.body });

  it('stores an attachment sent as a part and returns it with attachments=true as multipart/mixed', async () => {
    const res = await post(multipart(statementWith([entry(certificate)]), [{ bytes: certificate, type: 'application/pdf' }]));
    expect(res.statusCode, res.body).toBe(200);
    const [id] = res.json();
    const back = await site.xapi({ method: 'GET', url: `/xapi/statements?statementId=${id}&attachments=true` });
    expect(back.statusCode).toBe(200);
    const parts = parseMultipartMixed(back.rawPayload, back.headers['content-type'] as string, { maxParts: 10, maxPartHeaderBytes: 4096 });
    expect(JSON.parse(parts[0]!.body.toString()).id).toBe(id);
    expect(parts[1]!.headers['x-experience-api-hash']).toBe(sha256(certificate));
    expect(Buffer.compare(parts[1]!.body, certificate)).toBe(0);
    // Without attachments=true the answer is JSON.
    expect((await site.xapi({ method: 'GET', url: `/xapi/statements?statementId=${id}` })).headers['content-type']).toMatch(/^application\/json/);
  });

  it('refuses a part whose hash is wrong, a part no statement names, an attachment without its part, and JSON without fileUrl', async () => {
    const other = Buffer.from('something else');
    expect((await post(multipart(statementWith([entry(certificate)]), [{ bytes: certificate, type: 'application/pdf', hash: sha256(other) }]))).statusCode).toBe(400);
    expect((await post(multipart(statementWith([entry(certificate)]), [{ bytes: certificate, type: 'application/pdf' }, { bytes: other, type: 'text/plain' }]))).statusCode).toBe(400);
    expect((await post(multipart(statementWith([entry(certificate)]), []))).statusCode).toBe(400);
    const json = await site.xapi({ method: 'POST', url: '/xapi/statements', payload: statementWith([entry(certificate)]) });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('LRS_MULTIPART_INVALID');
    const withUrl = await site.xapi({ method: 'POST', url: '/xapi/statements', payload: statementWith([entry(certificate, { fileUrl: 'https://example.com/certificate.pdf' })]) });
    expect(withUrl.statusCode).toBe(200);
  });

  it('accepts a statement signed with RS256 and refuses one whose signature covers another statement or uses HS256', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const unsigned = { actor: { mbox: 'mailto:ada@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/passed' }, object: { id: 'http://example.com/courses/signed' } };
    const signedPost = async (payload: object, alg = 'RS256') => {
      const jws = Buffer.from(await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg }).sign(alg === 'HS256' ? new TextEncoder().encode('secret') : privateKey));
      const statement = { ...unsigned, attachments: [{ usageType: SIGNATURE, display: { 'en-US': 'Signature' }, contentType: 'application/octet-stream', length: jws.length, sha2: sha256(jws) }] };
      return post(multipart(statement, [{ bytes: jws, type: 'application/octet-stream' }]));
    };
    expect((await signedPost(unsigned)).statusCode).toBe(200);
    const forged = await signedPost({ ...unsigned, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('LRS_SIGNATURE_INVALID');
    expect((await signedPost(unsigned, 'HS256')).statusCode).toBe(400);
  });
});

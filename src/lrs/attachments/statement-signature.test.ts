import { createHash, createHmac, createPrivateKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { generate } from 'selfsigned';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMultipartMixed } from './multipart-mixed.js';
import { matchStatementAttachments } from './statement-attachments.js';
import { SIGNATURE_USAGE_TYPE, verifySignedStatement, verifyStatementSignature } from './statement-signature.js';

const statement = () => ({
  id: 'd1f0a4c2-6f55-4b0e-8d7e-2f4c9a1b3e5d',
  actor: { objectType: 'Agent', mbox: 'mailto:signer@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  object: { objectType: 'Activity', id: 'http://example.com/course' },
  result: { duration: 'P1DT12H36M0.12S' },
});

/** The statement as sent: the statement plus its signature attachment object. */
const withSignature = (signed: object, jws: string, contentType = 'application/octet-stream') => ({
  ...signed,
  attachments: [
    {
      usageType: SIGNATURE_USAGE_TYPE,
      display: { 'en-US': 'Signed by the Test Suite' },
      contentType,
      length: Buffer.byteLength(jws),
      sha2: createHash('sha256').update(jws).digest('hex'),
    },
  ],
});

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A JWS as the ADL suite's `jws` package makes it: a protected header of only "alg". */
function suiteJws(alg: string, payload: string, key: KeyObject | string): string {
  const input = `${b64url(JSON.stringify({ alg }))}.${b64url(payload)}`;
  const bits = alg.slice(2);
  const signature = alg.startsWith('HS') ? createHmac(`sha${bits}`, key as string).update(input).digest() : sign(`sha${bits}`, Buffer.from(input), key as KeyObject);
  return `${input}.${b64url(signature)}`;
}

async function signWithCertificate(payload: object, privateKeyPem: string, certificatePem: string, alg = 'RS256'): Promise<string> {
  const x5c = [new X509Certificate(certificatePem).raw.toString('base64')];
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg, x5c }).sign(createPrivateKey(privateKeyPem));
}

let signer: { private: string; cert: string };
let other: { private: string; cert: string };
let suiteKey: KeyObject;

beforeAll(async () => {
  [signer, other] = await Promise.all([
    generate([{ name: 'commonName', value: 'Statement signer' }], { keySize: 2048, algorithm: 'sha256' }),
    generate([{ name: 'commonName', value: 'Someone else' }], { keySize: 2048, algorithm: 'sha256' }),
  ]);
  suiteKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
});

describe('verifyStatementSignature', () => {
  it('accepts RS256 with an x5c certificate whose key made the signature', async () => {
    const jws = await signWithCertificate(statement(), signer.private, signer.cert);
    expect(await verifyStatementSignature(withSignature(statement(), jws), jws)).toEqual({ ok: true });
  });

  it('accepts RS256, RS384 and RS512 without x5c, as the ADL suite signs (there is no key to check against)', async () => {
    for (const alg of ['RS256', 'RS384', 'RS512']) {
      const jws = suiteJws(alg, JSON.stringify(statement()), suiteKey);
      expect(await verifyStatementSignature(withSignature(statement(), jws), jws)).toEqual({ ok: true });
    }
  });

  it('refuses a signature the x5c certificate did not make, or a certificate it cannot use', async () => {
    const x5cOfOther = [new X509Certificate(other.cert).raw.toString('base64')];
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(statement())))
      .setProtectedHeader({ alg: 'RS256', x5c: x5cOfOther })
      .sign(createPrivateKey(signer.private));
    expect(await verifyStatementSignature(withSignature(statement(), forged), forged)).toEqual({ ok: false, reason: 'jws-signature-invalid' });

    for (const x5c of ['not a list', [], ['!!!'], [Buffer.from('not a certificate').toString('base64')]]) {
      const jws = suiteJws('RS256', JSON.stringify(statement()), suiteKey).replace(/^[^.]+/, b64url(JSON.stringify({ alg: 'RS256', x5c })));
      expect(await verifyStatementSignature(withSignature(statement(), jws), jws)).toEqual({ ok: false, reason: 'jws-certificate' });
    }

    const ec = await generate([{ name: 'commonName', value: 'EC signer' }], { keyType: 'ec', algorithm: 'sha256' });
    const ecHeader = b64url(JSON.stringify({ alg: 'RS256', x5c: [new X509Certificate(ec.cert).raw.toString('base64')] }));
    const onEc = suiteJws('RS256', JSON.stringify(statement()), suiteKey).replace(/^[^.]+/, ecHeader);
    expect(await verifyStatementSignature(withSignature(statement(), onEc), onEc)).toEqual({ ok: false, reason: 'jws-certificate' });
  });

  it('refuses an RSA key under 2048 bits in x5c (RFC 7518 3.3)', async () => {
    const small = await generate([{ name: 'commonName', value: 'Small key' }], { keySize: 1024, algorithm: 'sha256' });
    // jose will not sign with such a key either: signed by hand.
    const header = b64url(JSON.stringify({ alg: 'RS256', x5c: [new X509Certificate(small.cert).raw.toString('base64')] }));
    const input = `${header}.${b64url(JSON.stringify(statement()))}`;
    const handMade = `${input}.${b64url(sign('sha256', Buffer.from(input), createPrivateKey(small.private)))}`;
    expect(await verifyStatementSignature(withSignature(statement(), handMade), handMade)).toEqual({ ok: false, reason: 'jws-certificate' });
  });

  it('refuses other algorithms: HS256 (signed with the suite key text as secret) and none', async () => {
    const hs256 = suiteJws('HS256', JSON.stringify(statement()), 'the PEM text');
    expect(await verifyStatementSignature(withSignature(statement(), hs256), hs256)).toEqual({ ok: false, reason: 'jws-algorithm' });
    const none = `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify(statement()))}.`;
    expect(await verifyStatementSignature(withSignature(statement(), none), none)).toEqual({ ok: false, reason: 'jws-algorithm' });
    const ps256 = suiteJws('RS256', JSON.stringify(statement()), suiteKey).replace(/^[^.]+/, b64url('{"alg":"PS256"}'));
    expect(await verifyStatementSignature(withSignature(statement(), ps256), ps256)).toEqual({ ok: false, reason: 'jws-algorithm' });
  });

  it('refuses a payload that is not the statement', async () => {
    const jws = suiteJws('RS256', JSON.stringify(statement()), suiteKey);
    const received = { ...statement(), verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } };
    expect(await verifyStatementSignature(withSignature(received, jws), jws)).toEqual({ ok: false, reason: 'payload-differs' });
    const list = suiteJws('RS256', JSON.stringify([statement()]), suiteKey);
    expect(await verifyStatementSignature(withSignature(statement(), list), list)).toEqual({ ok: false, reason: 'payload-not-statement' });
  });

  it('refuses a payload that is not JSON (the suite replaces its first double quote by a single one)', async () => {
    const broken = suiteJws('RS256', JSON.stringify(statement()).replace('"', "'"), suiteKey);
    expect(await verifyStatementSignature(withSignature(statement(), broken), broken)).toEqual({ ok: false, reason: 'payload-not-json' });
  });

  it('refuses malformed JWS', async () => {
    const good = suiteJws('RS256', JSON.stringify(statement()), suiteKey);
    const [header, payload] = good.split('.');
    const malformed = [
      'not a jws',
      `${header}.${payload}`,
      `${good}.extra`,
      `${header}.${payload}.`,
      `${header}.${payload}.sig+with/base64=`,
      `${b64url('not json')}.${payload}.c2ln`,
      `${b64url('{"typ":"JWT"}')}.${payload}.c2ln`,
      `${b64url('{"alg":"RS256","crit":["exp"],"exp":1}')}.${payload}.c2ln`,
      JSON.stringify({ protected: header, payload, signature: 'c2ln' }),
    ];
    for (const jws of malformed) {
      expect(await verifyStatementSignature(withSignature(statement(), jws), jws), jws).toEqual({ ok: false, reason: 'jws-malformed' });
    }
  });

  it('refuses a signature attachment that is not application/octet-stream, or a statement without one', async () => {
    const jws = suiteJws('RS256', JSON.stringify(statement()), suiteKey);
    expect(await verifyStatementSignature(withSignature(statement(), jws, 'text/plain; charset=ascii'), jws)).toEqual({ ok: false, reason: 'signature-content-type' });
    expect(await verifyStatementSignature(statement(), jws)).toEqual({ ok: false, reason: 'signature-missing' });
  });
});

describe('a signed statement request as the ADL suite sends it', () => {
  /** helper.signStatement of the suite: leading CRLF, no space after the colons, no CRLF after the close delimiter. */
  function suiteBody(options: { algorithm?: string; contentType?: string; breakJson?: boolean } = {}) {
    const signed = statement();
    const payload = JSON.stringify(signed);
    const key = options.algorithm === 'HS256' ? 'the PEM text' : suiteKey;
    const jws = suiteJws(options.algorithm ?? 'RS256', options.breakJson ? payload.replace('"', "'") : payload, key);
    const sent = withSignature(signed, jws, options.contentType);
    const boundary = '-------------1234567';
    const body = Buffer.concat([
      Buffer.from(['', `--${boundary}`, 'Content-Type:application/json', '', ''].join('\r\n')),
      Buffer.from(JSON.stringify(sent)),
      Buffer.from(['', `--${boundary}`, `Content-Type:${sent.attachments[0]!.contentType}`, 'Content-Transfer-Encoding:binary', `X-Experience-API-Hash:${sent.attachments[0]!.sha2}`, '', ''].join('\r\n')),
      Buffer.from(jws),
      Buffer.from(`\r\n--${boundary}--`),
    ]);
    return { body, contentType: `multipart/mixed; boundary=${boundary}` };
  }

  async function verdict({ body, contentType }: { body: Buffer; contentType: string }) {
    const { statements, attachments } = matchStatementAttachments(parseMultipartMixed(body, contentType, { maxParts: 10, maxPartHeaderBytes: 8192 }));
    return verifySignedStatement(statements as object, attachments);
  }

  it('accepts the good signature, also with the duration the 2.0 suite lengthens in the statement only', async () => {
    expect(await verdict(suiteBody())).toEqual({ ok: true });
    expect(await verdict(suiteBody({ algorithm: 'RS512' }))).toEqual({ ok: true });
    const request = suiteBody();
    const lengthened = Buffer.from(request.body.toString().replace('P1DT12H36M0.12S', 'P1DT12H36M0.1237S'));
    expect(lengthened.equals(request.body)).toBe(false);
    expect(await verdict({ ...request, body: lengthened })).toEqual({ ok: true });
  });

  it('refuses what the suite expects refused with 400', async () => {
    expect(await verdict(suiteBody({ contentType: 'text/plain; charset=ascii' }))).toEqual({ ok: false, reason: 'signature-content-type' });
    expect(await verdict(suiteBody({ breakJson: true }))).toEqual({ ok: false, reason: 'payload-not-json' });
    expect(await verdict(suiteBody({ algorithm: 'HS256' }))).toEqual({ ok: false, reason: 'jws-algorithm' });
  });

  it('requires the signature as a part: a fileUrl is not enough', async () => {
    const jws = suiteJws('RS256', JSON.stringify(statement()), suiteKey);
    const sent = withSignature(statement(), jws);
    const byUrl = { ...sent, attachments: [{ ...sent.attachments[0]!, fileUrl: 'http://example.com/signature.jws' }] };
    expect(await verifySignedStatement(byUrl, new Map())).toEqual({ ok: false, reason: 'signature-missing' });
    expect(await verifySignedStatement(statement(), new Map())).toEqual({ ok: true });
  });
});

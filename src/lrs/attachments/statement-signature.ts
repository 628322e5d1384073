import { X509Certificate, type KeyObject } from 'node:crypto';
import { compactVerify, errors } from 'jose';
import { mediaTypeEssence, type ReceivedAttachment } from './statement-attachments.js';
import { equivalentStatements } from './statement-equivalence.js';

/**
 * Signed statements (xAPI 1.0.3 Data 2.6, 2.0 section 4.2.6.2; ADL conformance XAPI-00115 to -00117):
 * the signature is an attachment holding a JWS in compact serialization whose payload is the
 * statement as it was before the signature was added. A statement that fails these checks is
 * refused with 400 Bad Request.
 */

export const SIGNATURE_USAGE_TYPE = 'http://adlnet.gov/expapi/attachments/signature';
const SIGNATURE_CONTENT_TYPE = 'application/octet-stream';
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

export type SignatureReason =
  | 'signature-content-type'
  | 'signature-missing'
  | 'jws-malformed'
  | 'jws-algorithm'
  | 'jws-certificate'
  | 'jws-signature-invalid'
  | 'payload-not-json'
  | 'payload-not-statement'
  | 'payload-differs';

export type SignatureVerdict = { ok: true } | { ok: false; reason: SignatureReason };

const refuse = (reason: SignatureReason): SignatureVerdict => ({ ok: false, reason });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function signatureEntries(statement: object): Record<string, unknown>[] {
  const attachments = (statement as { attachments?: unknown }).attachments;
  return Array.isArray(attachments) ? attachments.filter((entry) => isObject(entry) && entry.usageType === SIGNATURE_USAGE_TYPE) : [];
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(segment, 'base64url')));
  } catch {
    return undefined;
  }
}

/** The public key of the first x5c certificate (RFC 7515 4.1.6: base64 DER, the signer's first). */
function certificateKey(x5c: unknown): KeyObject | undefined {
  if (!Array.isArray(x5c) || typeof x5c[0] !== 'string' || !BASE64.test(x5c[0])) return undefined;
  try {
    const key = new X509Certificate(Buffer.from(x5c[0], 'base64')).publicKey;
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `jws` is a well-formed signature of `statement` (the statement as received, with its
 * attachment objects). Without an x5c header there is no key to check the signature with; the
 * specification then asks only for the other checks, and the ADL suite signs that way.
 * Certificate dates and chains are not checked: the specification means the x5c check to catch
 * mistakes, not as security (Data 2.6), and a statement may be sent long after it was signed.
 */
export async function verifyStatementSignature(statement: object, jws: string): Promise<SignatureVerdict> {
  const entries = signatureEntries(statement);
  if (entries.length === 0) return refuse('signature-missing');
  if (entries.some((entry) => typeof entry.contentType !== 'string' || mediaTypeEssence(entry.contentType) !== SIGNATURE_CONTENT_TYPE)) {
    return refuse('signature-content-type');
  }

  const compact = jws.trim();
  const segments = compact.split('.');
  if (segments.length !== 3 || !segments.every((segment) => BASE64URL.test(segment))) return refuse('jws-malformed');
  const [protectedHeader, payload, signature] = segments as [string, string, string];
  const header = decodeJson(protectedHeader);
  if (!isObject(header) || typeof header.alg !== 'string') return refuse('jws-malformed');
  if (!ALGORITHMS.includes(header.alg)) return refuse('jws-algorithm');
  if (signature === '') return refuse('jws-malformed');
  // No extension is understood here, so a critical one makes the JWS invalid (RFC 7515 4.1.11).
  if ('crit' in header) return refuse('jws-malformed');

  if ('x5c' in header) {
    const key = certificateKey(header.x5c);
    if (key === undefined) return refuse('jws-certificate');
    try {
      await compactVerify(compact, key, { algorithms: ALGORITHMS });
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) return refuse('jws-signature-invalid');
      // jose refuses RSA keys under 2048 bits for the RS algorithms (RFC 7518 3.3) with a TypeError.
      return refuse(error instanceof TypeError ? 'jws-certificate' : 'jws-malformed');
    }
  }

  const signed = decodeJson(payload);
  if (signed === undefined) return refuse('payload-not-json');
  if (!isObject(signed)) return refuse('payload-not-statement');
  return equivalentStatements(signed, statement as Record<string, unknown>) ? { ok: true } : refuse('payload-differs');
}

/**
 * The signature checks for one statement of a request: none when it has no signature attachment;
 * otherwise each signature attachment must have come as a part (a fileUrl is not enough, the LRS
 * must check the JWS: XAPI-00115) and be a well-formed signature.
 */
export async function verifySignedStatement(statement: object, attachments: Map<string, ReceivedAttachment>): Promise<SignatureVerdict> {
  const entries = signatureEntries(statement);
  for (const entry of entries) {
    const received = typeof entry.sha2 === 'string' ? attachments.get(entry.sha2.toLowerCase()) : undefined;
    if (received === undefined) return refuse('signature-missing');
    const verdict = await verifyStatementSignature(statement, received.body.toString('utf8'));
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}

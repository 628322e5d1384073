import { z } from 'zod';

/**
 * A client of VIES, the European Commission's VAT number check, over its REST API. VIES forwards each
 * question to the member state that issued the number, and member states are often away: every
 * failure (network, timeout, HTTP status, a malformed or outsized answer, an outage code) comes back
 * as `unverified` with a reason instead of an exception, so a sale is never blocked by it and the
 * caller can check again later. The answer is treated as untrusted input.
 */

export const VIES_BASE_URL = 'https://ec.europa.eu/taxation_customs/vies/rest-api';
const DEFAULT_TIMEOUT_MS = 3000;
/** A real answer is well under 2 KiB. */
const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_NAME_LENGTH = 300;
const MAX_ADDRESS_LENGTH = 500;

export interface ViesOptions {
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ViesCheck {
  status: 'valid' | 'invalid' | 'unverified';
  /** When this server asked (its own clock, not the answer's). */
  checkedAt: string;
  name?: string;
  address?: string;
  /** Why the number is unverified (or, for INVALID_INPUT, invalid): a VIES code such as MS_UNAVAILABLE, or timeout, network, http_<status>, malformed_answer, answer_too_large, answer_mismatch. */
  reason?: string;
}

/** A VIES error code: upper-case letters and underscores; anything else is reported as malformed. */
const errorCode = z.string().regex(/^[A-Z_]{1,64}$/);

const viesAnswer = z.object({
  valid: z.boolean().optional(),
  countryCode: z.string().max(2).optional(),
  vatNumber: z.string().max(20).optional(),
  // Only informative: a name or address of the wrong type is dropped, not taken as a malformed answer.
  name: z.string().optional().catch(undefined),
  address: z.string().optional().catch(undefined),
  userError: errorCode.optional(),
  // Errors the API reports for the request as a whole rather than for the number.
  errorWrappers: z.array(z.object({ error: errorCode })).optional(),
});

/** The answers that say the number was checked; every other user error is an outage of some kind. */
const CHECKED = new Set(['VALID', 'INVALID']);

/**
 * Asks VIES whether a member state issued a VAT number. `countryPrefix` is the VAT prefix (EL for
 * Greece) and `number` the national part, as `checkVatIdFormat` returns them; a malformed argument is
 * a programming error and throws. INVALID_INPUT (the member state rejects the number's form) counts
 * as invalid, not as an outage.
 */
export async function checkVatIdWithVies(countryPrefix: string, number: string, options: ViesOptions = {}): Promise<ViesCheck> {
  if (!/^[A-Z]{2}$/.test(countryPrefix) || !/^[A-Z0-9+*]{2,14}$/.test(number)) {
    throw new Error('checkVatIdWithVies takes a VAT prefix and number as checkVatIdFormat returns them');
  }
  const checkedAt = new Date().toISOString();
  const unverified = (reason: string): ViesCheck => ({ status: 'unverified', checkedAt, reason });
  const doFetch = options.fetch ?? fetch;
  const url = `${(options.baseUrl ?? VIES_BASE_URL).replace(/\/+$/, '')}/check-vat-number`;

  let status: number;
  let body: string | undefined;
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ countryCode: countryPrefix, vatNumber: number }),
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    status = response.status;
    body = await readLimited(response, MAX_ANSWER_BYTES);
  } catch (error) {
    return unverified(isTimeout(error) ? 'timeout' : 'network');
  }
  if (body === undefined) return unverified('answer_too_large');

  const parsed = viesAnswer.safeParse(parseJson(body));
  const answer = parsed.success ? parsed.data : undefined;
  const code = answer?.userError && !CHECKED.has(answer.userError) ? answer.userError : answer?.errorWrappers?.[0]?.error;
  if (code === 'INVALID_INPUT') return { status: 'invalid', checkedAt, reason: code };
  if (code !== undefined) return unverified(code);
  if (status < 200 || status > 299) return unverified(`http_${status}`);
  if (!answer || answer.valid === undefined) return unverified('malformed_answer');
  // VALID with valid: false (or the reverse) is an answer that contradicts itself.
  if (answer.userError !== undefined && (answer.userError === 'VALID') !== answer.valid) return unverified('malformed_answer');
  // An answer about another number than the one asked about says nothing about this one.
  if ((answer.countryCode !== undefined && answer.countryCode !== countryPrefix) || (answer.vatNumber !== undefined && answer.vatNumber !== number)) {
    return unverified('answer_mismatch');
  }
  if (!answer.valid) return { status: 'invalid', checkedAt };
  const name = cleanText(answer.name, MAX_NAME_LENGTH);
  const address = cleanText(answer.address, MAX_ADDRESS_LENGTH);
  return { status: 'valid', checkedAt, ...(name !== undefined && { name }), ...(address !== undefined && { address }) };
}

/** The body as text, or undefined when it is longer than `limit` bytes (reading stops there). */
async function readLimited(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * A name or address fit to store and show: control and bidirectional-override characters removed
 * (line breaks stay: they separate address lines), trimmed, cut to a length; VIES writes `---` when a
 * member state withholds it.
 */
function cleanText(value: string | undefined, maxLength: number): string | undefined {
  if (value === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g, '').trim();
  // Cut without leaving half of a surrogate pair behind.
  const text = cleaned.slice(0, maxLength).replace(/[\uD800-\uDBFF]$/, '').trim();
  return text === '' || text === '---' ? undefined : text;
}

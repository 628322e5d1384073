import { createHash } from 'node:crypto';
import type { MultipartPart } from './multipart-mixed.js';

/**
 * The parts of a multipart/mixed POST or PUT of statements matched to the statements' attachment
 * objects (xAPI 1.0.3 Communication 1.5.2, 2.0 section 4.1.3; ADL conformance XAPI-00127 to -00135).
 * The statements' own shape (attachments an array, sha2 a string, ...) is the statement
 * validator's to refuse; entries it will refuse anyway are skipped here.
 */

export type StatementAttachmentsReason =
  | 'first-part-not-json'
  | 'statements-not-json'
  | 'part-encoding-not-binary'
  | 'part-missing-hash'
  | 'part-hash-mismatch'
  | 'part-without-attachment'
  | 'part-content-type-mismatch'
  | 'part-length-mismatch'
  | 'attachment-missing-part';

export class StatementAttachmentsError extends Error {
  /** Every refusal here is a 400 Bad Request (xAPI Communication 1.5.2). */
  readonly status = 400;

  constructor(
    readonly reason: StatementAttachmentsReason,
    message: string,
  ) {
    super(message);
    this.name = 'StatementAttachmentsError';
  }
}

export type ReceivedAttachment = { contentType: string; body: Buffer };

export type StatementsWithAttachments = {
  /** The parsed first part: one statement or a list of them, not yet validated. */
  statements: unknown;
  /** Attachment data by sha2 in lower-case hex. */
  attachments: Map<string, ReceivedAttachment>;
};

type AttachmentEntry = { sha2: string; contentType: unknown; fileUrl: unknown };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** "text/plain; charset=ascii" → "text/plain": parameters may differ (the specification's own example does). */
export function mediaTypeEssence(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

// The SHA-2 variants the specification names (Communication 1.5.2), told apart by their hex length.
const SHA2_BY_HEX_LENGTH: Record<number, string> = { 64: 'sha256', 96: 'sha384', 128: 'sha512' };
const HEX = /^[0-9a-f]+$/;

function hashMatches(declared: string, body: Buffer): boolean {
  const algorithm = SHA2_BY_HEX_LENGTH[declared.length];
  return algorithm !== undefined && HEX.test(declared) && createHash(algorithm).update(body).digest('hex') === declared;
}

/** Attachment objects of the statements and of their SubStatements (which may carry attachments too). */
function attachmentEntries(statements: unknown): AttachmentEntry[] {
  const entries: AttachmentEntry[] = [];
  const collect = (statement: unknown) => {
    if (!isObject(statement)) return;
    if (Array.isArray(statement.attachments)) {
      for (const entry of statement.attachments) {
        if (isObject(entry) && typeof entry.sha2 === 'string') {
          entries.push({ sha2: entry.sha2.toLowerCase(), contentType: entry.contentType, fileUrl: entry.fileUrl });
        }
      }
    }
    if (isObject(statement.object) && statement.object.objectType === 'SubStatement') collect(statement.object);
  };
  if (Array.isArray(statements)) statements.forEach(collect);
  else collect(statements);
  return entries;
}

function parseStatementsPart(part: MultipartPart): unknown {
  const contentType = part.headers['content-type'];
  if (contentType === undefined || mediaTypeEssence(contentType) !== 'application/json') {
    throw new StatementAttachmentsError('first-part-not-json', 'The first part must hold the statements, with Content-Type application/json.');
  }
  try {
    // fatal: bytes that are not UTF-8 (xAPI Communication 1.4) are refused, not replaced.
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(part.body));
  } catch {
    throw new StatementAttachmentsError('statements-not-json', 'The first part is not valid JSON in UTF-8.');
  }
}

/**
 * The statements of the first part and the attachment data of the others. Every other part must be
 * the data of an attachment object (matched by sha2 only, as the specification requires), and every
 * attachment object without fileUrl must have its part.
 */
export function matchStatementAttachments(parts: MultipartPart[]): StatementsWithAttachments {
  const [first, ...rest] = parts;
  if (first === undefined) throw new StatementAttachmentsError('first-part-not-json', 'The body has no part with the statements.');
  const statements = parseStatementsPart(first);
  const entries = attachmentEntries(statements);
  const entriesBySha2 = new Map<string, AttachmentEntry[]>();
  for (const entry of entries) entriesBySha2.set(entry.sha2, [...(entriesBySha2.get(entry.sha2) ?? []), entry]);

  const attachments = new Map<string, ReceivedAttachment>();
  for (const [index, part] of rest.entries()) {
    const where = `Part ${index + 2}`;
    // The specification requires the header from clients but has the LRS assume binary without it.
    const encoding = part.headers['content-transfer-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'binary') {
      throw new StatementAttachmentsError('part-encoding-not-binary', `${where} has Content-Transfer-Encoding ${encoding}; attachments are sent binary.`);
    }
    const declared = part.headers['x-experience-api-hash']?.toLowerCase();
    if (declared === undefined || declared === '') throw new StatementAttachmentsError('part-missing-hash', `${where} has no X-Experience-API-Hash header.`);
    const matching = entriesBySha2.get(declared);
    if (matching === undefined) throw new StatementAttachmentsError('part-without-attachment', `${where} is not the data of any attachment of the statements (no sha2 ${declared}).`);
    if (!hashMatches(declared, part.body)) throw new StatementAttachmentsError('part-hash-mismatch', `${where}: its X-Experience-API-Hash is not the SHA-2 of its data.`);

    // Where a part header and an attachment property both say something, they must agree (Communication 1.5.2).
    const contentType = part.headers['content-type'];
    if (
      contentType !== undefined &&
      !matching.some((entry) => typeof entry.contentType !== 'string' || mediaTypeEssence(entry.contentType) === mediaTypeEssence(contentType))
    ) {
      throw new StatementAttachmentsError('part-content-type-mismatch', `${where} has Content-Type ${contentType}, its attachment object another contentType.`);
    }
    // The attachment's "length" is not compared with the data: the suite's own accepted request
    // (XAPI-00127, the image) declares a length that differs from what it sends.
    const contentLength = part.headers['content-length'];
    if (contentLength !== undefined && contentLength !== String(part.body.length)) {
      throw new StatementAttachmentsError('part-length-mismatch', `${where} has Content-Length ${contentLength} but ${part.body.length} bytes.`);
    }
    // The same data sent twice has the same hash: the copy adds nothing.
    if (attachments.has(declared)) continue;
    const entryContentType = matching.find((entry) => typeof entry.contentType === 'string')?.contentType as string | undefined;
    attachments.set(declared, { contentType: contentType ?? entryContentType ?? 'application/octet-stream', body: part.body });
  }

  for (const entry of entries) {
    if (entry.fileUrl === undefined && !attachments.has(entry.sha2)) {
      throw new StatementAttachmentsError('attachment-missing-part', `The attachment with sha2 ${entry.sha2} has neither a fileUrl nor a part with its data.`);
    }
  }
  return { statements, attachments };
}

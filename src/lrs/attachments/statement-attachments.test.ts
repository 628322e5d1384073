import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMultipartMixed } from './multipart-mixed.js';
import { matchStatementAttachments, StatementAttachmentsError, type StatementAttachmentsReason } from './statement-attachments.js';

const BOUNDARY = '-------314159265358979323846';
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const text1 = 'here is a simple attachment';
const text2 = 'here is another simple attachment';

const attachmentObject = (data: string, extra: Record<string, unknown> = {}) => ({
  usageType: 'http://example.com/attachment-usage/test',
  display: { 'en-US': 'A test attachment' },
  contentType: 'text/plain',
  length: Buffer.byteLength(data),
  sha2: sha256(data),
  ...extra,
});

const statementWith = (attachments?: unknown[]) => ({
  actor: { objectType: 'Agent', mbox: 'mailto:sample.agent@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  object: { id: 'http://www.example.com/tincan/activities/multipart', objectType: 'Activity' },
  ...(attachments ? { attachments } : {}),
});

type Section = { headers: string[]; body: string | Buffer };
const jsonSection = (value: unknown): Section => ({ headers: ['Content-Type: application/json'], body: JSON.stringify(value) });
const attachmentSection = (data: string | Buffer, headers: string[] = ['Content-Type: text/plain', 'Content-Transfer-Encoding: binary', `X-Experience-API-Hash: ${sha256(data)}`]): Section => ({
  headers,
  body: data,
});

/** A body laid out as the ADL suite's Content-Types tests lay theirs out (CRLF, close delimiter then CRLF). */
function multipart(sections: Section[]): Buffer {
  const chunks: Buffer[] = [];
  for (const section of sections) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\n${section.headers.map((header) => `${header}\r\n`).join('')}\r\n`), Buffer.from(section.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const match = (body: Buffer) => matchStatementAttachments(parseMultipartMixed(body, `multipart/mixed; boundary=${BOUNDARY}`, { maxParts: 100, maxPartHeaderBytes: 8192 }));

function reasonOf(body: Buffer): StatementAttachmentsReason | undefined {
  try {
    match(body);
  } catch (error) {
    if (error instanceof StatementAttachmentsError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('matchStatementAttachments', () => {
  it('returns the statements and the data of each attachment by sha2', () => {
    const statement = statementWith([attachmentObject(text1), attachmentObject(text2)]);
    const { statements, attachments } = match(multipart([jsonSection(statement), attachmentSection(text1), attachmentSection(text2)]));
    expect(statements).toEqual(statement);
    expect([...attachments.keys()]).toEqual([sha256(text1), sha256(text2)]);
    expect(attachments.get(sha256(text2))).toEqual({ contentType: 'text/plain', body: Buffer.from(text2) });
  });

  it('accepts the suite image attachment, whose declared length is not the length of the data it sends (XAPI-00127)', () => {
    // The suite sends the hex text of a JPEG file and declares the length of the file.
    const hex = Buffer.from(Array.from({ length: 300 }, (_, index) => index % 256)).toString('hex');
    const statement = statementWith([attachmentObject(hex, { contentType: 'image/jpeg', length: hex.length / 2 })]);
    const headers = ['Content-Type: image/jpeg', 'Content-Transfer-Encoding: binary', `X-Experience-API-Hash: ${sha256(hex)}`];
    const { attachments } = match(multipart([jsonSection(statement), attachmentSection(hex, headers)]));
    expect(attachments.get(sha256(hex))?.body.toString()).toBe(hex);
  });

  it('accepts a batch without attachments, or with fileUrl attachments only, as multipart/mixed (2.0 suite)', () => {
    expect(match(multipart([jsonSection([statementWith(), statementWith()])])).attachments.size).toBe(0);
    const withUrl = statementWith([attachmentObject(text1, { fileUrl: 'http://over.there.com/file.txt' })]);
    expect(match(multipart([jsonSection(withUrl)])).attachments.size).toBe(0);
  });

  it('takes one part for an attachment several statements of a batch share, and the attachments of SubStatements', () => {
    const sub = { ...statementWith([attachmentObject(text2)]), objectType: 'SubStatement' };
    const batch = [statementWith([attachmentObject(text1)]), statementWith([attachmentObject(text1)]), { ...statementWith(), object: sub }];
    const { attachments } = match(multipart([jsonSection(batch), attachmentSection(text1), attachmentSection(text2)]));
    expect(attachments.size).toBe(2);
  });

  it('accepts the same data sent twice, upper-case hashes, SHA-512 and a missing Content-Transfer-Encoding (the LRS assumes binary)', () => {
    const sha512 = createHash('sha512').update(text2).digest('hex');
    const statement = statementWith([attachmentObject(text1, { sha2: sha256(text1).toUpperCase() }), attachmentObject(text2, { sha2: sha512 })]);
    const upper = ['Content-Type: text/plain', `X-Experience-API-Hash: ${sha256(text1).toUpperCase()}`];
    const { attachments } = match(multipart([jsonSection(statement), attachmentSection(text1, upper), attachmentSection(text1), attachmentSection(text2, [`X-Experience-API-Hash: ${sha512}`])]));
    expect([...attachments.keys()]).toEqual([sha256(text1), sha512]);
    // Without a Content-Type of its own, the part has the attachment object's.
    expect(attachments.get(sha512)?.contentType).toBe('text/plain');
  });

  it('compares the content type without its parameters, as in the specification example', () => {
    const statement = statementWith([attachmentObject(text1, { contentType: 'text/plain; charset=ascii' })]);
    const { attachments } = match(multipart([jsonSection(statement), attachmentSection(text1)]));
    expect(attachments.get(sha256(text1))?.contentType).toBe('text/plain');
  });

  it('refuses a first part that is not application/json (XAPI-00134) or not JSON', () => {
    const statement = statementWith([attachmentObject(text1)]);
    const textFirst = { headers: ['Content-Type: text/plain'], body: JSON.stringify(statement) };
    expect(reasonOf(multipart([textFirst, attachmentSection(text1)]))).toBe('first-part-not-json');
    expect(reasonOf(multipart([{ headers: [], body: JSON.stringify(statement) }, attachmentSection(text1)]))).toBe('first-part-not-json');
    expect(reasonOf(multipart([{ headers: ['Content-Type: application/json'], body: '{"actor":' }]))).toBe('statements-not-json');
    expect(reasonOf(multipart([{ headers: ['Content-Type: application/json'], body: Buffer.from([0x22, 0xff, 0x22]) }]))).toBe('statements-not-json');
    expect(match(multipart([{ headers: ['Content-Type: Application/JSON; charset=utf-8'], body: '{}' }])).statements).toEqual({});
  });

  it('refuses the statements in the preamble, without an opening boundary (XAPI-00131)', () => {
    const statement = statementWith([attachmentObject(text1)]);
    const body = Buffer.concat([Buffer.from(`Content-Type: application/json\r\n\r\n${JSON.stringify(statement)}\r\n`), multipart([attachmentSection(text1)])]);
    expect(reasonOf(body)).toBe('first-part-not-json');
  });

  it('refuses an attachment without a boundary before its headers (XAPI-00130)', () => {
    const statement = statementWith([attachmentObject(text1)]);
    const joined = `${JSON.stringify(statement)}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${sha256(text1)}\r\n\r\n${text1}`;
    expect(reasonOf(multipart([{ headers: ['Content-Type: application/json'], body: joined }]))).toBe('statements-not-json');
  });

  it('refuses statements split over several parts (XAPI-00133)', () => {
    const statement = statementWith([attachmentObject(text1)]);
    expect(reasonOf(multipart([jsonSection(statement), jsonSection(statement), attachmentSection(text1)]))).toBe('part-missing-hash');
  });

  it('refuses a part that is no attachment of the statements (XAPI-00128)', () => {
    const statement = statementWith([attachmentObject(text1), attachmentObject(text2)]);
    expect(reasonOf(multipart([jsonSection(statement), attachmentSection(text1), attachmentSection(text2), attachmentSection('a third text')]))).toBe('part-without-attachment');
  });

  it('refuses an attachment without fileUrl that has no part (XAPI-00129)', () => {
    const statement = statementWith([attachmentObject(text1), attachmentObject(text2)]);
    expect(reasonOf(multipart([jsonSection(statement), attachmentSection(text1)]))).toBe('attachment-missing-part');
  });

  it('refuses a part without X-Experience-API-Hash, or with one that is not the sha2 of an attachment (XAPI-00132)', () => {
    const statement = statementWith([attachmentObject(text1)]);
    expect(reasonOf(multipart([jsonSection(statement), attachmentSection(text1, ['Content-Type: text/plain', 'Content-Transfer-Encoding: binary'])]))).toBe('part-missing-hash');
    const otherHash = ['Content-Type: text/plain', 'Content-Transfer-Encoding: binary', 'X-Experience-API-Hash: b018994f8bbe0f08992a65c48c8c8c56f09e9baceaa6227ed85c90ae52b73c89'];
    expect(reasonOf(multipart([jsonSection(statement), attachmentSection(text1, otherHash)]))).toBe('part-without-attachment');
  });

  it('refuses a part whose data does not have the hash it declares', () => {
    const statement = statementWith([attachmentObject(text1)]);
    const headers = ['Content-Type: text/plain', 'Content-Transfer-Encoding: binary', `X-Experience-API-Hash: ${sha256(text1)}`];
    expect(reasonOf(multipart([jsonSection(statement), attachmentSection('not the declared text', headers)]))).toBe('part-hash-mismatch');
    const notHex = statementWith([attachmentObject(text1, { sha2: 'z'.repeat(64) })]);
    expect(reasonOf(multipart([jsonSection(notHex), attachmentSection(text1, [`X-Experience-API-Hash: ${'z'.repeat(64)}`])]))).toBe('part-hash-mismatch');
  });

  it('refuses a Content-Transfer-Encoding other than binary (XAPI-00135)', () => {
    const statement = statementWith([attachmentObject(text1)]);
    const headers = ['Content-Type: text/plain', 'Content-Transfer-Encoding: base64', `X-Experience-API-Hash: ${sha256(text1)}`];
    expect(reasonOf(multipart([jsonSection(statement), attachmentSection(text1, headers)]))).toBe('part-encoding-not-binary');
  });

  it('refuses part headers that contradict the attachment object', () => {
    const statement = statementWith([attachmentObject(text1)]);
    const otherType = ['Content-Type: image/png', `X-Experience-API-Hash: ${sha256(text1)}`];
    expect(reasonOf(multipart([jsonSection(statement), attachmentSection(text1, otherType)]))).toBe('part-content-type-mismatch');
    const otherLength = ['Content-Type: text/plain', 'Content-Length: 3', `X-Experience-API-Hash: ${sha256(text1)}`];
    expect(reasonOf(multipart([jsonSection(statement), attachmentSection(text1, otherLength)]))).toBe('part-length-mismatch');
    const rightLength = ['Content-Type: text/plain', `Content-Length: ${text1.length}`, `X-Experience-API-Hash: ${sha256(text1)}`];
    expect(reasonOf(multipart([jsonSection(statement), attachmentSection(text1, rightLength)]))).toBeUndefined();
  });

  it('is a 400 Bad Request', () => {
    expect(new StatementAttachmentsError('part-missing-hash', '').status).toBe(400);
  });
});

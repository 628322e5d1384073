import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';

/** The declared body length, when the client sent one. */
export function declaredLength(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}

/**
 * The bytes of a small body (an image), at most `maxBytes`: one byte more rejects with
 * `tooLarge()` and leaves the rest unread. A declared length above the limit is refused before
 * anything is read.
 */
export async function readAtMost(body: Readable, maxBytes: number, tooLarge: () => Error, contentLength?: string): Promise<Buffer> {
  const declared = declaredLength(contentLength);
  if (declared !== undefined && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Runs the handler of a binary route. When it fails before the body was read to its end
 * (too large, refused), the connection closes after the answer instead of draining the rest
 * of a possibly huge body.
 */
export async function readingBody<T>(request: FastifyRequest, reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!request.raw.complete) reply.header('connection', 'close');
    throw error;
  }
}

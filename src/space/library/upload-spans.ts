import type { ChunkRecord } from './items.repository.js';

/** Bytes `first` up to, not including, `end`. */
export interface ByteSpan {
  first: number;
  end: number;
}

/**
 * The first run of `span` that no chunk holds yet: everything before `received` has arrived, and
 * `ahead` are the chunks beyond it (in order, not overlapping). Null: nothing of it is new.
 */
export function uncoveredPart(span: ByteSpan, received: number, ahead: readonly ChunkRecord[]): ByteSpan | null {
  let first = Math.max(span.first, received);
  for (const chunk of ahead) {
    const chunkEnd = chunk.firstByte + chunk.size;
    if (chunkEnd <= first) continue;
    if (chunk.firstByte <= first) {
      first = chunkEnd;
      continue;
    }
    return first < span.end ? { first, end: Math.min(span.end, chunk.firstByte) } : null;
  }
  return first < span.end ? { first, end: span.end } : null;
}

/** Where the bytes received without a gap end, once `chunks` (those from `received` on) are joined to them. */
export function contiguousEnd(received: number, chunks: readonly ChunkRecord[]): number {
  let end = received;
  for (const chunk of [...chunks].sort((a, b) => a.firstByte - b.firstByte)) {
    if (chunk.firstByte > end) break;
    end = Math.max(end, chunk.firstByte + chunk.size);
  }
  return end;
}

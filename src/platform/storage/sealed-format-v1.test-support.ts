import { createCipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { assertKey, CHUNK_SIZE, NonceSource } from './sealed-format.js';
import { ChunkAadV1, FORMAT_V1_HEADER } from './sealed-format-v1.js';

/**
 * The version-1 sealer, as it was before version 2 replaced it: the store no longer writes this
 * format, but still reads it, and tests make such blobs with this to show it.
 */
export function createSealerV1(key: Buffer, tenantId: string): Transform {
  assertKey(key);
  const aad = new ChunkAadV1(tenantId);
  const nonces = new NonceSource();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;

  function sealChunk(stream: Transform, pieces: Buffer[], final: boolean): void {
    if (index === 0) stream.push(Buffer.from(FORMAT_V1_HEADER));
    const nonce = nonces.next();
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(aad.of(index++, final));
    stream.push(nonce);
    const plain = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
    if (plain.length > 0) stream.push(cipher.update(plain));
    cipher.final();
    stream.push(cipher.getAuthTag());
  }

  return new Transform({
    transform(data: Buffer, _encoding, done: TransformCallback) {
      let offset = 0;
      while (offset < data.length) {
        if (pendingBytes === CHUNK_SIZE) {
          sealChunk(this, pending, false);
          pending = [];
          pendingBytes = 0;
        }
        const take = Math.min(CHUNK_SIZE - pendingBytes, data.length - offset);
        pending.push(take === data.length ? data : data.subarray(offset, offset + take));
        pendingBytes += take;
        offset += take;
      }
      done();
    },
    flush(done: TransformCallback) {
      sealChunk(this, pending, true);
      pending = [];
      done();
    },
  });
}

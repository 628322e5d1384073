import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_TEST_CREDENTIALS, startS3Server, type TestS3Server } from '../../../test/s3-server.js';
import { BlobMissingError } from './blob-location.js';
import { blobKey } from './blob-key.js';
import { S3Location } from './s3-location.js';

const tenant = randomUUID();
const hash = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

describe('an S3 location (s3rver on loopback)', () => {
  let server: TestS3Server;
  let location: S3Location;
  let raw: S3Client;

  beforeAll(async () => {
    server = await startS3Server(['lectern-blobs']);
    const spec = {
      kind: 's3' as const,
      name: `s3://lectern-blobs/site-a/@127.0.0.1:${server.port}`,
      bucket: 'lectern-blobs',
      prefix: 'site-a/',
      endpoint: server.endpoint,
      region: 'eu-central-1',
      pathStyle: true,
      credentials: S3_TEST_CREDENTIALS,
    };
    location = new S3Location(spec, 10);
    raw = new S3Client({ endpoint: server.endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: S3_TEST_CREDENTIALS });
  });
  afterAll(async () => {
    await location.close();
    raw.destroy();
    await server.close();
  });

  it('stores under the prefix, reads whole and by range, heads, deletes', async () => {
    const key = blobKey(tenant, hash(1));
    await location.put(key, Readable.from([Buffer.from('hello '), Buffer.from('world')]), 11);
    const listed = await raw.send(new ListObjectsV2Command({ Bucket: 'lectern-blobs' }));
    expect(listed.Contents?.map((o) => o.Key)).toContain(`site-a/${key}`);
    expect(await text(await location.get(key))).toBe('hello world');
    expect(await text(await location.get(key, { start: 6, end: 10 }))).toBe('world');
    expect(await location.head(key)).toEqual({ size: 11 });
    await location.delete(key);
    await location.delete(key);
    expect(await location.head(key)).toBeNull();
    await expect(location.get(key)).rejects.toBeInstanceOf(BlobMissingError);
  });

  it('stores a large object as a multipart upload', async () => {
    const key = blobKey(tenant, hash(2));
    const bytes = randomBytes(20 * 1024 * 1024);
    await location.put(key, Readable.from([bytes.subarray(0, 7_000_000), bytes.subarray(7_000_000)]), bytes.length);
    expect(await location.head(key)).toEqual({ size: bytes.length });
    expect((await buffer(await location.get(key, { start: 16 * 1024 * 1024 - 10, end: 16 * 1024 * 1024 + 9 }))).equals(bytes.subarray(16 * 1024 * 1024 - 10, 16 * 1024 * 1024 + 10))).toBe(true);
    await location.delete(key);
  });

  it('lists every page (of 10) of a prefix, without the location prefix and without foreign objects outside it', async () => {
    const other = randomUUID();
    const keys = Array.from({ length: 25 }, (_, i) => blobKey(other, `${(i * 7).toString(16).padStart(2, '0')}${i.toString(16).padStart(62, '0')}`));
    for (const key of keys) await raw.send(new PutObjectCommand({ Bucket: 'lectern-blobs', Key: `site-a/${key}`, Body: 'x' }));
    await raw.send(new PutObjectCommand({ Bucket: 'lectern-blobs', Key: `site-b/${keys[0]}`, Body: 'x' }));
    const listed: string[] = [];
    for await (const object of location.list(`${other}/`)) {
      expect(object.size).toBe(1);
      expect(object.modifiedAt.getTime()).toBeGreaterThan(Date.now() - 600_000);
      listed.push(object.key);
    }
    expect(listed.sort()).toEqual([...keys].sort());
  });

  it('refuses path-like keys', async () => {
    for (const key of ['../x', '/etc/passwd', 'a/../../b', `${tenant}/01/../${hash(1)}`]) {
      await expect(location.put(key, Readable.from([Buffer.from('x')]), 1), key).rejects.toThrow('not a blob key');
      await expect(location.get(key), key).rejects.toThrow('not a blob key');
      await expect(location.head(key), key).rejects.toThrow('not a blob key');
    }
  });

  it('refuses a plain-http endpoint that is not on this machine', () => {
    expect(
      () =>
        new S3Location({
          kind: 's3',
          name: 's3://b/@s3.example.net',
          bucket: 'b',
          prefix: '',
          endpoint: 'http://s3.example.net',
          region: 'eu-central-1',
          pathStyle: true,
          credentials: undefined,
        }),
    ).toThrow('must use https');
  });

  it('probes: answers while the server runs, fails quickly once it is down', async () => {
    await location.probe();
    await server.stop();
    const started = Date.now();
    await expect(location.probe()).rejects.toThrow();
    await expect(location.get(blobKey(tenant, hash(1)))).rejects.not.toBeInstanceOf(BlobMissingError);
    expect(Date.now() - started).toBeLessThan(10_000);
    await server.restart();
    await location.probe();
  });
});

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { BlobMissingError, type BlobLocation, type ByteRange, type StoredObject } from './blob-location.js';
import { InvalidBlobKeyError, isListablePrefix, isStorableKey } from './blob-key.js';
import { isLoopbackHost, type LocationSpec } from './storage-config.js';

type S3Spec = Extract<LocationSpec, { kind: 's3' }>;

/** Objects up to this size go in one PutObject; larger ones as a multipart upload. */
const SINGLE_PUT_MAX = 16 * 1024 * 1024;

function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404;
}

/**
 * A bucket (and optional key prefix) of any S3-compatible store. A put resolves when the store
 * acknowledged the whole object (S3 writes an object whole or not at all, so a failed put leaves
 * nothing under the key; an aborted multipart upload is removed by the SDK).
 */
export class S3Location implements BlobLocation {
  readonly name: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  /** `listPageSize`: objects per ListObjectsV2 page (S3's maximum, 1000, unless a test pages sooner). */
  constructor(
    spec: S3Spec,
    private readonly listPageSize = 1000,
  ) {
    if (spec.endpoint) {
      const endpoint = new URL(spec.endpoint);
      if (endpoint.protocol !== 'https:' && !isLoopbackHost(endpoint.hostname)) throw new Error(`${spec.name}: the endpoint must use https`);
    }
    this.name = spec.name;
    this.bucket = spec.bucket;
    this.prefix = spec.prefix;
    this.client = new S3Client({
        region: spec.region,
        forcePathStyle: spec.pathStyle,
        ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
        ...(spec.credentials ? { credentials: spec.credentials } : {}),
        // A location that is down must fail a request soon, so the store goes on at the next one.
        maxAttempts: 2,
        requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
      });
  }

  private objectKey(key: string): string {
    if (!isStorableKey(key)) throw new InvalidBlobKeyError(this.name, key);
    return `${this.prefix}${key}`;
  }

  async put(key: string, body: Readable, size: number): Promise<void> {
    const Key = this.objectKey(key);
    try {
      if (size <= SINGLE_PUT_MAX) {
        // Small objects are buffered: a PutObject with a known length and checksum is one round trip.
        const chunks: Buffer[] = [];
        for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
        const bytes = Buffer.concat(chunks);
        if (bytes.length !== size) throw new Error(`${this.name}: ${key} got ${bytes.length} bytes, expected ${size}`);
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentLength: size }));
        return;
      }
      await new Upload({ client: this.client, params: { Bucket: this.bucket, Key, Body: body }, partSize: 16 * 1024 * 1024, queueSize: 2, leavePartsOnError: false }).done();
      const stored = await this.head(key);
      if (stored?.size !== size) {
        await this.delete(key);
        throw new Error(`${this.name}: ${key} holds ${stored?.size ?? 0} bytes, expected ${size}`);
      }
    } catch (error) {
      body.destroy();
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      if (!(result.Body instanceof Readable)) throw new Error(`${this.name}: the response to a read has no body stream`);
      return result.Body;
    } catch (error) {
      if (isNotFound(error)) throw new BlobMissingError(this.name, key);
      throw error;
    }
  }

  async head(key: string): Promise<{ size: number } | null> {
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { size: result.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    if (!isListablePrefix(prefix)) throw new InvalidBlobKeyError(this.name, prefix);
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: `${this.prefix}${prefix}`,
          MaxKeys: this.listPageSize,
          ...(ContinuationToken ? { ContinuationToken } : {}),
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        yield { key: object.Key.slice(this.prefix.length), size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async probe(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

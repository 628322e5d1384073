import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import type { BlobCodec } from './blob-codec.js';
import type { BlobLocation } from './blob-location.js';
import { LocalLocation } from './local-location.js';
import { S3Location } from './s3-location.js';
import { openSecretBox, type SecretBox } from '../secrets/secret-box.js';
import { SealedCodec } from './sealed-codec.js';
import { TenantDataKeys } from './tenant-data-keys.js';
import { ReplicatedBlobStore, type StorageLog } from './replicated-blob-store.js';
import type { LocationSpec } from './storage-config.js';
import { storageLocationUp } from './storage.metrics.js';

/** Opens one configured location (a local directory is created when missing). */
export async function openLocation(spec: LocationSpec): Promise<BlobLocation> {
  switch (spec.kind) {
    case 'local':
      return LocalLocation.open(spec.root);
    case 's3':
      return new S3Location(spec);
  }
}

export interface OpenBlobStoreOptions {
  db: Db;
  config: Pick<Config, 'storage' | 'secretKeyFile'>;
  /** The server's secret box (the master key that seals the tenants' data keys); default: opened from LECTERN_SECRET_KEY_FILE. */
  secretBox?: SecretBox;
  /** The node's tenant data keys (shared with the tenant erasure, which destroys them); default: new ones over `secretBox`. */
  dataKeys?: TenantDataKeys;
  log?: StorageLog;
  /** Tests only: another codec (default: the sealed codec, AES-256-GCM with each tenant's data key). */
  codec?: BlobCodec;
  /** Tests only: locations opened by the caller (e.g. wrapped to inject faults) instead of the configured ones. */
  locations?: BlobLocation[];
}

/**
 * The node's blob store, from the configuration: every location opened, the write quorum set,
 * every blob sealed with its tenant's data key.
 */
export async function openBlobStore(options: OpenBlobStoreOptions): Promise<ReplicatedBlobStore> {
  const { storage } = options.config;
  const locations = options.locations ?? (await Promise.all(storage.locations.map(openLocation)));
  // Every location has its up-metric from the start, and a location down at start-up is logged.
  await Promise.all(
    locations.map(async (location) => {
      try {
        await location.probe();
        storageLocationUp.set({ location: location.name }, 1);
      } catch (error) {
        storageLocationUp.set({ location: location.name }, 0);
        options.log?.warn({ location: location.name, err: error as Error }, 'storage: a location does not answer; files are written to the others while the write quorum holds');
      }
    }),
  );
  return new ReplicatedBlobStore({
    db: options.db,
    codec: options.codec ?? new SealedCodec(options.dataKeys ?? new TenantDataKeys(options.db, options.secretBox ?? openSecretBox(options.config))),
    locations,
    writeQuorum: Math.min(storage.writeQuorum, locations.length),
    spoolDir: storage.spoolDir,
    ...(options.log ? { log: options.log } : {}),
  });
}

import type { Config } from '../config.js';
import type { BlobLocation } from '../platform/storage/blob-location.js';
import { LocalLocation } from '../platform/storage/local-location.js';
import { S3Location } from '../platform/storage/s3-location.js';

/**
 * The configured storage locations for reading only: nothing is created, no secret key is made or
 * needed, and a local location is not tidied (LocalLocation.open empties its temporary directory,
 * and a running server may be writing to it).
 */
export function readOnlyLocations(config: Config): BlobLocation[] {
  return config.storage.locations.map((spec) => (spec.kind === 'local' ? new LocalLocation(spec.root) : new S3Location(spec)));
}

/** Runs `work` with the locations and closes them afterwards. */
export async function withLocations<T>(locations: BlobLocation[], work: (locations: BlobLocation[]) => Promise<T>): Promise<T> {
  try {
    return await work(locations);
  } finally {
    for (const location of locations) await location.close();
  }
}

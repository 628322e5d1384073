import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { BlobLocation } from '../storage/blob-location.js';
import { createOpener, createSealer, storedRangeOf, wholeRange } from '../storage/sealed-format.js';
import type { BackupKey } from './backup-key.js';

/*
 * The catalogue of database snapshots is the storage itself: at every location, a snapshot is two
 * objects under platform/backups/: `<id>.tar.gz.sealed` (the data directory's archive, gzipped
 * and sealed with the backup key) and `<id>.json` (its manifest, written after the data). A
 * location holds a snapshot when it holds both; nothing about snapshots lives in the database,
 * which is what they must survive.
 *
 * Anyone who can write to a location could plant manifests: a fake "newest" snapshot would pass
 * for a fresh backup and push genuine ones out of the retention. So each manifest carries an
 * HMAC under a key derived from the installation's secret key, and only manifests it verifies
 * count. The data itself is sealed (authenticated per chunk, bound to its id) either way.
 */

export const SNAPSHOT_PREFIX = 'platform/backups/';
const ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export const manifestSchema = z.object({
  format: z.literal('lectern-db-snapshot'),
  /** 1: unsigned (taken before manifests were signed); 2: signed (`mac`). */
  version: z.union([z.literal(1), z.literal(2)]),
  id: z.string().regex(ID),
  createdAt: z.iso.datetime(),
  /** The .tar.gz before sealing: its size and SHA-256 (hex). */
  plainSize: z.number().int().nonnegative(),
  plainSha256: z.string().regex(/^[0-9a-f]{64}$/),
  sealedSize: z.number().int().nonnegative(),
  /** The id of the secret key (LECTERN_SECRET_KEY_FILE) the snapshot opens with. */
  keyId: z.string().regex(/^[0-9a-f]{8}$/),
  /** Migrations applied in the snapshot's database, and the version that took it. */
  migrations: z.number().int().nonnegative(),
  lecternVersion: z.string(),
  /** HMAC-SHA256 (hex) of the fields above under the backup key's manifest key (version 2). */
  mac: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type SnapshotManifest = z.infer<typeof manifestSchema>;

export interface SnapshotEntry {
  manifest: SnapshotManifest;
  /** Names of the locations that hold it (data and manifest). */
  locations: string[];
}

/**
 * A snapshot this installation cannot vouch for: sealed with another secret key, or taken before
 * manifests were signed. It is listed and can be restored by its id (its data is authenticated
 * when it is opened), but it never counts as the latest backup and the retention leaves it alone.
 */
export interface UnverifiedSnapshot extends SnapshotEntry {
  why: 'other_key' | 'unsigned' | 'no_key_file';
}

/** A manifest copy that does not count, and why: shown by `lectern backup list`. */
export interface RefusedManifest {
  location: string;
  id: string;
  reason: string;
}

export interface LocationState {
  name: string;
  ok: boolean;
  error?: string;
}

export interface SnapshotCatalogue {
  /** Verified with this installation's key, newest first. */
  snapshots: SnapshotEntry[];
  /** Newest first. */
  unverified: UnverifiedSnapshot[];
  refused: RefusedManifest[];
  locations: LocationState[];
  /** Data objects without a manifest (a write that stopped half-way), per location. */
  strays: { location: BlobLocation; key: string; modifiedAt: Date }[];
}

export function isSnapshotId(value: string): boolean {
  return ID.test(value);
}

/** `20261206T154100Z-1a2b3c`: sorts by time; the random tail keeps two snapshots of one second apart. */
export function newSnapshotId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

export function dataKeyOf(id: string): string {
  return `${SNAPSHOT_PREFIX}${id}.tar.gz.sealed`;
}

export function manifestKeyOf(id: string): string {
  return `${SNAPSHOT_PREFIX}${id}.json`;
}

/** What the sealing binds each snapshot's chunks to: a copy of another snapshot's data does not open under this one's manifest. */
function sealingContext(id: string): string {
  return `lectern-db-snapshot:${id}`;
}

/** A manifest that does not count: it does not read, is too large, does not agree with its own id, or its signature is wrong. */
class ManifestRefused extends Error {}

/** The signed fields in a fixed order: the signature does not depend on how the JSON was written. */
function signedBytes(manifest: SnapshotManifest): string {
  const { format, version, id, createdAt, plainSize, plainSha256, sealedSize, keyId, migrations, lecternVersion } = manifest;
  return JSON.stringify([format, version, id, createdAt, plainSize, plainSha256, sealedSize, keyId, migrations, lecternVersion]);
}

function macOf(manifest: SnapshotManifest, key: BackupKey): string {
  return createHmac('sha256', key.manifestKey).update(signedBytes(manifest)).digest('hex');
}

/** The manifest with its signature (version 2). */
export function signManifest(manifest: Omit<SnapshotManifest, 'version' | 'mac'>, key: BackupKey): SnapshotManifest {
  const unsigned: SnapshotManifest = { ...manifest, version: 2 };
  return { ...unsigned, mac: macOf(unsigned, key) };
}

/** Verified, unverified (and why), or ManifestRefused when it claims this installation's key and its signature is missing or wrong. */
function standingOf(manifest: SnapshotManifest, key: BackupKey | null): 'verified' | UnverifiedSnapshot['why'] {
  if (!key) return 'no_key_file';
  if (manifest.keyId !== key.keyId) return 'other_key';
  if (manifest.version === 1) {
    if (manifest.mac !== undefined) throw new ManifestRefused('an unsigned manifest carries a signature');
    return 'unsigned';
  }
  if (manifest.mac === undefined) throw new ManifestRefused('the manifest is not signed');
  if (!timingSafeEqual(Buffer.from(manifest.mac, 'hex'), Buffer.from(macOf(manifest, key), 'hex'))) throw new ManifestRefused('the signature does not match');
  return 'verified';
}

/** Manifests are a few hundred bytes. */
const MANIFEST_MAX_BYTES = 64 * 1024;

/** How far ahead of this clock a snapshot's time may lie (clock skew between nodes), and no further. */
const FUTURE_SKEW_MS = 5 * 60_000;

/** The second an id names (`20261206T154100Z-…`). */
function timeOfId(id: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-/.exec(id);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : Number.NaN;
}

/**
 * The manifest of `id` as it reads, or ManifestRefused. Its time must be the second its id names
 * and not in the future: a planted manifest dated ahead would otherwise pass for the newest backup
 * (the scheduled snapshot would skip, the monitor would see a fresh one).
 */
function manifestOf(id: string, text: string, now: number): SnapshotManifest {
  let manifest: SnapshotManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(text));
  } catch {
    throw new ManifestRefused('it is not a manifest of a snapshot');
  }
  if (manifest.id !== id) throw new ManifestRefused('the manifest names another snapshot');
  const createdAt = Date.parse(manifest.createdAt);
  if (Math.floor(createdAt / 1000) * 1000 !== timeOfId(id)) throw new ManifestRefused('its time is not the one its id names');
  if (createdAt > now + FUTURE_SKEW_MS) throw new ManifestRefused('its time lies in the future');
  return manifest;
}

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw new ManifestRefused(`it is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Lists every location's snapshots; a location that cannot be listed is marked, not fatal. `key`
 * is the installation's backup key (null when its key file is missing: nothing verifies).
 */
export async function readCatalogue(locations: readonly BlobLocation[], backupKey: BackupKey | null, now = Date.now()): Promise<SnapshotCatalogue> {
  const found = new Map<string, SnapshotEntry>();
  const unverified = new Map<string, UnverifiedSnapshot>();
  const refused: RefusedManifest[] = [];
  const strays: SnapshotCatalogue['strays'] = [];
  const states = await Promise.all(
    locations.map(async (location): Promise<LocationState> => {
      try {
        const objects = new Map<string, Date>();
        for await (const object of location.list(SNAPSHOT_PREFIX)) objects.set(object.key, object.modifiedAt);
        for (const [key, modifiedAt] of objects) {
          if (!key.endsWith('.tar.gz.sealed')) continue;
          const id = key.slice(SNAPSHOT_PREFIX.length, -'.tar.gz.sealed'.length);
          if (!objects.has(manifestKeyOf(id))) {
            strays.push({ location, key, modifiedAt });
            continue;
          }
          let manifest: SnapshotManifest;
          let standing: ReturnType<typeof standingOf>;
          try {
            manifest = manifestOf(id, (await readAll(await location.get(manifestKeyOf(id)), MANIFEST_MAX_BYTES)).toString('utf8'), now);
            standing = standingOf(manifest, backupKey);
          } catch (error) {
            // A manifest that does not count is treated like a missing one: that copy does not count.
            if (error instanceof ManifestRefused) {
              refused.push({ location: location.name, id, reason: error.message });
              continue;
            }
            throw error;
          }
          if (standing === 'verified') {
            const entry = found.get(id) ?? { manifest, locations: [] };
            entry.locations.push(location.name);
            found.set(id, entry);
          } else {
            const entry = unverified.get(id) ?? { manifest, locations: [], why: standing };
            entry.locations.push(location.name);
            unverified.set(id, entry);
          }
        }
        return { name: location.name, ok: true };
      } catch (error) {
        return { name: location.name, ok: false, error: reason(error) };
      }
    }),
  );
  const newestFirst = (a: SnapshotEntry, b: SnapshotEntry) => (a.manifest.id < b.manifest.id ? 1 : -1);
  // A snapshot verified at one location is not also listed as unverified from a copy elsewhere.
  const others = [...unverified.values()].filter((entry) => !found.has(entry.manifest.id));
  return { snapshots: [...found.values()].sort(newestFirst), unverified: others.sort(newestFirst), refused, locations: states, strays };
}

/**
 * Seals `plain` (a readable of the archive) into `sealedFile` under the backup key; answers the
 * plain bytes' size and SHA-256 and the sealed size.
 */
export async function sealSnapshot(plain: Readable, key: BackupKey, id: string, sealedFile: string): Promise<{ plainSize: number; plainSha256: string; sealedSize: number }> {
  const sealer = createSealer(key.key, sealingContext(id));
  await pipeline(plain, sealer, createWriteStream(sealedFile, { flags: 'wx', mode: 0o600 }));
  const { hash, size } = sealer.plain();
  return { plainSize: size, plainSha256: hash, sealedSize: (await stat(sealedFile)).size };
}

export class SnapshotQuorumError extends Error {
  constructor(
    readonly held: number,
    readonly quorum: number,
    readonly failures: { name: string; error: string }[],
  ) {
    super(`the snapshot reached ${held} of the ${quorum} locations it must reach: ${failures.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
    this.name = 'SnapshotQuorumError';
  }
}

/**
 * Writes the sealed file and then its manifest to every location; succeeds when at least
 * `quorum` hold both. Answers the names of those that do.
 */
export async function storeSnapshot(locations: readonly BlobLocation[], quorum: number, manifest: SnapshotManifest, sealedFile: string): Promise<string[]> {
  const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const results = await Promise.allSettled(
    locations.map(async (location) => {
      await location.put(dataKeyOf(manifest.id), createReadStream(sealedFile), manifest.sealedSize);
      await location.put(manifestKeyOf(manifest.id), Readable.from([json]), json.length);
      return location.name;
    }),
  );
  const held = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failures = results.flatMap((result, i) => (result.status === 'rejected' ? [{ name: locations[i]!.name, error: reason(result.reason) }] : []));
  if (held.length < quorum) throw new SnapshotQuorumError(held.length, quorum, failures);
  return held;
}

export class SnapshotKeyMismatchError extends Error {
  constructor(
    readonly snapshotKeyId: string,
    readonly installationKeyId: string,
  ) {
    super(
      `the snapshot was sealed with secret key ${snapshotKeyId}, but LECTERN_SECRET_KEY_FILE holds key ${installationKeyId}: restore with the key file of the installation that took the snapshot (copy it into place first)`,
    );
    this.name = 'SnapshotKeyMismatchError';
  }
}

export class SnapshotUnreadableError extends Error {
  constructor(
    readonly id: string,
    readonly failures: { name: string; error: string }[],
  ) {
    super(`no location gave a good copy of snapshot ${id}: ${failures.map((f) => `${f.name}: ${f.error}`).join('; ') || 'no location holds it'}`);
    this.name = 'SnapshotUnreadableError';
  }
}

/**
 * Reads a good copy of the snapshot into `plainFile` (the .tar.gz): each copy is opened and
 * verified (every chunk authenticated, the SHA-256 of the plain bytes compared with the
 * manifest); a damaged or unreadable copy is passed over for the next location's.
 */
export async function fetchSnapshot(
  locations: readonly BlobLocation[],
  entry: SnapshotEntry,
  key: BackupKey,
  plainFile: string,
): Promise<{ location: string; passedOver: { name: string; error: string }[] }> {
  const { manifest } = entry;
  if (manifest.keyId !== key.keyId) throw new SnapshotKeyMismatchError(manifest.keyId, key.keyId);
  const failures: { name: string; error: string }[] = [];
  const holding = locations.filter((location) => entry.locations.includes(location.name));
  for (const location of holding) {
    try {
      const range = wholeRange(manifest.plainSize);
      const stored = storedRangeOf(range, manifest.plainSize);
      if (stored.end + 1 !== manifest.sealedSize) throw new Error('the manifest’s sizes do not agree');
      const opener = createOpener(key.key, sealingContext(manifest.id), range, { size: manifest.plainSize, hash: Buffer.from(manifest.plainSha256, 'hex') });
      const hasher = createHash('sha256');
      const hashing = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hasher.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(await location.get(dataKeyOf(manifest.id)), opener, hashing, createWriteStream(plainFile, { mode: 0o600 }));
      const hash = hasher.digest('hex');
      if (hash !== manifest.plainSha256) throw new Error(`SHA-256 ${hash} differs from the manifest's ${manifest.plainSha256}`);
      return { location: location.name, passedOver: failures };
    } catch (error) {
      failures.push({ name: location.name, error: reason(error) });
      await rm(plainFile, { force: true });
    }
  }
  throw new SnapshotUnreadableError(manifest.id, failures);
}

/**
 * Removes a snapshot from every location that answers: the manifest first, so no listing shows a
 * snapshot whose data is gone. Answers the locations where it could not be removed.
 */
export async function deleteSnapshot(locations: readonly BlobLocation[], id: string): Promise<string[]> {
  const results = await Promise.allSettled(
    locations.map(async (location) => {
      await location.delete(manifestKeyOf(id));
      await location.delete(dataKeyOf(id));
    }),
  );
  return results.flatMap((result, i) => (result.status === 'rejected' ? [locations[i]!.name] : []));
}

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Db } from '../src/platform/db/client.js';
import type { BlobLocation, StagedObject } from '../src/platform/storage/blob-location.js';
import { LocalLocation } from '../src/platform/storage/local-location.js';
import { openBlobStore } from '../src/platform/storage/open-blob-store.js';
import type { ReplicatedBlobStore } from '../src/platform/storage/replicated-blob-store.js';
import type { LocationSpec } from '../src/platform/storage/storage-config.js';
import { testSecretKeyFile } from './app.js';

/** A fresh directory in the run's scratch directory (see global-setup), removed with it. */
function scratchDir(prefix: string): string {
  return mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), prefix));
}

/** Where a test's blobs go: one local location of its own (or the given ones), with a spool directory of its own. */
export async function openTestBlobStore(db: Db, locations?: LocationSpec[]): Promise<ReplicatedBlobStore> {
  const dir = scratchDir('lectern-blobs-');
  const specs = locations ?? [{ kind: 'local', name: `local:${dir}/store`, root: path.join(dir, 'store') }];
  return openBlobStore({ db, config: { secretKeyFile: testSecretKeyFile(), storage: { locations: specs, writeQuorum: specs.length, spoolDir: path.join(dir, 'spool') } } });
}

/** One local location shared by several nodes: each node opens its own store on it (with its own database connection). */
export function sharedLocalLocation(): LocationSpec {
  const root = path.join(scratchDir('lectern-shared-blobs-'), 'store');
  return { kind: 'local', name: `local:${root}`, root };
}

/** Fault injection for what cannot be produced on demand: a location that, when told, refuses puts as a full disk does. */
export interface PutFaults {
  /** From now on, let `puts` more puts through and fail every later one; null: none fails. */
  failPutsAfter(puts: number | null): void;
}

/** `inner`, except that its puts fail (as on a full disk) once the allowance set by failPutsAfter is used up. */
function withPutFaults(inner: BlobLocation): BlobLocation & PutFaults {
  let allowed: number | null = null;
  const failPutsAfter = (puts: number | null) => {
    allowed = puts;
  };
  const refuseWhenSpent = () => {
    if (allowed !== null && allowed-- <= 0) throw Object.assign(new Error(`ENOSPC: no space left on device, write (${inner.name})`), { code: 'ENOSPC' });
  };
  const put = async (key: string, body: Readable, size: number) => {
    try {
      refuseWhenSpent();
    } catch (error) {
      body.destroy();
      throw error;
    }
    return inner.put(key, body, size);
  };
  // A local location may take the store's spool file by a link instead of a put: that write fails alike.
  const adopt = inner.adopt
    ? async (key: string, file: string, size: number) => {
        refuseWhenSpent();
        return inner.adopt!(key, file, size);
      }
    : undefined;
  // A local location may take the sealed bytes as they are written, committing them under their key once known: that commit fails alike.
  const stage = inner.stage
    ? async (): Promise<StagedObject> => {
        const staged = await inner.stage!();
        return {
          body: staged.body,
          abort: () => staged.abort(),
          commit: async (key: string, size: number) => {
            try {
              refuseWhenSpent();
            } catch (error) {
              await staged.abort();
              throw error;
            }
            return staged.commit(key, size);
          },
        };
      }
    : undefined;
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'put') return put;
      if (property === 'adopt') return adopt;
      if (property === 'stage') return stage;
      if (property === 'failPutsAfter') return failPutsAfter;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as BlobLocation & PutFaults;
}

/** A real store on one local location whose puts can be made to fail (the store then refuses with STORAGE_UNAVAILABLE). */
export async function openFaultyTestBlobStore(db: Db): Promise<{ store: ReplicatedBlobStore; faults: PutFaults }> {
  const dir = scratchDir('lectern-blobs-');
  const location = withPutFaults(await LocalLocation.open(path.join(dir, 'store')));
  const store = await openBlobStore({
    db,
    config: { secretKeyFile: testSecretKeyFile(), storage: { locations: [], writeQuorum: 1, spoolDir: path.join(dir, 'spool') } },
    locations: [location],
  });
  return { store, faults: location };
}

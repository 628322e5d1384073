import type { Config } from '../config.js';
import type { Db } from '../platform/db/index.js';
import type { BlobStore } from '../platform/storage/index.js';

/** What the Learn features are built from (buildApp hands it over). */
export interface LearnDeps {
  db: Db;
  config: Config;
  /** Where package files, resumable upload chunks and covers are kept. */
  storage: BlobStore;
}

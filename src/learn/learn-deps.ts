import type { Config } from '../config.js';
import type { Db } from '../platform/db/index.js';

/** What the Learn features are built from (buildApp hands it over). */
export interface LearnDeps {
  db: Db;
  config: Config;
}

import { rmSync } from 'node:fs';
import { prepareDataDir, PREPARED_DATA_DIR_VARIABLE } from './server.js';

/** One first start for the run (e2e/server.ts startServer): the servers of the test files start on copies of its data. */
export default async function globalSetup(): Promise<() => void> {
  const dataDir = await prepareDataDir();
  process.env[PREPARED_DATA_DIR_VARIABLE] = dataDir;
  return () => rmSync(dataDir, { recursive: true, force: true });
}

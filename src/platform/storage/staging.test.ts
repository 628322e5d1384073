import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STALE_STAGING_MS, withStagingFolder } from './staging.js';

describe('the staging area of a node', () => {
  let filesDir: string;
  beforeAll(async () => {
    filesDir = await mkdtemp(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-staging-'));
  });
  afterAll(async () => {
    await rm(filesDir, { recursive: true, force: true });
  });
  const staged = () => readdir(path.join(filesDir, 'staging'));

  it('gives each piece of work a folder of its own and removes it when the work ends or fails', async () => {
    const seen = await withStagingFolder({ filesDir }, async (folder) => {
      await writeFile(path.join(folder, 'upload.zip'), 'PK');
      expect(await staged()).toEqual([path.basename(folder)]);
      return folder;
    });
    expect(path.dirname(seen)).toBe(path.join(filesDir, 'staging'));
    await expect(
      withStagingFolder({ filesDir }, async (folder) => {
        await writeFile(path.join(folder, 'half.zip'), 'P');
        throw new Error('the client went away');
      }),
    ).rejects.toThrow('the client went away');
    expect(await staged()).toEqual([]);
  });

  it('removes folders a stopped node left behind once they are stale, and leaves recent ones (another request of the node)', async () => {
    const stale = path.join(filesDir, 'staging', 'work-left');
    const recent = path.join(filesDir, 'staging', 'work-busy');
    for (const folder of [stale, recent]) {
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'package.zip'), 'PK');
    }
    const old = new Date(Date.now() - STALE_STAGING_MS - 60_000);
    await utimes(stale, old, old);
    await withStagingFolder({ filesDir }, async () => undefined);
    expect(await staged()).toEqual(['work-busy']);
  });
});

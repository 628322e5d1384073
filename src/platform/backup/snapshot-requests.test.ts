import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerSnapshotRequests, requestSnapshot, SNAPSHOT_REQUEST_FILE } from './snapshot-requests.js';

const quiet = { info: () => {}, error: () => {} };
const dir = () => mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-requests-'));

describe('asking the running server for a snapshot', () => {
  it('gets the answer of the server, a failure included', async () => {
    const dataDir = dir();
    let fail = false;
    const stop = answerSnapshotRequests(
      dataDir,
      async () => {
        if (fail) throw new Error('the write quorum was not reached');
        return { id: '20261206T030000Z-abcdef', sizeBytes: 42, locations: ['local:/a'] };
      },
      quiet,
      50,
    );
    try {
      expect(await requestSnapshot(dataDir, 5_000)).toMatchObject({ ok: true, snapshot: '20261206T030000Z-abcdef', locations: ['local:/a'] });
      fail = true;
      expect(await requestSnapshot(dataDir, 5_000)).toMatchObject({ ok: false, error: 'the write quorum was not reached' });
    } finally {
      await stop();
    }
  });

  it('gives up when no server answers, and withdraws the request', async () => {
    const dataDir = dir();
    await expect(requestSnapshot(dataDir, 1_200)).rejects.toThrow(/did not answer within 1 s .*withdrawn/);
    expect(existsSync(path.join(dataDir, SNAPSHOT_REQUEST_FILE))).toBe(false);
  });
});

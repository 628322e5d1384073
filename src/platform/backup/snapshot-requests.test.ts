import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/eventually.js';
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

  it('refuses a link, a FIFO or a large file in the place of a request without taking a snapshot, and keeps answering', async () => {
    const dataDir = dir();
    const requestFile = path.join(dataDir, SNAPSHOT_REQUEST_FILE);
    const errors: string[] = [];
    let taken = 0;
    const stop = answerSnapshotRequests(
      dataDir,
      async () => {
        taken += 1;
        return { id: '20261206T030000Z-abcdef', sizeBytes: 42, locations: ['local:/a'] };
      },
      { info: () => {}, error: (_data, message) => errors.push(message) },
      50,
    );
    try {
      const valid = path.join(dataDir, 'elsewhere.json');
      writeFileSync(valid, JSON.stringify({ id: '0123456789abcdef' }));
      symlinkSync(valid, requestFile);
      await eventually(async () => errors.length === 1 && !existsSync(requestFile));
      execFileSync('mkfifo', [requestFile]);
      await eventually(async () => errors.length === 2 && !existsSync(requestFile));
      writeFileSync(requestFile, `${JSON.stringify({ id: '0123456789abcdef' })}${' '.repeat(4096)}`);
      await eventually(async () => errors.length === 3 && !existsSync(requestFile));
      expect(errors[0]).toMatch(/was not a snapshot request of lectern backup --from-running and was removed/);
      expect(taken).toBe(0);
      // A real request is still answered afterwards.
      expect(await requestSnapshot(dataDir, 5_000)).toMatchObject({ ok: true });
      expect(taken).toBe(1);
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

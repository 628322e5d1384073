import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client.js';
import { createTestDb, engine } from '../../../test/db.js';
import { freePort } from '../../../test/process.js';
import { parsePgbackrestInfo, postgresBackupStatus } from './postgres-backup-status.js';

// The whole path (archiving to both repositories, a standby falling behind, repository 2 going
// away, a restore) runs in ops/drills/restore-drill.sh against real clusters; here the pieces.

let db: Db;
let dir: string;
beforeAll(async () => {
  db = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'lectern-pgbackrest-'));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A pgBackRest configuration file for stanza `lectern` with the given repository lines. */
function pgbackrestConfig(name: string, repositories: string): string {
  const file = path.join(dir, `${name}.conf`);
  writeFileSync(file, `[global]\n${repositories}\nlock-path=${dir}\n\n[lectern]\npg1-path=${dir}/no-cluster\n`);
  return file;
}

describe('postgresBackupStatus', () => {
  it('says so when pgBackRest is not installed, and still reads the database', async () => {
    const status = await postgresBackupStatus(db, { pgbackrestBin: path.join(dir, 'no-such-pgbackrest') });
    expect(status.latestBackup).toBeNull();
    expect(status.repositories).toEqual([{ repo: 'pgbackrest', ok: false, error: expect.stringMatching(/pgBackRest is not installed/) }]);
    expect(status.standbys).toEqual([]);
    // The test database does not archive: nothing archived, nothing failed.
    expect(status.archive).toMatchObject({ lastArchivedAt: null, failed: false });
    if (engine === 'postgres') expect(status.archive).toMatchObject({ pendingSegments: 0, lagSeconds: 0 });
  });

  it('reports a repository without the stanza (pgBackRest installed, not set up)', async () => {
    const config = pgbackrestConfig('empty', `repo1-path=${dir}/repo1`);
    const status = await postgresBackupStatus(db, { pgbackrestConfig: config });
    expect(status.latestBackup).toBeNull();
    expect(status.repositories).toEqual([{ repo: 'repo1', ok: false, error: 'missing stanza path (status 1)' }]);
  });

  it('reports an S3 repository that does not answer, with pgBackRest’s error', async () => {
    // A loopback port nothing listens on: connections are refused.
    const port = await freePort();
    const config = pgbackrestConfig(
      's3-down',
      [
        `repo1-path=${dir}/repo1`,
        'repo2-type=s3',
        'repo2-path=/lectern',
        'repo2-s3-endpoint=localhost',
        `repo2-storage-port=${port}`,
        'repo2-s3-bucket=backups',
        'repo2-s3-region=us-east-1',
        'repo2-s3-key=key',
        'repo2-s3-key-secret=secret',
        'repo2-s3-uri-style=path',
      ].join('\n'),
    );
    const status = await postgresBackupStatus(db, { pgbackrestConfig: config, ioTimeoutSeconds: 1 });
    expect(status.repositories).toEqual([
      { repo: 'repo1', ok: false, error: 'missing stanza path (status 1)' },
      { repo: 'repo2', ok: false, error: expect.stringMatching(new RegExp(`unable to connect to 'localhost:${port}'.*Connection refused \\(status 99\\)`)) },
    ]);
  });
});

describe('parsePgbackrestInfo', () => {
  // Written by `pgbackrest info --output=json` (2.45) after the restore drill: full backups in
  // both repositories, repository 2 (its S3 store stopped) not answering.
  const drillInfo = readFileSync(path.join(import.meta.dirname, 'postgres-backup-status.fixture.json'), 'utf8');

  it('lists each repository and the newest backup it can read', () => {
    const info = parsePgbackrestInfo(drillInfo, 'lectern');
    expect(info.repositories).toEqual([
      { repo: 'repo1', ok: true },
      { repo: 'repo2', ok: false, error: expect.stringMatching(/^\[HostConnectError\] unable to connect to .* \(status 99\)$/) },
    ]);
    expect(info.latestBackup).toMatchObject({ type: 'full', repo: 'repo1' });
    expect(info.latestBackup!.at.getTime()).toBeGreaterThan(Date.UTC(2026, 0, 1));
  });

  it('says which stanza is missing, and what an unreadable answer said', () => {
    expect(parsePgbackrestInfo(drillInfo, 'other').repositories[0]!.error).toMatch(/no stanza "other"/);
    expect(parsePgbackrestInfo('', 'lectern', 'ERROR: [055]: unable to open config').repositories).toEqual([
      { repo: 'pgbackrest', ok: false, error: 'ERROR: [055]: unable to open config' },
    ]);
    expect(parsePgbackrestInfo('{"not":"a list"}', 'lectern').repositories[0]!.error).toMatch(/no readable answer/);
  });
});

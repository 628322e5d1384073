import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { configProblems } from '../../../test/config-problems.js';

const base = { DATA_DIR: '/var/lib/lectern' };
const problemsOf = configProblems;

describe('storage configuration (LECTERN_STORAGE)', () => {
  it('with nothing configured: one local location under DATA_DIR, quorum 1, and a warning that files are not replicated', () => {
    const config = loadConfig(base);
    expect(config.storage).toEqual({
      locations: [{ kind: 'local', name: 'local:/var/lib/lectern/blobs', root: '/var/lib/lectern/blobs' }],
      writeQuorum: 1,
      spoolDir: '/var/lib/lectern/tmp',
    });
    expect(config.warnings).toContainEqual(expect.stringMatching(/^LECTERN_STORAGE: not set; .*NOT replicated/));
  });

  it('a list of local and S3 locations; the quorum defaults to 2; names carry no secret', () => {
    const config = loadConfig({
      ...base,
      LECTERN_STORAGE: 'local:/srv/lectern/blobs, s3://lectern-files/site-a?endpoint=https://s3.example.net:9000&region=eu-central-1&pathStyle=true',
      LECTERN_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      LECTERN_S3_SECRET_ACCESS_KEY: 'top-secret',
    });
    expect(config.storage.writeQuorum).toBe(2);
    expect(config.storage.locations).toEqual([
      { kind: 'local', name: 'local:/srv/lectern/blobs', root: '/srv/lectern/blobs' },
      {
        kind: 's3',
        name: 's3://lectern-files/site-a/@s3.example.net:9000',
        bucket: 'lectern-files',
        prefix: 'site-a/',
        endpoint: 'https://s3.example.net:9000',
        region: 'eu-central-1',
        pathStyle: true,
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'top-secret' },
      },
    ]);
    expect(config.warnings.join('\n')).not.toContain('LECTERN_STORAGE');
  });

  it('S3 keys may come from files; without keys the AWS default chain is used', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-s3-keys-'));
    try {
      writeFileSync(path.join(dir, 'id'), 'AKIAFROMFILE\n');
      writeFileSync(path.join(dir, 'secret'), 'secret-from-file\n');
      const fromFiles = loadConfig({
        ...base,
        LECTERN_STORAGE: 's3://a-bucket,s3://b-bucket',
        LECTERN_S3_ACCESS_KEY_ID_FILE: path.join(dir, 'id'),
        LECTERN_S3_SECRET_ACCESS_KEY_FILE: path.join(dir, 'secret'),
      });
      expect(fromFiles.storage.locations[0]).toMatchObject({ credentials: { accessKeyId: 'AKIAFROMFILE', secretAccessKey: 'secret-from-file' } });
      const chain = loadConfig({ ...base, LECTERN_STORAGE: 's3://a-bucket,s3://b-bucket?region=eu-west-1' });
      expect(chain.storage.locations[1]).toMatchObject({ name: 's3://b-bucket/@s3.eu-west-1.amazonaws.com', endpoint: undefined, credentials: undefined });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad lists, naming the variable and the location, never echoing a secret', () => {
    const problems = problemsOf({
      ...base,
      LECTERN_STORAGE: [
        'local:relative/dir',
        'ftp://files.example.net',
        's3://user:hunter2@bucket-a',
        's3://bucket-b?endpoint=http://s3.example.net',
        's3://bucket-c?secret=hunter3',
        's3://bucket-d/a%5Cb',
      ].join(','),
      LECTERN_S3_SECRET_ACCESS_KEY: 'hunter4',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^LECTERN_S3_ACCESS_KEY_ID, LECTERN_S3_SECRET_ACCESS_KEY: set both or neither/),
      expect.stringMatching(/^LECTERN_STORAGE \(location 1\): .*must name an absolute directory/),
      expect.stringMatching(/^LECTERN_STORAGE \(location 2\): unknown kind of location/),
      expect.stringMatching(/^LECTERN_STORAGE \(location 3\): must not contain credentials/),
      expect.stringMatching(/^LECTERN_STORAGE \(location 4\): the endpoint must be an https:\/\/ address/),
      expect.stringMatching(/^LECTERN_STORAGE \(location 5\): unknown option "secret"/),
      expect.stringMatching(/^LECTERN_STORAGE \(location 6\): the key prefix must not contain/),
    ]);
    expect(problems.join('\n')).not.toMatch(/hunter/);
  });

  it('plain http only to a loopback endpoint (a local gateway, tests)', () => {
    const config = loadConfig({ ...base, LECTERN_STORAGE: 's3://bucket-a?endpoint=http://127.0.0.1:9000&pathStyle=true,local:/srv/b' });
    expect(config.storage.locations[0]).toMatchObject({ endpoint: 'http://127.0.0.1:9000', pathStyle: true });
  });

  it('the write quorum must be 1 .. the number of locations; one location is a warning, a location twice an error', () => {
    expect(loadConfig({ ...base, LECTERN_STORAGE: 'local:/a,local:/b,local:/c', LECTERN_STORAGE_WRITE_QUORUM: '3' }).storage.writeQuorum).toBe(3);
    expect(problemsOf({ ...base, LECTERN_STORAGE: 'local:/a,local:/b', LECTERN_STORAGE_WRITE_QUORUM: '3' })).toEqual([
      'LECTERN_STORAGE_WRITE_QUORUM=3: must be between 1 and the number of locations (2)',
    ]);
    expect(problemsOf({ ...base, LECTERN_STORAGE: 'local:/a,local:/b', LECTERN_STORAGE_WRITE_QUORUM: '0' })).toHaveLength(1);
    expect(problemsOf({ ...base, LECTERN_STORAGE: 'local:/a,local:/a/' })).toEqual(['LECTERN_STORAGE: the location local:/a is listed twice']);
    expect(loadConfig({ ...base, LECTERN_STORAGE: 'local:/a' }).warnings).toContainEqual(expect.stringMatching(/only one location .*NOT replicated/));
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../test/db.js';
import { freePort, isolatedDatabaseEnv, runLectern } from '../../test/process.js';

describe(`lectern storage (${engine})`, { timeout: 180_000 }, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let dir: string;
  let closedPort: number;

  beforeAll(async () => {
    ({ env, cleanup } = await isolatedDatabaseEnv());
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-cli-storage-'));
    closedPort = await freePort();
  });
  afterAll(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('status shows each location, reachable or not, the quorum and replication; scrub reports per location', async () => {
    const storageEnv = {
      ...env,
      LECTERN_SECRET_KEY_FILE: path.join(dir, 'secret.key'),
      LECTERN_STORAGE: `local:${dir}/a,local:${dir}/b,s3://blobs/site?endpoint=http://127.0.0.1:${closedPort}&pathStyle=true`,
      LECTERN_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      LECTERN_S3_SECRET_ACCESS_KEY: 'never-shown-secret',
    };
    const status = await runLectern(['storage', 'status'], storageEnv);
    expect(status.stdout).toContain('Write quorum: 2 of 3 location(s); replicated');
    expect(status.stdout).toMatch(new RegExp(`local:${dir}/a\\n  now: +reachable`));
    expect(status.stdout).toMatch(new RegExp(`s3://blobs/site/@127\\.0\\.0\\.1:${closedPort}\\n  now: +UNREACHABLE`));
    expect(status.stdout).toContain('last scrub: never');
    expect(status.stdout + status.stderr).not.toContain('never-shown-secret');
    expect(status.code).toBe(1);

    const scrub = await runLectern(['storage', 'scrub'], storageEnv);
    expect(scrub.stdout).toContain(`local:${dir}/a: 0 objects`);
    expect(scrub.stdout).toMatch(/s3:\/\/blobs\/site\/@127\.0\.0\.1:\d+: UNREACHABLE/);
    expect(scrub.code).toBe(1);

    const healthy = await runLectern(['storage', 'status'], { ...storageEnv, LECTERN_STORAGE: `local:${dir}/a,local:${dir}/b` });
    expect(healthy.stdout).toMatch(/last scrub: .*, healthy/);
    expect(healthy.code).toBe(0);
  });
});

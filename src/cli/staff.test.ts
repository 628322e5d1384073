import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../test/db.js';
import { isolatedDatabaseEnv, runLectern } from '../../test/process.js';

describe(`lectern staff (${engine})`, { timeout: 240_000 }, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    ({ env, cleanup } = await isolatedDatabaseEnv());
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-cli-staff-'));
    env = { ...env, LECTERN_SECRET_KEY_FILE: path.join(dir, 'secret.key'), LECTERN_STORAGE: `local:${dir}/blobs` };
  });
  afterAll(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists and deactivates staff; a grant needs the second factor first; mistakes are one clear line', async () => {
    const added = await runLectern(['staff', 'add', '--email', 'ops@example.com', '--name', 'Olga Ops'], env);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/Initial password, shown once: \S{24,}/);
    expect((await runLectern(['staff', 'add', '--email', 'OPS@example.com', '--name', 'Twice'], env)).stderr).toContain('STAFF_EXISTS');

    const list = await runLectern(['staff', 'list'], env);
    expect(list.stdout).toContain('ops@example.com\tOlga Ops\tactive\tsecond factor: not set up');

    const grant = await runLectern(['staff', 'grant', '--email', 'ops@example.com', '--tenant', 'demo', '--scope', 'admin', '--reason', 'Ticket about imports', '--ticket', 'T-9'], env);
    expect(grant.code).toBe(1);
    expect(grant.stderr).toContain('STAFF_MFA_REQUIRED');

    const gone = await runLectern(['staff', 'deactivate', 'ops@example.com'], env);
    expect(gone.stdout).toContain('Deactivated ops@example.com; 0 open grants revoked.');
    expect((await runLectern(['staff', 'list'], env)).stdout).toContain('\tdeactivated\t');
    const unknown = await runLectern(['staff', 'deactivate', 'nobody@example.com'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('STAFF_NOT_FOUND');
  });
});

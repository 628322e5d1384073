import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../test/db.js';
import { isolatedDatabaseEnv, runLectern } from '../../test/process.js';

describe(`lectern monitor (${engine})`, { timeout: 240_000 }, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    ({ env, cleanup } = await isolatedDatabaseEnv());
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-cli-monitor-'));
    env = { ...env, LECTERN_SECRET_KEY_FILE: path.join(dir, 'secret.key'), LECTERN_STORAGE: `local:${dir}/blobs` };
  });
  afterAll(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('silence add, list and remove; status shows them; mistakes are refused with a reason', async () => {
    const added = await runLectern(['monitor', 'silence', 'add', '--rule', 'disk_free', '--component', 'disk:/srv/*', '--for', '2h', '--comment', 'disk swap', '--by', 'ops'], env);
    expect(added.stderr).toBe('');
    const id = /\(id ([0-9a-f-]{36})\)/.exec(added.stdout)?.[1];
    expect(added.stdout).toMatch(/^Silenced disk_free on disk:\/srv\/\* until \d{4}-/);
    expect(id).toBeDefined();

    const list = await runLectern(['monitor', 'silence', 'list'], env);
    expect(list.stdout).toContain(`${id}\tdisk_free\tdisk:/srv/*\tuntil `);
    expect(list.stdout).toContain('by ops\tdisk swap');

    const status = await runLectern(['monitor', 'status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Last check: never');
    expect(status.stdout).toContain(`${id} disk_free disk:/srv/* until`);
    const json = JSON.parse((await runLectern(['monitor', 'status', '--json'], env)).stdout) as { silences: unknown[]; alerts: unknown[] };
    expect(json.silences).toHaveLength(1);
    expect(json.alerts).toEqual([]);

    const unknownRule = await runLectern(['monitor', 'silence', 'add', '--rule', 'disk_ful', '--for', '1h', '--comment', 'typo'], env);
    expect(unknownRule.code).toBe(1);
    expect(unknownRule.stderr).toMatch(/--rule disk_ful: no such rule; the rules are .*disk_free/);
    const badDuration = await runLectern(['monitor', 'silence', 'add', '--rule', 'disk_free', '--for', 'soon', '--comment', 'x'], env);
    expect(badDuration.code).not.toBe(0);
    expect(badDuration.stderr).toMatch(/a duration such as 30m, 2h or 1d/);

    const removed = await runLectern(['monitor', 'silence', 'remove', id!], env);
    expect(removed.stdout).toBe(`Silence ${id} ended.\n`);
    expect((await runLectern(['monitor', 'silence', 'list'], env)).stdout).toBe('No silences.\n');
    const again = await runLectern(['monitor', 'silence', 'remove', id!], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no active silence/);
  });

  it('check prints what each check measures; an invalid monitor file stops the command naming the key', async () => {
    const check = await runLectern(['monitor', 'check'], env);
    expect(check.stdout).toMatch(/OK +database: answered in \d+ ms/);
    expect(check.stdout).toMatch(new RegExp(`disk:${dir}/blobs`));
    expect(check.stdout).toMatch(/jobs: \d+ due/);

    const file = path.join(dir, 'monitor.json');
    writeFileSync(file, JSON.stringify({ rules: [{ name: 'disk_free', for: 'later' }] }));
    const refused = await runLectern(['monitor', 'status'], { ...env, LECTERN_MONITOR_FILE: file });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('rules[0].for: expected a duration');
  });
});

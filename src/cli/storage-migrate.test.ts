import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../test/db.js';
import { buildScormPackage } from '../../test/scorm-packages.js';
import { createLearnTestSite, storedVersionFiles, uploadZip, type LearnTestSite } from '../learn/courses/courses.test-support.js';
import { queryRows } from '../platform/db/client.js';
import { storageMigrateCommand } from './storage-migrate.js';

describe(`lectern storage migrate (${engine})`, () => {
  let site: LearnTestSite;
  let versionId: string;
  beforeAll(async () => {
    site = await createLearnTestSite('clistore');
    versionId = (await uploadZip(site, await buildScormPackage('1.2', 'Old course', [{ id: 'SCO-1', title: 'One' }]))).json().version.id;
    // The version as an installation of before the store has it: files in LECTERN_FILES_DIR only.
    const key = `packages/${site.tenantId}/${versionId}`;
    await mkdir(path.join(site.filesDir, key, 'SCO-1'), { recursive: true });
    await writeFile(path.join(site.filesDir, key, 'imsmanifest.xml'), '<manifest>old</manifest>');
    await writeFile(path.join(site.filesDir, key, 'SCO-1', 'index.html'), '<p>old</p>');
    await site.ctx.db.withTenant(site.tenantId, async (tx) => {
      await queryRows(tx, sql`delete from content_files where version_id = ${versionId}`);
      await queryRows(tx, sql`update content_versions set storage_key = ${key} where id = ${versionId}`);
    });
  });
  afterAll(async () => {
    await site.close();
  });

  /** Runs the command on the test site's database, store and files directory; its output and exit code. */
  async function run(args: string[]): Promise<{ out: string; exitCode: number }> {
    const lines: string[] = [];
    const log = console.log;
    const previousExitCode = process.exitCode;
    process.exitCode = 0;
    console.log = (...parts: unknown[]) => lines.push(parts.join(' '));
    try {
      const command = storageMigrateCommand(async () => ({ db: site.ctx.db, storage: site.ctx.storage, filesDir: site.filesDir, close: async () => undefined }));
      await command.parseAsync(args, { from: 'user' });
      return { out: lines.join('\n'), exitCode: Number(process.exitCode ?? 0) };
    } finally {
      console.log = log;
      process.exitCode = previousExitCode;
    }
  }

  it('moves the files, prints each step and a summary, verifies on request, and removes old files only when asked', async () => {
    const first = await run([]);
    expect(first.exitCode).toBe(0);
    expect(first.out).toContain(`version ${versionId}`);
    expect(first.out).toContain('Versions moved into the store: 1 (already there: 0)');
    expect(first.out).toContain('Files stored: 2');
    expect(first.out).toContain('Run again with --verify');
    expect((await storedVersionFiles(site, versionId)).get('SCO-1/index.html')!.toString()).toBe('<p>old</p>');

    await writeFile(path.join(site.filesDir, 'packages', site.tenantId, versionId, 'SCO-1', 'index.html'), '<p>edited since</p>');
    const verify = await run(['--verify']);
    expect(verify.exitCode).toBe(1);
    expect(verify.out).toContain('Versions moved into the store: 0 (already there: 1)');
    expect(verify.out).toMatch(/Problems \(1\), nothing of these was removed:\n {2}- version \S+: SCO-1\/index.html: old file has SHA-256/);

    await writeFile(path.join(site.filesDir, 'packages', site.tenantId, versionId, 'SCO-1', 'index.html'), '<p>old</p>');
    const removed = await run(['--remove-old']);
    expect(removed.exitCode).toBe(0);
    expect(removed.out).toContain('Old files verified against the store: 2');
    expect(removed.out).toContain('Old version folders and cover files removed: 1');
  });
});

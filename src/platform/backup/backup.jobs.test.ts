import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import type { Db } from '../db/client.js';
import { backupKeyOf } from './backup-key.js';
import { BACKUP_SNAPSHOT, backupRecurringJobs } from './backup.jobs.js';

describe(`the scheduled snapshot (${engine})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('is a recurring job on the embedded database only, at the configured interval', () => {
    const config = testConfig({ LECTERN_BACKUP_EVERY_HOURS: '6', LECTERN_BACKUP_KEEP_DAILY: '3', LECTERN_BACKUP_KEEP_WEEKLY: '0' });
    expect(config.backup).toEqual({ everyMs: 6 * 3_600_000, keepDaily: 3, keepWeekly: 0 });
    const jobs = backupRecurringJobs({ db, config, locations: [], key: backupKeyOf(randomBytes(32)) });
    if (engine === 'pglite') expect(jobs.map((job) => [job.kind, job.everyMs])).toEqual([[BACKUP_SNAPSHOT, 6 * 3_600_000]]);
    else expect(jobs).toEqual([]);
  });

  it('refuses intervals and retention outside their range, naming the variable', () => {
    expect(() => testConfig({ LECTERN_BACKUP_EVERY_HOURS: '0' })).toThrow(/LECTERN_BACKUP_EVERY_HOURS/);
    expect(() => testConfig({ LECTERN_BACKUP_KEEP_DAILY: '0' })).toThrow(/LECTERN_BACKUP_KEEP_DAILY/);
    expect(testConfig().backup).toEqual({ everyMs: 24 * 3_600_000, keepDaily: 7, keepWeekly: 4 });
  });
});

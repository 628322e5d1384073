import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { queryRows, type Db } from '../db/client.js';
import { pruneJobs } from './jobs.prune.js';

describe(`pruning the job queue (${engine})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  it('deletes finished jobs after 7 days and given-up ones after 30, and never a job still to run', async () => {
    const now = new Date('2026-06-30T12:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    await db.owner.execute(sql`insert into jobs (kind, payload, run_at, done_at, failed_at) values
      ('prune.done-old', '{}', ${daysAgo(9)}, ${daysAgo(8)}, null),
      ('prune.done-recent', '{}', ${daysAgo(7)}, ${daysAgo(6)}, null),
      ('prune.failed-old', '{}', ${daysAgo(40)}, null, ${daysAgo(31)}),
      ('prune.failed-recent', '{}', ${daysAgo(20)}, null, ${daysAgo(29)}),
      ('prune.waiting-old', '{}', ${daysAgo(60)}, null, null)`);
    expect(await pruneJobs(db, now)).toBe(2);
    const left = await queryRows<{ kind: string }>(db.owner, sql`select kind from jobs where kind like 'prune.%' order by kind`);
    expect(left.map((r) => r.kind)).toEqual(['prune.done-recent', 'prune.failed-recent', 'prune.waiting-old']);
  });
});

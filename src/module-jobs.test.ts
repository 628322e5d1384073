import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../test/app.js';
import { openTestBlobStore } from '../test/blob-stores.js';
import { createTestDb } from '../test/db.js';
import { eventually } from '../test/eventually.js';
import { enrolmentCompleted } from './learn/enrolments/enrolment-events.js';
import { modules } from './modules.js';
import { queryRows, type Db } from './platform/db/client.js';
import { publishEvent } from './platform/events/domain-events.js';
import { startJobWorker } from './platform/jobs/job-worker.js';
import { moduleBlobReferences, moduleJobHandlers, moduleRecurringJobs } from './platform/modules/module-jobs.js';
import type { ReplicatedBlobStore } from './platform/storage/replicated-blob-store.js';
import { createTenant } from './platform/tenancy/tenants.service.js';

// What startServer hands the job worker from the module list, run against a real database.
describe('jobs of the modules', () => {
  let db: Db;
  let tenantId: string;
  let storage: ReplicatedBlobStore;
  beforeAll(async () => {
    db = await createTestDb();
    storage = await openTestBlobStore(db);
    tenantId = (await createTenant(db, { slug: 'module-jobs', name: 'Module jobs', hostnames: [] })).id;
  });
  afterAll(async () => {
    await storage?.close();
    await db?.close();
  });

  it('the worker delivers a Learn event to the handler Learn’s module declares', async () => {
    const enrolmentId = randomUUID();
    const data = { enrolmentId, userId: randomUUID(), courseId: randomUUID(), status: 'passed' as const, scorePercent: 90, completedAt: new Date().toISOString() };
    await db.withTenant(tenantId, (tx) => publishEvent(tx, enrolmentCompleted, data));

    const worker = startJobWorker(db, moduleJobHandlers(modules, { db, config: testConfig(), storage }), { pollMs: 20 });
    try {
      await eventually(async () => {
        const rows = await db.withTenant(tenantId, (tx) =>
          queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_events where action = 'enrolment.completed' and target_id = ${enrolmentId}`),
        );
        return rows[0]!.n === 1;
      });
    } finally {
      await worker.stop();
    }
  });

  it('lists Learn’s job kinds and recurring jobs, and refuses two modules claiming one job kind', () => {
    const deps = { db, config: testConfig(), storage };
    expect(Object.keys(moduleJobHandlers(modules, deps))).toEqual(expect.arrayContaining(['learn.notify_enrolled', 'domain_event']));
    expect(moduleRecurringJobs(modules, deps).map((job) => job.kind)).toEqual(['learn.due_notices', 'learn.sweep_uploads', 'learn.sweep_launch_grants', 'learn.end_purchased_access', 'space.sweep_library', 'market.reconcile_stripe']);
    const twin = { ...modules[0]!, name: 'twin', eventHandlers: [] };
    expect(() => moduleJobHandlers([...modules, twin], deps)).toThrow(/job kind learn\.notify_enrolled has two handlers/);
  });

  it("the collector keeps the blobs the modules refer to and deletes those nobody refers to", async () => {
    const kept = await storage.put(tenantId, Buffer.from('a package file'));
    const orphan = await storage.put(tenantId, Buffer.from('a file nobody refers to'));
    const courseId = (await db.withTenant(tenantId, (tx) => queryRows<{ id: string }>(tx, sql`insert into courses (title) values ('Kept') returning id`)))[0]!.id;
    await db.withTenant(tenantId, (tx) => tx.execute(sql`update courses set cover_key = ${`${kept.hash}.png`} where id = ${courseId}`));
    const attachment = await storage.put(tenantId, Buffer.from('a statement attachment'));
    await db.withTenant(tenantId, (tx) =>
      tx.execute(sql`insert into xapi_attachments (sha2, content_type, length, blob_hash) values (${attachment.hash}, 'text/plain', ${attachment.size}, ${attachment.hash})`),
    );
    const references = moduleBlobReferences(modules, { db, config: testConfig(), storage });
    expect(references).toHaveLength(4);
    expect(await storage.collectUnreferenced(references, 0)).toBe(1);
    expect(await storage.head(tenantId, kept.hash)).not.toBeNull();
    expect(await storage.head(tenantId, attachment.hash)).not.toBeNull();
    expect(await storage.head(tenantId, orphan.hash)).toBeNull();
  });
});

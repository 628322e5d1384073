import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isolatedDatabaseEnv } from '../../../test/process.js';
import { createTestDb } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { openDatabase, queryRows, type Db } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { startJobWorker } from '../jobs/job-worker.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { drillEvent, drillHandlers } from './event-drill-handlers.test-support.js';
import { defineEvent, DOMAIN_EVENT_JOB, publishEvent } from './domain-events.js';
import { domainEventJobHandlers, onEvent } from './event-handlers.js';

async function countAudit(db: Db, tenantId: string, action: string): Promise<number> {
  const rows = await db.withTenant(tenantId, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_events where action = ${action}`));
  return rows[0]!.n;
}

async function pendingEvents(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(db.owner, sql`select count(*)::int as n from jobs where kind = ${DOMAIN_EVENT_JOB} and done_at is null`);
  return rows[0]!.n;
}

describe('domain events', () => {
  let db: Db;
  let tenantId: string;
  beforeAll(async () => {
    db = await createTestDb();
    tenantId = (await createTenant(db, { slug: 'events', name: 'Events', hostnames: [] })).id;
  });
  afterAll(async () => db?.close());

  it('exist only when the change that caused them commits', async () => {
    await expect(
      db.withTenant(tenantId, async (tx) => {
        await publishEvent(tx, drillEvent, { label: 'rolled back' });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await pendingEvents(db)).toBe(0);
    await db.withTenant(tenantId, (tx) => publishEvent(tx, drillEvent, { label: 'kept' }));
    expect(await pendingEvents(db)).toBe(1);
  });

  it('refuse data that does not fit the event and names that do not say area, thing and what happened', async () => {
    await expect(db.withTenant(tenantId, (tx) => publishEvent(tx, drillEvent, { label: 42 } as unknown as { label: string }))).rejects.toThrow();
    expect(() => defineEvent('completed', z.object({}))).toThrow(/area/);
  });

  it('reach every handler once in effect, also when delivered again', async () => {
    const worker = startJobWorker(db, domainEventJobHandlers(db, [drillHandlers.first, drillHandlers.second]), { pollMs: 20 });
    try {
      await eventually(async () => (await pendingEvents(db)) === 0);
    } finally {
      await worker.stop();
    }
    expect(await countAudit(db, tenantId, 'drill.first')).toBe(1);
    expect(await countAudit(db, tenantId, 'drill.second')).toBe(1);
    // The same event once more (a worker died after the effects and before marking the job done).
    await db.owner.execute(sql`update jobs set done_at = null, locked_until = null where kind = ${DOMAIN_EVENT_JOB}`);
    const again = startJobWorker(db, domainEventJobHandlers(db, [drillHandlers.first, drillHandlers.second]), { pollMs: 20 });
    try {
      await eventually(async () => (await pendingEvents(db)) === 0);
    } finally {
      await again.stop();
    }
    expect(await countAudit(db, tenantId, 'drill.first')).toBe(1);
    expect(await countAudit(db, tenantId, 'drill.second')).toBe(1);
  });

  it('retry a failing handler without running the handlers that had succeeded again', async () => {
    let failures = 1;
    const flaky = onEvent({
      name: 'test.flaky',
      on: drillEvent,
      handle: async (event, tx) => {
        if (failures-- > 0) throw new Error('not yet');
        await tx.execute(sql`insert into audit_events (action, target_type, target_id) values ('drill.flaky', 'drill', ${event.data.label})`);
      },
    });
    await db.withTenant(tenantId, (tx) => publishEvent(tx, drillEvent, { label: 'flaky' }));
    const worker = startJobWorker(db, domainEventJobHandlers(db, [drillHandlers.first, flaky]), { pollMs: 20, retryBaseMs: 10 });
    try {
      await eventually(async () => (await pendingEvents(db)) === 0);
    } finally {
      await worker.stop();
    }
    expect(await countAudit(db, tenantId, 'drill.flaky')).toBe(1);
    // 'kept' and 'flaky': once each for the first handler, whatever the retries.
    expect(await countAudit(db, tenantId, 'drill.first')).toBe(2);
  });

  it('refuse two handlers of one name', () => {
    expect(() => domainEventJobHandlers(db, [drillHandlers.first, drillHandlers.first])).toThrow(/two event handlers/);
  });

  it("confine a handler to the event's tenant", async () => {
    const other = (await createTenant(db, { slug: 'events-other', name: 'Other', hostnames: [] })).id;
    let seen = -1;
    const peeking = onEvent({
      name: 'test.peeking',
      on: drillEvent,
      handle: async (_event, tx) => {
        seen = (await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_events where action like 'drill.%'`))[0]!.n;
      },
    });
    await db.withTenant(other, (tx) => publishEvent(tx, drillEvent, { label: 'other' }));
    const worker = startJobWorker(db, domainEventJobHandlers(db, [peeking]), { pollMs: 20 });
    try {
      await eventually(async () => (await pendingEvents(db)) === 0);
    } finally {
      await worker.stop();
    }
    expect(seen).toBe(0);
  });
});

function runDrill(step: string, env: Record<string, string>): Promise<NodeJS.Signals | number | null> {
  const script = path.join(import.meta.dirname, 'event-drill.test-support.ts');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'DATA_DIR'));
  const child = spawn(process.execPath, ['--import', 'tsx', script, step], { env: { ...clean, ...env }, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
}

describe('a node killed between commit and handling', () => {
  it('leaves the event to be handled exactly once in effect', async () => {
    const isolated = await isolatedDatabaseEnv();
    let db: Db | undefined;
    try {
      const url = isolated.env.DATABASE_URL;
      const open = () => (url ? openDatabase({ kind: 'postgres', url }) : openDatabase({ kind: 'pglite', dataDir: isolated.env.DATA_DIR! }));
      db = await open();
      await runMigrations(db);
      const tenantId = (await createTenant(db, { slug: 'drill', name: 'Drill', hostnames: [] })).id;
      // PGlite holds its directory exclusively: the drill's node has it alone while it runs.
      if (!url) await db.close();
      const env = { ...isolated.env, DRILL_TENANT_ID: tenantId };

      expect(await runDrill('publish', env)).toBe('SIGKILL');
      expect(await runDrill('handle', env)).toBe('SIGKILL');

      if (!url) db = await open();
      expect(await countAudit(db!, tenantId, 'drill.caused')).toBe(1);
      expect(await countAudit(db!, tenantId, 'drill.first')).toBe(1);
      expect(await countAudit(db!, tenantId, 'drill.second')).toBe(0);
      // The next node takes the event over once the dead node's lease has run out.
      await db!.owner.execute(sql`update jobs set locked_until = now() - interval '1 second' where kind = ${DOMAIN_EVENT_JOB} and done_at is null`);
      const worker = startJobWorker(db!, domainEventJobHandlers(db!, [drillHandlers.first, drillHandlers.second]), { pollMs: 20 });
      try {
        await eventually(async () => (await pendingEvents(db!)) === 0);
      } finally {
        await worker.stop();
      }
      expect(await countAudit(db!, tenantId, 'drill.first')).toBe(1);
      expect(await countAudit(db!, tenantId, 'drill.second')).toBe(1);
    } finally {
      await db?.close();
      await isolated.cleanup();
    }
  }, 60_000);
});

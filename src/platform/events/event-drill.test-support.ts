/**
 * A node that dies at a chosen moment of an event's life, for the crash test
 * (domain-events.test.ts). Run as `node --import tsx event-drill.test-support.ts <step>` with
 * DATABASE_URL or DATA_DIR and DRILL_TENANT_ID set:
 * - `publish`: records an event in a committed transaction, then dies before any handler runs;
 * - `handle`: delivers the waiting event; the first handler's effect commits, then the node dies
 *   while the second handler runs (the job is never marked done).
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { startJobWorker } from '../jobs/job-worker.js';
import { drillEvent, drillHandlers } from './event-drill-handlers.test-support.js';
import { domainEventJobHandlers } from './event-handlers.js';
import { publishEvent } from './domain-events.js';

const step = process.argv[2];
const tenantId = process.env.DRILL_TENANT_ID!;
const db = process.env.DATABASE_URL
  ? await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL })
  : await openDatabase({ kind: 'pglite', dataDir: process.env.DATA_DIR! });
await runMigrations(db);

if (step === 'publish') {
  await db.withTenant(tenantId, async (tx) => {
    await tx.execute(sql`insert into audit_events (action, target_type, target_id) values ('drill.caused', 'drill', 'x')`);
    await publishEvent(tx, drillEvent, { label: 'x' });
  });
  process.kill(process.pid, 'SIGKILL');
} else if (step === 'handle') {
  const dying = { ...drillHandlers.second, handle: async () => void process.kill(process.pid, 'SIGKILL') };
  startJobWorker(db, domainEventJobHandlers(db, [drillHandlers.first, dying]), { pollMs: 20, leaseMs: 300 });
  setTimeout(() => process.exit(3), 30_000);
}

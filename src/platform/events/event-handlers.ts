import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db, type Orm } from '../db/client.js';
import type { JobHandlers } from '../jobs/job-registry.js';
import { DOMAIN_EVENT_JOB, type DomainEvent, type EventType } from './domain-events.js';

/**
 * One reaction to one kind of event. `handle` gets the tenant's transaction: its database effects
 * and the record that it ran commit together, so a redelivered event has no second effect. Work
 * outside the database (mail, calls to other services) is queued as a job in that transaction.
 */
export interface EventHandler<Data extends Record<string, unknown> = Record<string, unknown>> {
  /** Unique and stable: the record of what has been handled is kept under it. */
  name: string;
  on: EventType<Data>;
  handle(event: DomainEvent<Data>, tx: Orm): Promise<void>;
}

/** Keeps the handler's data type while listing handlers of different events together. */
export function onEvent<Data extends Record<string, unknown>>(handler: EventHandler<Data>): EventHandler {
  return handler as unknown as EventHandler;
}

const storedEvent = z.object({ id: z.uuid(), name: z.string(), occurredAt: z.string(), data: z.record(z.string(), z.unknown()) });

/** Marks the handler as having handled the event; false when it already had (the effect committed before). */
async function claimHandling(tx: Orm, eventId: string, handler: string): Promise<boolean> {
  const rows = await queryRows<{ event_id: string }>(
    tx,
    sql`insert into event_handlings (event_id, handler) values (${eventId}, ${handler}) on conflict do nothing returning event_id`,
  );
  return rows.length === 1;
}

/**
 * The job handler that delivers domain events: for each handler of the event's kind, one
 * transaction in the event's tenant holds the handler's effect and the record that it ran. A
 * failing handler fails the job, which is retried; handlers that had already run are skipped.
 */
export function domainEventJobHandlers(db: Db, handlers: EventHandler[]): JobHandlers {
  const names = new Set<string>();
  for (const handler of handlers) {
    if (names.has(handler.name)) throw new Error(`two event handlers are named ${handler.name}`);
    names.add(handler.name);
  }
  return {
    [DOMAIN_EVENT_JOB]: async (payload, job) => {
      if (!job.tenantId) throw new Error(`domain event job ${job.id} has no tenant`);
      const tenantId = job.tenantId;
      const stored = storedEvent.parse(payload);
      for (const handler of handlers.filter((h) => h.on.name === stored.name)) {
        const event: DomainEvent = { ...stored, tenantId, data: handler.on.data.parse(stored.data) };
        await db.withTenant(tenantId, async (tx) => {
          if (await claimHandling(tx, event.id, handler.name)) await handler.handle(event, tx);
        });
      }
    },
  };
}

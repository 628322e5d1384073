import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Orm } from '../db/client.js';
import { insertJob } from '../jobs/jobs.repository.js';

/** The job kind that carries every domain event from the transaction that caused it to its handlers. */
export const DOMAIN_EVENT_JOB = 'domain_event';

/** A kind of domain event: its name (`<area>.<thing>.<what happened>`) and the shape of its data. */
export interface EventType<Data extends Record<string, unknown>> {
  name: string;
  data: z.ZodType<Data>;
}

export function defineEvent<Data extends Record<string, unknown>>(name: string, data: z.ZodType<Data>): EventType<Data> {
  if (!/^[a-z]+(\.[a-z_]+){2,}$/.test(name)) throw new Error(`event name ${name} is not <area>.<thing>.<what happened>`);
  return { name, data };
}

/** A domain event as handlers see it. */
export interface DomainEvent<Data extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  name: string;
  tenantId: string;
  occurredAt: string;
  data: Data;
}

/**
 * Records an event in the caller's transaction (inside withTenant): it exists exactly when the
 * change that caused it commits, and is delivered to its handlers afterwards by the job worker
 * (the outbox is the job queue). Returns the event's id.
 */
export async function publishEvent<Data extends Record<string, unknown>>(tx: Orm, type: EventType<Data>, data: Data): Promise<string> {
  const id = randomUUID();
  const payload = { id, name: type.name, occurredAt: new Date().toISOString(), data: type.data.parse(data) };
  await insertJob(tx, { kind: DOMAIN_EVENT_JOB, payload, maxAttempts: 10 });
  return id;
}

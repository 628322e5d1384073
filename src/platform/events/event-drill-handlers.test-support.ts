import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineEvent } from './domain-events.js';
import { onEvent } from './event-handlers.js';

/** An event and two handlers whose effects are countable rows (audit events of the tenant). */
export const drillEvent = defineEvent('test.drill.happened', z.object({ label: z.string() }));

const effect = (action: string) =>
  onEvent({
    name: `test.${action}`,
    on: drillEvent,
    handle: async (event, tx) => {
      await tx.execute(sql`insert into audit_events (action, target_type, target_id) values (${action}, 'drill', ${event.data.label})`);
    },
  });

export const drillHandlers = { first: effect('drill.first'), second: effect('drill.second') };

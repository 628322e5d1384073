import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { migrationStatus } from '../db/migrate.js';
import { publicRoute } from '../access/route-access.js';

export interface HealthState {
  /** Set on SIGTERM: the balancer should stop sending traffic while in-flight requests finish. */
  shuttingDown: boolean;
}

const readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.object({ applied: z.number(), expected: z.number() }).nullable(),
    shuttingDown: z.boolean(),
  }),
});

export function healthRoutes(db: Db, state: HealthState): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        onRequest: publicRoute("a load balancer's liveness probe"),
        config: { tenant: false },
        schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        onRequest: publicRoute("a load balancer's readiness probe"),
        config: { tenant: false },
        schema: {
          tags: ['operations'],
          summary: 'Readiness: database reachable and every migration applied',
          response: { 200: readiness, 503: readiness },
        },
      },
      async (_request, reply) => {
        let database: 'ok' | 'unreachable' = 'ok';
        let migrations: { applied: number; expected: number } | null = null;
        try {
          await db.owner.execute(sql`select 1`);
          migrations = await migrationStatus(db);
        } catch {
          database = 'unreachable';
        }
        const ready = database === 'ok' && migrations !== null && migrations.applied >= migrations.expected && !state.shuttingDown;
        return reply
          .status(ready ? 200 : 503)
          .send({ status: ready ? 'ok' : 'unavailable', checks: { database, migrations, shuttingDown: state.shuttingDown } });
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { assignSeatsInput, seatPackListView } from './seats.contract.js';
import { assignSeats, mySeatPacks, takeSeatBack } from './seats.service.js';

const TAGS = ['market: seats'];
const lineParams = z.object({ orderLineId: z.uuid() });

/** A company buyer's seat packs: who holds a seat, giving seats to employees, taking them back. */
export function seatRoutes(db: Db): FastifyPluginAsyncZod {
  const purchases = allow(db, marketStorePolicy, 'purchases');
  return async (app) => {
    app.get('/api/market/my/seat-packs', { onRequest: purchases, schema: { tags: TAGS, summary: "The signed-in buyer's seat packs with their seat holders", response: { 200: seatPackListView } } }, async (request) => ({
      seatPacks: await runUseCase(db, requestContextOf(request), (useCase) => mySeatPacks(useCase)),
    }));
    app.post('/api/market/my/seat-packs/:orderLineId/seats', { onRequest: purchases, schema: { tags: TAGS, summary: 'Give seats to employees by e-mail (accounts made or linked; courses granted at once)', params: lineParams, body: assignSeatsInput, response: { 200: seatPackListView } } }, async (request) => ({
      seatPacks: await runUseCase(db, requestContextOf(request), (useCase) => assignSeats(useCase, request.params.orderLineId, request.body)),
    }));
    app.delete('/api/market/my/seat-packs/:orderLineId/seats/:userId', { onRequest: purchases, schema: { tags: TAGS, summary: 'Take a seat back (the person loses the courses of the pack)', params: lineParams.extend({ userId: z.uuid() }), response: { 200: seatPackListView } } }, async (request) => ({
      seatPacks: await runUseCase(db, requestContextOf(request), (useCase) => takeSeatBack(useCase, request.params.orderLineId, request.params.userId)),
    }));
  };
}

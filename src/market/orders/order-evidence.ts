import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';
import { weighLocationEvidence, type EvidencePiece } from '../tax/index.js';

/**
 * Adds a piece of location evidence to an order (the paying card's country, the payer's bank's
 * country) and weighs the pieces again: the country they agree on and whether they contradict each
 * other. A kind the order has already is kept as it was. False when the order is not found.
 */
export async function addLocationEvidence(tx: Orm, orderId: string, piece: EvidencePiece): Promise<boolean> {
  const [order] = await queryRows<{ location_evidence: { pieces?: EvidencePiece[]; euBuyer?: boolean } }>(tx, sql`select location_evidence from market_orders where id = ${orderId}::uuid for update`);
  if (!order) return false;
  const before = order.location_evidence.pieces ?? [];
  if (before.some((existing) => existing.kind === piece.kind)) return true;
  const weighed = weighLocationEvidence([...before, piece]);
  const evidence = { ...order.location_evidence, pieces: weighed.pieces, country: weighed.country, agreeing: weighed.agreeing, conflicting: weighed.conflicting };
  await tx.execute(sql`update market_orders set location_evidence = ${JSON.stringify(evidence)}::jsonb where id = ${orderId}::uuid`);
  return true;
}

import { z } from 'zod';
import { defineEvent } from '../../platform/events/index.js';

/** An order's money arrived (or it is free, or the seller let a bank transfer through): its access is to be granted. */
export const marketOrderPaid = defineEvent('market.order.paid', z.object({ orderId: z.uuid() }));

/** A bank-transfer order whose access the seller lets through before the money arrives. */
export const marketOrderReleased = defineEvent('market.order.released', z.object({ orderId: z.uuid() }));

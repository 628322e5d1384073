import { z } from 'zod';

export const assignSeatsInput = z.object({
  /** The employees' addresses: each gets an account (or their existing one) and the courses. */
  emails: z
    .array(z.string().trim().max(254).pipe(z.email()).transform((email) => email.toLowerCase()))
    .min(1)
    .max(500)
    .transform((emails) => [...new Set(emails)]),
});
export type AssignSeatsInput = z.input<typeof assignSeatsInput>;

export const seatPackView = z.object({
  orderLineId: z.uuid(),
  orderId: z.uuid(),
  reference: z.string(),
  title: z.string(),
  /** Seats bought less seats refunded. */
  seats: z.number().int(),
  holders: z.array(z.object({ userId: z.uuid(), email: z.string(), firstName: z.string(), lastName: z.string(), assignedAt: z.string() })),
});
export type SeatPackView = z.infer<typeof seatPackView>;
export const seatPackListView = z.object({ seatPacks: z.array(seatPackView) });

import { z } from 'zod';

// Contracts are shared with the web app: zod only, nothing of Node.

export const BAN_SCOPE_VALUES = ['ip', 'account_ip', 'account'] as const;

export const banView = z.object({
  id: z.number().int(),
  /** ip: the address; account_ip: the account from that address; account: the account slowed down everywhere. */
  scope: z.enum(BAN_SCOPE_VALUES),
  /** The address (IPv6: its /64 network); null for an account-wide slowdown. */
  ip: z.string().nullable(),
  account: z.string().nullable(),
  reason: z.string(),
  /** How many earlier bans of the same subject made this one longer. */
  level: z.number().int(),
  createdAt: z.iso.datetime(),
  until: z.iso.datetime(),
});
export type BanView = z.infer<typeof banView>;

export const activeBansResponse = z.object({ bans: z.array(banView) });
export type ActiveBansResponse = z.infer<typeof activeBansResponse>;

export const banIdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

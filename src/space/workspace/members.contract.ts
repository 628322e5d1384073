import { z } from 'zod';
import { SPACE_ROLES } from './space-roles.js';

export const memberView = z.object({
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  role: z.enum(SPACE_ROLES),
  addedAt: z.string(),
});
export type MemberView = z.infer<typeof memberView>;

export const workspaceView = z.object({
  members: z.array(memberView),
  seats: z.object({ used: z.number().int(), limit: z.number().int() }),
  storage: z.object({ usedBytes: z.number().int(), quotaBytes: z.number().int() }),
  /** The signed-in member's role (site administrators are owners). */
  myRole: z.enum(SPACE_ROLES),
});
export type WorkspaceView = z.infer<typeof workspaceView>;

export const setMemberInput = z.object({ userId: z.uuid(), role: z.enum(SPACE_ROLES) });
export type SetMemberInput = z.input<typeof setMemberInput>;

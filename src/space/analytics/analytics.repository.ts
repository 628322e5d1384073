import { and, asc, eq, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { users } from '../../platform/identity/identity.schema.js';
import { spaceShareVisits } from '../sharing/sharing.schema.js';
import { spaceViewSessions, type PlayedRanges } from './analytics.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type ViewSessionRow = typeof spaceViewSessions.$inferSelect;

export async function insertViewSession(tx: Orm, input: { linkId: string; itemId: string; visitor: string; userId: string | null; recipientEmail: string | null }): Promise<string> {
  const [row] = await tx.insert(spaceViewSessions).values(input).returning({ id: spaceViewSessions.id });
  return row!.id;
}

/** The view, locked until the caller's transaction ends: two beacons of one view add up one after the other. */
export async function lockViewSession(tx: Orm, id: string, linkId: string): Promise<ViewSessionRow | undefined> {
  const [row] = await tx
    .select()
    .from(spaceViewSessions)
    .where(and(eq(spaceViewSessions.id, id), eq(spaceViewSessions.linkId, linkId)))
    .for('update');
  return row;
}

export async function updateViewSession(tx: Orm, id: string, input: { seconds: number; duration: number | null; played: PlayedRanges; lastSeenAt: Date }): Promise<void> {
  // As JSON text: a driver would take a bare array for a PostgreSQL array.
  await tx
    .update(spaceViewSessions)
    .set({ ...input, played: sql`${JSON.stringify(input.played)}::jsonb` })
    .where(eq(spaceViewSessions.id, id));
}

export function viewSessionsOf(tx: Orm, linkId: string): Promise<ViewSessionRow[]> {
  return tx.select().from(spaceViewSessions).where(eq(spaceViewSessions.linkId, linkId)).orderBy(asc(spaceViewSessions.startedAt));
}

/** The link's page opens, oldest first, with the signed-in visitor's name where there is one. */
export function opensOf(tx: Orm, linkId: string) {
  return tx
    .select({ visitor: spaceShareVisits.visitor, at: spaceShareVisits.at, recipientEmail: spaceShareVisits.recipientEmail, firstName: users.firstName, lastName: users.lastName })
    .from(spaceShareVisits)
    .leftJoin(users, eq(users.id, spaceShareVisits.userId))
    .where(and(eq(spaceShareVisits.linkId, linkId), sql`${spaceShareVisits.kind} = 'open'`))
    .orderBy(asc(spaceShareVisits.at), asc(spaceShareVisits.id));
}

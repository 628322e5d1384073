import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { users } from '../../platform/identity/identity.schema.js';
import { cmi5ActivityStates, cmi5Sessions, type Cmi5LaunchMode } from './cmi5.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type Cmi5SessionRow = typeof cmi5Sessions.$inferSelect;
export type Cmi5ActivityStateRow = typeof cmi5ActivityStates.$inferSelect;

/** A session of a learner's attempt, or of an area viewer's launch grant (exactly one of the two). */
export async function insertSession(tx: Orm, session: { id: string; auId: string; launchMode: Cmi5LaunchMode; fetchTokenHash: string } & ({ attemptId: string } | { grantId: string })): Promise<void> {
  await tx.insert(cmi5Sessions).values(session);
}

export async function findSession(tx: Orm, id: string): Promise<Cmi5SessionRow | undefined> {
  const [row] = await tx.select().from(cmi5Sessions).where(eq(cmi5Sessions.id, id));
  return row;
}

/** The session, locked until the transaction ends (its statements are checked against it one batch after the other). */
export async function lockSession(tx: Orm, id: string): Promise<Cmi5SessionRow | undefined> {
  const [row] = await tx.select().from(cmi5Sessions).where(eq(cmi5Sessions.id, id)).for('update');
  return row;
}

export async function lockSessionByFetchToken(tx: Orm, fetchTokenHash: string): Promise<Cmi5SessionRow | undefined> {
  const [row] = await tx.select().from(cmi5Sessions).where(eq(cmi5Sessions.fetchTokenHash, fetchTokenHash)).for('update');
  return row;
}

export async function updateSession(tx: Orm, id: string, change: Partial<Pick<Cmi5SessionRow, 'authSecretHash' | 'fetchedAt' | 'preferencesReadAt' | 'initializedAt' | 'terminatedAt' | 'abandonedAt' | 'judged'>>): Promise<void> {
  await tx
    .update(cmi5Sessions)
    .set({ ...change, lastActivityAt: sql`now()` })
    .where(eq(cmi5Sessions.id, id));
}

/** The attempt's sessions that neither terminated nor were abandoned, locked (a new launch abandons them). */
export function lockOpenSessions(tx: Orm, attemptId: string): Promise<Cmi5SessionRow[]> {
  return tx
    .select()
    .from(cmi5Sessions)
    .where(and(eq(cmi5Sessions.attemptId, attemptId), isNull(cmi5Sessions.terminatedAt), isNull(cmi5Sessions.abandonedAt)))
    .orderBy(cmi5Sessions.launchedAt)
    .for('update');
}

/** The area grant's sessions that neither terminated nor were abandoned, locked (a new launch abandons them). */
export function lockOpenSessionsOfGrant(tx: Orm, grantId: string): Promise<Cmi5SessionRow[]> {
  return tx
    .select()
    .from(cmi5Sessions)
    .where(and(eq(cmi5Sessions.grantId, grantId), isNull(cmi5Sessions.terminatedAt), isNull(cmi5Sessions.abandonedAt)))
    .for('update');
}

export async function countSessions(tx: Orm, attemptId: string): Promise<number> {
  const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(cmi5Sessions).where(eq(cmi5Sessions.attemptId, attemptId));
  return row?.count ?? 0;
}

export function listActivityStates(tx: Orm, attemptId: string): Promise<Cmi5ActivityStateRow[]> {
  return tx.select().from(cmi5ActivityStates).where(eq(cmi5ActivityStates.attemptId, attemptId));
}

/** Writes what the registration recorded of an activity (its row is created on first use). */
export async function saveActivityState(tx: Orm, attemptId: string, activityId: string, state: Pick<Cmi5ActivityStateRow, 'completed' | 'passed' | 'failed' | 'waived' | 'satisfied' | 'timeSeconds'>): Promise<void> {
  await tx
    .insert(cmi5ActivityStates)
    .values({ attemptId, activityId, ...state })
    .onConflictDoUpdate({ target: [cmi5ActivityStates.tenantId, cmi5ActivityStates.attemptId, cmi5ActivityStates.activityId], set: { ...state, updatedAt: sql`now()` } });
}

/** The learner's name as statements show it (their display name; the account is their id). */
export async function findLearnerName(tx: Orm, userId: string): Promise<string | undefined> {
  const [row] = await tx.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, userId)).limit(1);
  return row ? `${row.firstName} ${row.lastName}`.trim() : undefined;
}

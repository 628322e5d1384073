import { eq } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { xapiActivities } from '../statements/statements.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

/** The canonical definition the LRS keeps of the activity (from the statements that named it), if any. */
export async function findActivityDefinition(tx: Orm, activityId: string): Promise<unknown> {
  const [row] = await tx.select({ definition: xapiActivities.definition }).from(xapiActivities).where(eq(xapiActivities.activityId, activityId));
  return row?.definition;
}

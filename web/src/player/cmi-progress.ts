import type { ItemStatus, ObjectiveState } from './player-types';

// What the player reads from the data a SCO commits, for its table of contents and sequencing.

const RANK: Record<ItemStatus, number> = { not_started: 0, in_progress: 1, failed: 2, completed: 3, passed: 4 };

/**
 * An item's status for the table of contents, from the data its SCO just committed; a status
 * shown once is not taken back by a lesser one (the server keeps a pass the same way).
 */
export function itemStatusFromCmi(scormVersion: string, cmi: Record<string, unknown>, previous: ItemStatus | null): ItemStatus {
  let status: ItemStatus = 'in_progress';
  if (scormVersion === '1.2') {
    const core = (cmi.core ?? {}) as Record<string, unknown>;
    const lessonStatus = core.lesson_status;
    if (lessonStatus === 'passed' || lessonStatus === 'failed' || lessonStatus === 'completed') status = lessonStatus;
  } else if (cmi.success_status === 'passed' || cmi.success_status === 'failed') {
    status = cmi.success_status;
  } else if (cmi.completion_status === 'completed') {
    status = 'completed';
  }
  if (previous === 'passed') return 'passed';
  return previous && RANK[previous] > RANK[status] && status !== 'passed' ? previous : status;
}

/** A SCORM 2004 item's scaled score (-1..1) from its data, or null (SCORM 1.2 has no sequencing). */
export function measureFromCmi(cmi: Record<string, unknown>): number | null {
  const value = (cmi.score as Record<string, unknown> | undefined)?.scaled;
  if ((typeof value !== 'string' || value.trim() === '') && typeof value !== 'number') return null;
  const scaled = Number(value);
  return Number.isFinite(scaled) && scaled >= -1 && scaled <= 1 ? scaled : null;
}

/** A SCORM 2004 SCO's objectives (`cmi.objectives`) by id: satisfied or not (success status) and scaled score. */
export function objectivesFromCmi(cmi: Record<string, unknown>): Record<string, ObjectiveState> {
  const list = cmi.objectives;
  const entries = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list) : [];
  const result: Record<string, ObjectiveState> = {};
  for (const entry of entries as Record<string, unknown>[]) {
    if (!entry || typeof entry.id !== 'string' || entry.id === '') continue;
    result[entry.id] = {
      satisfied: entry.success_status === 'passed' ? true : entry.success_status === 'failed' ? false : null,
      measure: measureFromCmi(entry),
    };
  }
  return result;
}

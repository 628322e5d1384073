import type { ItemStatus, ObjectiveState } from './player-types';

// What the player reads from the data a SCO commits, for its table of contents and sequencing.

/**
 * An item's status for the table of contents, from the data its SCO just committed, as the
 * server records it (learn/progress/activity-result.ts): a judgement (passed, failed) follows the
 * latest one the SCO reported, so a quiz failed after a pass shows failed; data without a
 * judgement keeps the last one; a completion stays (a SCO re-entered for review often reports
 * "incomplete" again).
 */
export function itemStatusFromCmi(scormVersion: string, cmi: Record<string, unknown>, previous: ItemStatus | null): ItemStatus {
  let judgement: 'passed' | 'failed' | null = null;
  let completed: boolean;
  if (scormVersion === '1.2') {
    const lessonStatus = ((cmi.core ?? {}) as Record<string, unknown>).lesson_status;
    if (lessonStatus === 'passed' || lessonStatus === 'failed') judgement = lessonStatus;
    completed = lessonStatus === 'completed';
  } else {
    if (cmi.success_status === 'passed' || cmi.success_status === 'failed') judgement = cmi.success_status;
    completed = cmi.completion_status === 'completed';
  }
  if (judgement) return judgement;
  if (previous === 'passed' || previous === 'failed') return previous;
  return completed || previous === 'completed' ? 'completed' : 'in_progress';
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

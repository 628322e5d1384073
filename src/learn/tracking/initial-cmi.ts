import type { LaunchGrantKind } from '../launch/launch-grants.schema.js';
import type { PlayableItem } from './course-structure.js';
import { formatIsoDuration, formatScorm12Time } from './scorm-time.js';

type Json = Record<string, unknown>;

export interface Learner {
  id: string;
  firstName: string;
  lastName: string;
}

function asObject(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

const decimal = (value: number | null) => (value === null ? undefined : String(value));

/**
 * The run-time data the player loads into the SCORM API before a SCO initialises: what the SCO
 * left (location, suspend data, statuses, objectives) and what the LMS owns (learner, credit,
 * entry, the accumulated total time, the manifest's mastery score / thresholds / launch data).
 * `stored` is the last committed data of this SCO in this attempt, or null for a first launch.
 * A preview (an administrator's or instructor's look at a version, no attempt) runs in browse
 * mode without credit, as SCORM defines for a look that is not for the record; an area's viewer
 * (a share link's) runs normally, so the course reports how far they got, but without credit.
 */
export function initialCmi(scormVersion: string, item: PlayableItem, stored: unknown, totalSeconds: number, learner: Learner, use: LaunchGrantKind = 'attempt'): Json {
  const previous = stored === null ? null : asObject(stored);
  const mode = LAUNCH_MODES[use];
  return scormVersion === '1.2' ? initialCmi12(item, previous, totalSeconds, learner, mode) : initialCmi2004(item, previous, totalSeconds, learner, mode);
}

interface LaunchMode {
  credit: 'credit' | 'no-credit';
  mode: 'normal' | 'browse';
}

const LAUNCH_MODES: Record<LaunchGrantKind, LaunchMode> = {
  attempt: { credit: 'credit', mode: 'normal' },
  preview: { credit: 'no-credit', mode: 'browse' },
  area: { credit: 'no-credit', mode: 'normal' },
};

function initialCmi12(item: PlayableItem, previous: Json | null, totalSeconds: number, learner: Learner, launch: LaunchMode): Json {
  // Interactions are write-only in SCORM 1.2: a SCO never reads them back.
  const { interactions: _interactions, ...kept } = previous ?? {};
  const core = { ...asObject(kept.core) };
  const suspended = core.exit === 'suspend';
  delete core.session_time;
  delete core.exit;
  const studentData = Object.fromEntries(
    Object.entries({
      mastery_score: decimal(item.rules.masteryScore),
      max_time_allowed: item.maxTimeAllowed ?? undefined,
      time_limit_action: item.timeLimitAction ?? undefined,
    }).filter(([, value]) => value !== undefined),
  );
  return {
    ...kept,
    launch_data: item.dataFromLms ?? '',
    core: {
      ...core,
      student_id: learner.id,
      student_name: `${learner.lastName}, ${learner.firstName}`,
      credit: launch.credit,
      lesson_mode: launch.mode,
      entry: previous === null ? 'ab-initio' : suspended ? 'resume' : '',
      total_time: formatScorm12Time(totalSeconds),
    },
    student_data: studentData,
  };
}

function initialCmi2004(item: PlayableItem, previous: Json | null, totalSeconds: number, learner: Learner, launch: LaunchMode): Json {
  const kept = { ...(previous ?? {}) };
  const suspended = kept.exit === 'suspend' || kept.exit === 'logout';
  delete kept.session_time;
  delete kept.exit;
  const lmsOwned = Object.fromEntries(
    Object.entries({
      completion_threshold: decimal(item.rules.completionThreshold),
      scaled_passing_score: decimal(item.rules.scaledPassingScore),
      max_time_allowed: item.maxTimeAllowed ?? undefined,
      time_limit_action: item.timeLimitAction ?? undefined,
    }).filter(([, value]) => value !== undefined),
  );
  const objectives = withManifestObjectives(kept.objectives, item);
  return {
    ...kept,
    ...(objectives.length > 0 ? { objectives } : {}),
    ...lmsOwned,
    launch_data: item.dataFromLms ?? '',
    learner_id: learner.id,
    learner_name: `${learner.firstName} ${learner.lastName}`,
    credit: launch.credit,
    mode: launch.mode,
    entry: previous === null ? 'ab-initio' : suspended ? 'resume' : '',
    total_time: formatIsoDuration(totalSeconds),
  };
}

/**
 * SCORM 2004 `cmi.objectives` as the SCO finds them: what it stored, in its order, and after that
 * every objective the manifest gives the item an id for, with just that id (RTE 4.2.17: the LMS
 * initialises them). Conformant content looks its objectives up by id and raises an error when
 * one is missing.
 */
function withManifestObjectives(stored: unknown, item: PlayableItem): Json[] {
  const list = (Array.isArray(stored) ? stored : stored && typeof stored === 'object' ? Object.values(stored) : []).filter(
    (entry): entry is Json => Boolean(entry) && typeof entry === 'object' && !Array.isArray(entry),
  );
  const known = new Set(list.map((entry) => entry.id));
  const missing: Json[] = [];
  for (const { id } of item.objectives) {
    if (id === null || known.has(id)) continue;
    known.add(id);
    missing.push({ id });
  }
  return [...list, ...missing];
}

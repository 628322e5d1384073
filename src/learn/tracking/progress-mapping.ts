import type { ProgressStatus } from '../enrolments/enrolments.schema.js';
import type { ActivityResult, Completion, Success } from '../progress/activity-result.js';
import { parseIsoDuration, parseScorm12Time } from './scorm-time.js';

/**
 * From the SCORM run-time data a SCO committed to what Lectern records: completion, success,
 * score in percent and time. SCORM 1.2 has one `lesson_status` that mixes both; SCORM 2004
 * separates them. The LMS, not the SCO, applies the manifest's judgement where the
 * specifications say so (1.2 mastery score; 2004 completion threshold and scaled passing score).
 */

/** What the manifest says about judging one SCO. */
export interface ScoRules {
  /** SCORM 1.2 `adlcp:masteryscore`, compared with `cmi.core.score.raw`. */
  masteryScore: number | null;
  /** SCORM 2004 completion threshold (0..1), compared with `cmi.progress_measure`. */
  completionThreshold: number | null;
  /** SCORM 2004 scaled passing score (-1..1), compared with `cmi.score.scaled`. */
  scaledPassingScore: number | null;
}

export const NO_RULES: ScoRules = { masteryScore: null, completionThreshold: null, scaledPassingScore: null };

type Json = Record<string, unknown>;

function objectAt(value: unknown, key: string): Json {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const inner = (value as Json)[key];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) return inner as Json;
  }
  return {};
}

function stringAt(value: Json, key: string): string {
  const inner = value[key];
  return typeof inner === 'string' ? inner.trim() : typeof inner === 'number' ? String(inner) : '';
}

function numberAt(value: Json, key: string): number | null {
  const text = stringAt(value, key);
  if (text === '') return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

const clampPercent = (value: number) => Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;

/**
 * The SCO's time so far: the committed `total_time` (the player sends the launch total plus
 * this session), else the session time alone.
 */
function totalTime(total: string, session: string, parse: (text: string) => number): number {
  const committedTotal = parse(total);
  return Math.round(committedTotal > 0 ? committedTotal : parse(session));
}

/**
 * SCORM 1.2. `lesson_status` passed/failed judge success (and mean the SCO is done),
 * completed/incomplete/browsed only completion. With a mastery score and a raw score the LMS
 * decides passed or failed (RTE 3.4.4) whenever the SCO considers itself done or set no
 * status at all; a SCO that explicitly says "incomplete" is still working.
 */
export function mapScorm12(cmi: unknown, rules: ScoRules = NO_RULES): ActivityResult {
  const core = objectAt(cmi, 'core');
  const score = objectAt(core, 'score');
  const status = stringAt(core, 'lesson_status');
  const raw = numberAt(score, 'raw');
  const min = numberAt(score, 'min') ?? 0;
  const max = numberAt(score, 'max');

  let completion: Completion;
  let success: Success = 'unknown';
  switch (status) {
    case 'passed':
      completion = 'completed';
      success = 'passed';
      break;
    case 'failed':
      completion = 'completed';
      success = 'failed';
      break;
    case 'completed':
      completion = 'completed';
      break;
    case 'incomplete':
    case 'browsed':
      completion = 'incomplete';
      break;
    default:
      completion = 'not_attempted';
  }
  const explicitlyWorking = status === 'incomplete' || status === 'browsed';
  if (rules.masteryScore !== null && raw !== null && !explicitlyWorking) {
    success = raw >= rules.masteryScore ? 'passed' : 'failed';
    completion = 'completed';
  }

  let scorePercent: number | null = null;
  if (raw !== null) scorePercent = clampPercent(max !== null && max > min ? ((raw - min) / (max - min)) * 100 : raw);

  return { completion, success, scorePercent, progressMeasure: null, totalTimeSeconds: totalTime(stringAt(core, 'total_time'), stringAt(core, 'session_time'), parseScorm12Time) };
}

/**
 * SCORM 2004. Completion and success are separate. With a completion threshold and a
 * progress measure, the threshold decides completion; with a scaled passing score and a scaled
 * score, the passing score decides success (RTE 4.2.4.1, 4.2.22.1) — whatever the SCO set.
 */
export function mapScorm2004(cmi: unknown, rules: ScoRules = NO_RULES): ActivityResult {
  const data = (cmi && typeof cmi === 'object' ? cmi : {}) as Json;
  const score = objectAt(data, 'score');
  const progress = numberAt(data, 'progress_measure');
  const scaled = numberAt(score, 'scaled');
  const raw = numberAt(score, 'raw');
  const min = numberAt(score, 'min') ?? 0;
  const max = numberAt(score, 'max');

  const reportedCompletion = stringAt(data, 'completion_status');
  let completion: Completion =
    reportedCompletion === 'completed' || reportedCompletion === 'incomplete'
      ? reportedCompletion
      : reportedCompletion === 'not attempted'
        ? 'not_attempted'
        : 'unknown';
  if (rules.completionThreshold !== null && progress !== null) completion = progress >= rules.completionThreshold ? 'completed' : 'incomplete';

  const reportedSuccess = stringAt(data, 'success_status');
  let success: Success = reportedSuccess === 'passed' || reportedSuccess === 'failed' ? reportedSuccess : 'unknown';
  if (rules.scaledPassingScore !== null && scaled !== null) success = scaled >= rules.scaledPassingScore ? 'passed' : 'failed';

  let scorePercent: number | null = null;
  if (scaled !== null) scorePercent = clampPercent(scaled * 100);
  else if (raw !== null) scorePercent = clampPercent(max !== null && max > min ? ((raw - min) / (max - min)) * 100 : raw);

  const progressMeasure = progress === null ? null : Math.min(1, Math.max(0, progress));
  return { completion, success, scorePercent, progressMeasure, totalTimeSeconds: totalTime(stringAt(data, 'total_time'), stringAt(data, 'session_time'), parseIsoDuration) };
}

export function mapCmi(scormVersion: string, cmi: unknown, rules: ScoRules): ActivityResult {
  return scormVersion === '1.2' ? mapScorm12(cmi, rules) : mapScorm2004(cmi, rules);
}

/** The learner-facing status of one SCO that has committed at least once. */
export function scoProgressStatus(result: Pick<ActivityResult, 'success' | 'completion'>): ProgressStatus {
  if (result.success === 'passed') return 'passed';
  if (result.success === 'failed') return 'failed';
  if (result.completion === 'completed') return 'completed';
  return 'in_progress';
}

import { mergeActivityResult, type ActivityResult, type Completion, type Success } from '../progress/activity-result.js';

/**
 * What the statements of a launched xAPI course say about the attempt's progress. Only statements
 * about the course activity itself count (its slides, questions and interactions are the course's
 * own business): `completed` completes it, `passed` and `failed` judge it, `result.score` scores
 * it, `result.duration` is its time; `result.completion` and `result.success` say the same in any
 * statement about it. Any other verb about the course (launched, initialized, attempted,
 * progressed, ...) means the learner is in it.
 */

type Json = Record<string, unknown>;

const VERBS = 'http://adlnet.gov/expapi/verbs/';
/** The largest time the attempt tables hold (a PostgreSQL integer). */
const MAX_SECONDS = 2_147_483_647;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The seconds of an ISO 8601 duration (`PT1H2M3.5S`, `P1DT2H`; years and months as 365 and 30 days), or null. */
export function durationSeconds(value: unknown): number | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const match = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return null;
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) => (part === undefined ? 0 : Number(part)));
  const total = years! * 365 * 86_400 + months! * 30 * 86_400 + weeks! * 7 * 86_400 + days! * 86_400 + hours! * 3_600 + minutes! * 60 + seconds!;
  return Number.isFinite(total) ? Math.min(MAX_SECONDS, Math.floor(total)) : null;
}

/** A statement's score in percent: `scaled` (-1..1, below 0 counts as 0), else `raw` within `min`..`max`; null when it gives none. */
export function scorePercentOf(score: unknown): number | null {
  if (!isObject(score)) return null;
  const clamp = (percent: number) => Math.round(Math.min(100, Math.max(0, percent)) * 100) / 100;
  if (typeof score.scaled === 'number' && Number.isFinite(score.scaled)) return clamp(score.scaled * 100);
  const { raw, max } = score;
  const min = typeof score.min === 'number' ? score.min : 0;
  if (typeof raw === 'number' && typeof max === 'number' && Number.isFinite(raw) && Number.isFinite(max) && max > min) return clamp(((raw - min) / (max - min)) * 100);
  return null;
}

/** Whether the statement is about this activity (its object, an Activity by default). */
function isAbout(statement: Json, activityId: string): boolean {
  const object = statement.object;
  if (!isObject(object)) return false;
  const type = object.objectType ?? 'Activity';
  return type === 'Activity' && object.id === activityId;
}

/** What one statement says about the course activity, or null when it is not about it (or is a voiding). */
export function resultOfStatement(statement: Json, activityId: string): ActivityResult | null {
  if (!isAbout(statement, activityId)) return null;
  const verb = isObject(statement.verb) && typeof statement.verb.id === 'string' ? statement.verb.id : '';
  const result = isObject(statement.result) ? statement.result : {};
  let completion: Completion = 'incomplete';
  let success: Success = 'unknown';
  if (verb === `${VERBS}completed` || result.completion === true) completion = 'completed';
  if (verb === `${VERBS}passed`) success = 'passed';
  else if (verb === `${VERBS}failed`) success = 'failed';
  else if (result.success === true) success = 'passed';
  else if (result.success === false) success = 'failed';
  return { completion, success, scorePercent: scorePercentOf(result.score), progressMeasure: null, totalTimeSeconds: durationSeconds(result.duration) ?? 0 };
}

export interface CourseReport {
  /** The statements' results merged in their order (as progress merges reports). */
  result: ActivityResult;
  /** The last statement about the course: kept as the activity's payload. */
  payload: { statementId: string | null; verb: string | null; stored: string | null };
}

/** What a batch of stored statements says about the course activity, merged in order; null when none is about it. */
export function courseReportOf(statements: readonly Json[], activityId: string): CourseReport | null {
  let merged: ActivityResult | null = null;
  let last: Json | null = null;
  for (const statement of statements) {
    const result = resultOfStatement(statement, activityId);
    if (!result) continue;
    merged = mergeActivityResult(merged, result);
    last = statement;
  }
  if (!merged || !last) return null;
  const verb = isObject(last.verb) && typeof last.verb.id === 'string' ? last.verb.id : null;
  return {
    result: merged,
    payload: { statementId: typeof last.id === 'string' ? last.id : null, verb, stored: typeof last.stored === 'string' ? last.stored : null },
  };
}

/** Why a launched course may not record a statement: another actor than its learner, or another registration than its attempt's. */
export type LaunchStatementRefusal = { index: number; problem: 'actor' | 'registration' };

/**
 * The launch's rules for what its course records: every statement's actor is the learner's agent
 * (the account at the site's address named by the user's id; its display name may differ), and a
 * registration, when given, is the attempt's.
 */
export function refusalOfLaunchStatements(statements: readonly unknown[], launch: { siteUrl: string; userId: string; registration: string }): LaunchStatementRefusal | null {
  const home = launch.siteUrl.replace(/\/+$/, '');
  for (const [index, statement] of statements.entries()) {
    if (!isObject(statement)) return { index, problem: 'actor' };
    const actor = statement.actor;
    const account = isObject(actor) ? actor.account : undefined;
    const isLearner =
      isObject(actor) &&
      (actor.objectType === undefined || actor.objectType === 'Agent') &&
      actor.mbox === undefined &&
      actor.mbox_sha1sum === undefined &&
      actor.openid === undefined &&
      isObject(account) &&
      typeof account.homePage === 'string' &&
      account.homePage.replace(/\/+$/, '') === home &&
      account.name === launch.userId;
    if (!isLearner) return { index, problem: 'actor' };
    const context = statement.context;
    if (isObject(context) && context.registration !== undefined) {
      if (typeof context.registration !== 'string' || context.registration.toLowerCase() !== launch.registration.toLowerCase()) return { index, problem: 'registration' };
    }
  }
  return null;
}

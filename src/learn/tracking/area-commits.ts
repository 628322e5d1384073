import { AppError } from '../../platform/http/index.js';
import type { LaunchGrant } from '../launch/launch-grants.service.js';
import type { ProgressStatus } from '../enrolments/enrolments.schema.js';
import { scoProgressStatus } from './progress-mapping.js';
import type { TrackingContext } from './tracking-context.js';
import type { CommitInput, CommitResponse } from './tracking.contract.js';
import { checkedScoCommit } from './tracking.service.js';
import { courseReportOf } from './xapi-statements.js';

/**
 * Another area's course viewers (a Space share link's visitors) play a preview-only version under
 * an `area` credential. Their commits are checked like a learner's (a SCO of the version, bounded
 * suspend data, the same judgement of the run-time data), then handed to the area that issued the
 * credential, as what a report needs of one SCO, and never written to Learn's attempts.
 */
export interface AreaScoProgress {
  scoId: string;
  /** The SCO's title in the package. */
  title: string;
  /** Its place in the course's flow order (0-based) and how many SCOs and assets the course has. */
  position: number;
  itemCount: number;
  status: ProgressStatus;
  /** 0..1 where the SCO says (SCORM 2004 `cmi.progress_measure`). */
  progressMeasure: number | null;
  scorePercent: number | null;
  /** Where in the SCO the viewer is (its bookmark: `cmi.core.lesson_location` / `cmi.location`), often a slide. */
  location: string | null;
  totalTimeSeconds: number;
  seq: number;
  /**
   * Where the report comes from: a SCO's commit (its run-time data as a whole: the latest one
   * stands), or a batch of an xAPI course's statements (each says only what happened since: a
   * batch without a `judged` result tells where the viewer is, and a completion or judgement once
   * reported stays until another judgement comes).
   */
  from: 'sco' | 'statements';
  judged: boolean;
}

/** Stores one SCO's progress for the area reference; answers whether it was newer than what it holds (`accepted`), or refuses. */
export type AreaCommitSink = (tenantId: string, areaRef: string, progress: AreaScoProgress) => Promise<{ accepted: boolean }>;

/** The area a reference belongs to: the part before its first colon. */
export function areaOfRef(areaRef: string): string {
  return areaRef.slice(0, areaRef.indexOf(':'));
}

const MAX_LOCATION_CHARS = 1_000;

function locationOf(scormVersion: string, cmi: Record<string, unknown>): string | null {
  const holder = scormVersion === '1.2' ? cmi.core : cmi;
  const value = holder && typeof holder === 'object' ? (holder as Record<string, unknown>)[scormVersion === '1.2' ? 'lesson_location' : 'location'] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, MAX_LOCATION_CHARS) : null;
}

export async function commitToArea(context: TrackingContext, sinks: ReadonlyMap<string, AreaCommitSink>, grant: LaunchGrant, input: CommitInput): Promise<CommitResponse> {
  const sink = grant.areaRef ? sinks.get(areaOfRef(grant.areaRef)) : undefined;
  if (!grant.areaRef || !sink) throw new AppError('LEARN_LAUNCH_INVALID');
  const { version, item, result } = checkedScoCommit(await context.version(grant.tenant.id, grant.versionId), input);
  const { accepted } = await sink(grant.tenant.id, grant.areaRef, {
    scoId: item.identifier,
    title: item.title,
    position: version.structure.playable.findIndex((candidate) => candidate.identifier === item.identifier),
    itemCount: version.structure.playable.length,
    status: scoProgressStatus(result),
    progressMeasure: result.progressMeasure,
    scorePercent: result.scorePercent,
    location: locationOf(version.scormVersion, input.cmi),
    totalTimeSeconds: result.totalTimeSeconds,
    seq: input.seq,
    from: 'sco',
    judged: true,
  });
  return { seq: input.seq, accepted };
}

const MAX_PLACE_CHARS = 200;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where in the course the statements leave the viewer: the name of the last activity they are about other than the course itself (a slide, a question), in the first language it is given in. */
function lastPlaceOf(statements: readonly Record<string, unknown>[], courseId: string): string | null {
  for (const statement of [...statements].reverse()) {
    const object = statement.object;
    if (!isObject(object) || (object.objectType ?? 'Activity') !== 'Activity' || object.id === courseId) continue;
    const name = isObject(object.definition) && isObject(object.definition.name) ? Object.values(object.definition.name).find((text) => typeof text === 'string' && text.trim() !== '') : undefined;
    if (typeof name === 'string') return name.trim().slice(0, MAX_PLACE_CHARS);
  }
  return null;
}

/**
 * The statements a course sends under an area's credential (checked by the LRS, never kept there)
 * go to the area as one part of the course: an xAPI course's one activity, or the cmi5 AU whose
 * session sent them (`auId`). What they say about it (completed, passed, failed, score, time) and
 * the last place they name.
 */
export async function statementsToArea(
  context: TrackingContext,
  sinks: ReadonlyMap<string, AreaCommitSink>,
  grant: LaunchGrant,
  statements: readonly Record<string, unknown>[],
  options: { auId?: string; now?: number } = {},
): Promise<void> {
  const sink = grant.areaRef ? sinks.get(areaOfRef(grant.areaRef)) : undefined;
  const version = await context.version(grant.tenant.id, grant.versionId);
  const activityId = version?.cmi5 ? options.auId : version?.xapi?.activityId;
  if (!grant.areaRef || !sink || !version || activityId === undefined || (version.cmi5 && !version.cmi5AuIndex.has(activityId))) throw new AppError('LEARN_LAUNCH_INVALID');
  const now = options.now ?? Date.now();
  const report = courseReportOf(statements, activityId);
  const place = lastPlaceOf(statements, activityId);
  if (!report && !place) return;
  const position = Math.max(0, version.structure.playable.findIndex((item) => item.identifier === activityId));
  await sink(grant.tenant.id, grant.areaRef, {
    scoId: activityId,
    title: version.structure.playable[position]?.title ?? version.structure.title,
    position,
    itemCount: version.structure.playable.length,
    status: report ? scoProgressStatus(report.result) : 'in_progress',
    progressMeasure: null,
    scorePercent: report?.result.scorePercent ?? null,
    location: place,
    totalTimeSeconds: report?.result.totalTimeSeconds ?? 0,
    seq: now,
    from: 'statements',
    judged: report !== null,
  });
}

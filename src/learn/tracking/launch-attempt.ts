import type { Orm } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import type { User } from '../../platform/identity/index.js';
import type { ProgressStatus } from '../enrolments/enrolments.schema.js';
import { issueGrant, type IssuedGrant } from '../launch/launch-grants.service.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import type { TocEntry } from './course-structure.js';
import { initialCmi, type Learner } from './initial-cmi.js';
import type { LaunchGrantKind } from '../launch/launch-grants.schema.js';
import { scoProgressStatus } from './progress-mapping.js';
import { FINISHED_STATUSES } from '../progress/rollup.js';
import type { CompiledVersion, TrackingContext } from './tracking-context.js';
import type { LaunchData } from './tracking.contract.js';
import {
  closeAttempts,
  findCourseTitleOfVersion,
  findCurrentVersion,
  findOpenAttempt,
  insertAttempt,
  keepEarlierAttempts,
  listScoStates,
  lockEnrolment,
  recordAccess,
  type AttemptRow,
  type StoredScoState,
} from './tracking.repository.js';
import { userActor } from '../../platform/access/index.js';
import { areaRegistrationOf, xapiLaunchHref, xapiLaunchParameters } from './xapi-launch.js';
import { cmi5LaunchPath } from '../cmi5/cmi5-launch-path.js';
import { enrolmentsPolicy } from '../enrolments/enrolments.policy.js';

function flattenToc(entries: TocEntry[], level = 0, into: LaunchData['toc'] = []): LaunchData['toc'] {
  for (const entry of entries) {
    into.push({ identifier: entry.identifier, title: entry.title, level, launchHref: entry.launchHref, scormType: entry.scormType, isVisible: entry.isVisible });
    flattenToc(entry.children, level + 1, into);
  }
  return into;
}

/**
 * Where the player's content frame comes from: the session that opens it (the launch credential
 * ends with it), the app page's origin (the only one that may frame the content and receive its
 * messages) and the content origin (never the app's, see platform/http/content-origin.ts).
 */
export interface PlayerFrame {
  /** The site the frame's credential belongs to. */
  tenant: Tenant;
  session: { idHash: string; expiresAt: Date };
  appOrigin: string;
  contentOrigin: string;
  /** The site's address: an xAPI course's learner is an account at it. */
  siteUrl: string;
}

/** The launch frame's address: the content origin, the credential in the path. */
export function launchUrlOf(contentOrigin: string, token: string): string {
  return `${contentOrigin}/launch/${token}`;
}

function grantFor(tx: Orm, frame: PlayerFrame, grant: { attemptId: string | null; versionId: string; userId: string }): Promise<IssuedGrant> {
  return issueGrant(tx, frame.tenant.id, {
    kind: grant.attemptId ? 'attempt' : 'preview',
    ...grant,
    session: frame.session,
    appOrigin: frame.appOrigin,
    contentOrigin: frame.contentOrigin,
  });
}

/** The frame's address; this node remembers the grant it just issued (after its transaction), so the frame's first requests need no lookup. */
interface OpenedFrame {
  launchUrl: string;
  contentOrigin: string;
  token: string;
  siteUrl: string;
}

function openFrame(context: TrackingContext, frame: Pick<PlayerFrame, 'tenant' | 'contentOrigin' | 'siteUrl'>, issued: IssuedGrant): OpenedFrame {
  context.grants.remember(issued, frame.tenant);
  return { launchUrl: launchUrlOf(frame.contentOrigin, issued.token), contentOrigin: frame.contentOrigin, token: issued.token, siteUrl: frame.siteUrl };
}

/** Who an xAPI course reports as, and under which registration: an attempt's learner (the attempt's id), or an area's viewer (by the area's reference). */
interface XapiReporter {
  agentName: string;
  registration: string;
}

/**
 * Where the launch frame opens an item: an xAPI course's launch file gets the launch parameters of
 * whoever it reports for; a preview records nothing and opens it bare.
 */
function launchHrefOf(version: CompiledVersion, item: { identifier: string; launchHref: string }, learner: Learner, reporter: XapiReporter | null, frame: OpenedFrame): string {
  // A cmi5 AU opens through its launch on the content origin (a session, LMS.LaunchData, launched), which then sends the frame to the AU.
  if (version.cmi5) return cmi5LaunchPath(frame.token, version.cmi5AuIndex.get(item.identifier) ?? -1);
  if (!version.xapi || !reporter || item.identifier !== version.xapi.activityId) return item.launchHref;
  const parameters = xapiLaunchParameters({
    contentOrigin: frame.contentOrigin,
    token: frame.token,
    siteUrl: frame.siteUrl,
    userId: reporter.agentName,
    displayName: `${learner.firstName} ${learner.lastName}`.trim(),
    registration: reporter.registration,
    activityId: version.xapi.activityId,
  });
  return xapiLaunchHref(item.launchHref, parameters);
}

function launchData(
  version: CompiledVersion,
  learner: Learner,
  attempt: { id: string; number: number; status: ProgressStatus } | null,
  stored: (StoredScoState & { updatedAt: Date })[],
  frame: OpenedFrame,
  courseTitle: string | undefined,
  use: LaunchGrantKind = attempt ? 'attempt' : 'preview',
  reporter: XapiReporter | null = attempt ? { agentName: learner.id, registration: attempt.id } : null,
): LaunchData {
  const { structure } = version;
  const storedById = new Map(stored.map((state) => [state.scoId, state]));
  const states: LaunchData['states'] = {};
  for (const item of structure.playable) {
    const state = storedById.get(item.identifier);
    states[item.identifier] = {
      seq: state?.seq ?? 0,
      status: state ? scoProgressStatus(state) : null,
      // An xAPI course keeps its own state (in the LRS): its stored activity state is progress's, not the content's.
      cmi: version.xapi || version.cmi5 ? {} : initialCmi(version.scormVersion, item, state?.cmi ?? null, state?.totalTimeSeconds ?? 0, learner, use),
    };
  }
  // Where the learner left: the SCO committed last (states come ordered by time).
  const lastUsed = [...stored].reverse().find((state) => version.playableById.has(state.scoId));
  return {
    // An area's viewer is recorded, by that area: no preview banner.
    preview: use === 'preview',
    attemptId: attempt?.id ?? null,
    attemptNumber: attempt?.number ?? null,
    attemptStatus: attempt?.status ?? 'not_started',
    versionId: version.versionId,
    scormVersion: version.scormVersion,
    // The course as the site names it; the package's own title only when the course has none to give.
    title: courseTitle ?? structure.title,
    launchUrl: frame.launchUrl,
    contentOrigin: frame.contentOrigin,
    toc: flattenToc(structure.toc),
    playable: structure.playable.map(({ identifier, title, launchHref, scormType, sequencingRules, navigation, objectives, clusters }) => ({
      identifier,
      title,
      launchHref: launchHrefOf(version, { identifier, launchHref }, learner, reporter, frame),
      ownWindow: version.cmi5OwnWindow.has(identifier),
      scormType,
      sequencingRules,
      navigation,
      objectives,
      clusters,
    })),
    navigation: structure.navigation,
    startScoId: lastUsed?.scoId ?? structure.playable[0]?.identifier ?? null,
    states,
  };
}

/**
 * The learner opens a course: resume the open attempt on the version it is pinned to, or start
 * one on the course's current version (also when asked for a new attempt after a finished
 * one). Only the learner's own enrolment, only a published course. Counts as access (first/last
 * access, not started -> in progress). Issues the launch credential of that one attempt.
 */
export async function launchAttempt(
  context: TrackingContext,
  tenantId: string,
  learner: User,
  enrolmentId: string,
  options: { newAttempt?: boolean | undefined },
  frame: PlayerFrame,
): Promise<LaunchData> {
  const result = await context.db.withTenant(tenantId, async (tx) => {
    const enrolment = await lockEnrolment(tx, enrolmentId);
    // Someone else's enrolment is one this user cannot see: not found, not forbidden.
    if (!enrolment || !enrolmentsPolicy.can(userActor(learner), 'launch', enrolment)) throw new AppError('LEARN_ENROLMENT_NOT_FOUND');
    if (enrolment.courseStatus !== 'published') throw new AppError('LEARN_COURSE_NOT_AVAILABLE');
    let attempt = await findOpenAttempt(tx, enrolmentId);
    if (attempt && options.newAttempt && !FINISHED_STATUSES.includes(attempt.status)) throw new AppError('LEARN_ATTEMPT_NOT_FINISHED');
    let version: CompiledVersion | undefined;
    let stored: Awaited<ReturnType<typeof listScoStates>> = [];
    if (attempt && !options.newAttempt) {
      version = await context.version(tenantId, attempt.versionId, tx);
      stored = await listScoStates(tx, attempt.id);
    }
    if (attempt && (options.newAttempt || endedNormally(attempt, version, stored))) {
      await closeAttempts(tx, enrolmentId);
      await keepEarlierAttempts(tx, enrolmentId);
      attempt = undefined;
    }
    if (!attempt) {
      const current = await findCurrentVersion(tx, enrolment.courseId);
      if (!current) throw new AppError('LEARN_PLAYER_NO_CONTENT');
      version = context.compile(tenantId, current);
      attempt = await insertAttempt(tx, enrolmentId, current.id);
      stored = [];
    }
    if (!version || version.structure.playable.length === 0) throw new AppError('LEARN_PLAYER_NO_CONTENT');
    await recordAccess(tx, enrolmentId, attempt.id);
    const status: ProgressStatus = attempt.status === 'not_started' ? 'in_progress' : attempt.status;
    const issued = await grantFor(tx, frame, { attemptId: attempt.id, versionId: version.versionId, userId: learner.id });
    return { attempt: { ...attempt, status }, version, stored, issued, courseTitle: enrolment.courseTitle };
  });
  context.rememberAttempt(tenantId, { attemptId: result.attempt.id, enrolmentId, userId: learner.id, versionId: result.version.versionId });
  return launchData(result.version, learner, result.attempt, result.stored, openFrame(context, frame, result.issued), result.courseTitle);
}

/**
 * Whether a finished SCORM 2004 attempt was ended by its content: the SCO the learner used last
 * exited with `cmi.exit = "normal"`, which ends its attempt (RTE 4.2.8), so the next launch starts
 * a new one. A SCO that exits with "suspend" (or says nothing, as SCORM 1.2 SCOs do) is reopened,
 * to resume or to review.
 */
function endedNormally(attempt: AttemptRow, version: CompiledVersion | undefined, states: readonly StoredScoState[]): boolean {
  if (!FINISHED_STATUSES.includes(attempt.status) || !version || version.scormVersion === '1.2') return false;
  return (states.at(-1)?.cmi as { exit?: unknown } | undefined)?.exit === 'normal';
}

/**
 * An administrator's or instructor's preview of a version: the same launch data, with no attempt
 * and nothing recorded; its credential reads that version's files and commits nothing. Only a
 * course's versions: a preview-only version is another area's, shown under that area's rules.
 */
export async function previewLaunch(context: TrackingContext, tenantId: string, viewer: User, versionId: string, frame: PlayerFrame): Promise<LaunchData> {
  const courseTitle = await context.db.withTenant(tenantId, (tx) => findCourseTitleOfVersion(tx, versionId));
  if (courseTitle === undefined) throw new AppError('LEARN_VERSION_NOT_FOUND');
  return openPreview(context, tenantId, viewer, versionId, frame, courseTitle);
}

/** The preview of a version another area decided the viewer may see (its preview-only version), under that area's title. */
export function areaPreviewLaunch(context: TrackingContext, tenantId: string, viewer: User, versionId: string, frame: PlayerFrame, title: string): Promise<LaunchData> {
  return openPreview(context, tenantId, viewer, versionId, frame, title);
}

async function openPreview(context: TrackingContext, tenantId: string, viewer: User, versionId: string, frame: PlayerFrame, title: string): Promise<LaunchData> {
  const version = await context.version(tenantId, versionId);
  if (!version) throw new AppError('LEARN_VERSION_NOT_FOUND');
  if (version.structure.playable.length === 0) throw new AppError('LEARN_PLAYER_NO_CONTENT');
  const issued = await context.db.withTenant(tenantId, (tx) => grantFor(tx, frame, { attemptId: null, versionId, userId: viewer.id }));
  return launchData(version, viewer, null, [], openFrame(context, frame, issued), title);
}

/** Where an area's viewer plays: no session; the credential ends at `expiresAt` or when the area ends `areaRef`. */
export interface AreaPlayerFrame {
  tenant: Tenant;
  appOrigin: string;
  contentOrigin: string;
  siteUrl: string;
  areaRef: string;
  expiresAt: Date;
}

/**
 * Another area's viewer without an account (a Space share link's visitor) plays a preview-only
 * version: the SCOs run normally without credit and their commits go to the area (`commitToArea`);
 * an xAPI course reports as an agent named by the area's reference, and its statements go to the
 * area too (`statementsToArea`), never to the LRS; a cmi5 course's AUs open sessions of the
 * credential (cmi5-area.ts) whose statements go to the area the same way.
 */
export async function areaViewerLaunch(context: TrackingContext, versionId: string, frame: AreaPlayerFrame, viewer: Learner, title: string): Promise<LaunchData> {
  const tenantId = frame.tenant.id;
  const version = await context.version(tenantId, versionId);
  if (!version) throw new AppError('LEARN_VERSION_NOT_FOUND');
  if (version.structure.playable.length === 0) throw new AppError('LEARN_PLAYER_NO_CONTENT');
  const issued = await context.db.withTenant(tenantId, (tx) =>
    issueGrant(tx, tenantId, {
      kind: 'area',
      attemptId: null,
      versionId,
      userId: null,
      session: null,
      areaRef: frame.areaRef,
      expiresAt: frame.expiresAt,
      appOrigin: frame.appOrigin,
      contentOrigin: frame.contentOrigin,
    }),
  );
  const reporter = version.xapi ? { agentName: frame.areaRef, registration: areaRegistrationOf(frame.areaRef) } : null;
  return launchData(version, viewer, null, [], openFrame(context, frame, issued), title, 'area', reporter);
}

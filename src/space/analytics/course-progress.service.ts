import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import type { AreaScoProgress } from '../../learn/index.js';
import { coursePreviewVersion } from '../library/course-preview.service.js';
import { recordVisit, sharedContent, visitorKey, type Visitor } from '../sharing/sharing.service.js';
import { findViewSession, lockCourseProgress, reportingViewOf, upsertCourseProgress, type CourseProgressRow } from './analytics.repository.js';
import { startViewSession } from './analytics.service.js';
import { parseViewRef, SHARED_COURSE_GRANT_MS, viewRef } from '../sharing/shared-course-refs.js';

/**
 * A course shared by a link plays in Learn's player for its visitors, who have no session here:
 * Learn issues an `area` credential under the reference of the visitor's view of the page, and
 * hands what the course commits back here (`recordCourseProgress`), into the link's analytics.
 * Nothing reaches Learn's attempts or reports.
 */

export interface SharedCourseLaunch {
  versionId: string;
  areaRef: string;
  expiresAt: Date;
  title: string;
  viewer: { id: string; firstName: string; lastName: string };
}

/**
 * What Learn needs to open a shared course for this visitor: the link opens for them, the file is
 * the link's (or one of its folder's) and a course; the view is theirs from the page (`viewId`),
 * or a new one. The credential ends with the visitor's proof to the link, the link's expiry, or
 * SHARED_COURSE_GRANT_MS, whichever comes first.
 */
export async function sharedCourseLaunch(deps: AreaDeps, visitor: Visitor, token: string, fileId: string | undefined, viewId: string | undefined, now = Date.now()): Promise<SharedCourseLaunch> {
  const { share, item, version, chunks } = await sharedContent(deps.db, visitor, token, fileId);
  if (version.fileKind !== 'course') throw new AppError('SPACE_PREVIEW_NOT_A_COURSE', [{ field: 'item', value: item.id }]);
  const tenantId = visitor.tenant.id;
  const known = viewId ? await deps.db.withTenant(tenantId, (tx) => findViewSession(tx, viewId, share.link.id)) : undefined;
  // Only the visitor's own view of this file; anything else (the player reloaded on its own) is an open of the file and a view of their own.
  const own = known && known.itemId === item.id && known.visitor === visitorKey(visitor, share);
  if (!own) await recordVisit(deps.db, visitor, share, 'open', item.id);
  const view = own ? known.id : await startViewSession(deps.db, visitor, share, item.id);
  const versionId = await coursePreviewVersion(deps, tenantId, share.link.createdBy, { item, version, chunks });
  const ends = [now + SHARED_COURSE_GRANT_MS, share.link.expiresAt?.getTime() ?? Infinity, visitor.grant?.linkId === share.link.id ? visitor.grant.until : Infinity];
  const name = visitor.user ? { firstName: visitor.user.firstName, lastName: visitor.user.lastName } : { firstName: share.recipient?.email ?? 'Visitor', lastName: 'Guest' };
  return { versionId, areaRef: viewRef(share.link.id, view), expiresAt: new Date(Math.min(...ends)), title: item.name, viewer: { id: `space-view-${view}`, ...name } };
}

/**
 * One SCO's progress of a view, as Learn hands it over: stored while the view may still report
 * (its link live, its recipient still one); a stale commit (an older sequence number) changes nothing.
 */
export async function recordCourseProgress(db: Db, tenantId: string, areaRef: string, progress: AreaScoProgress): Promise<{ accepted: boolean }> {
  const ref = parseViewRef(areaRef);
  if (!ref) throw new AppError('SPACE_SHARE_NOT_FOUND');
  const { linkId, viewId } = ref;
  return db.withTenant(tenantId, async (tx) => {
    if (!(await reportingViewOf(tx, viewId, linkId))) throw new AppError('SPACE_SHARE_NOT_FOUND');
    // A SCO's commit stands as it is; a batch of statements adds to what the view holds of the course.
    const merged = progress.from === 'statements' ? withEarlier(progress, await lockCourseProgress(tx, viewId, progress.scoId)) : progress;
    const accepted = await upsertCourseProgress(tx, {
      viewSessionId: viewId,
      scoId: merged.scoId,
      title: merged.title,
      position: merged.position,
      itemCount: merged.itemCount,
      status: merged.status,
      progressMeasure: merged.progressMeasure,
      scorePercent: merged.scorePercent,
      location: merged.location,
      seconds: merged.totalTimeSeconds,
      seq: merged.seq,
    });
    return { accepted };
  });
}

const JUDGED = new Set(['passed', 'failed']);

/**
 * An xAPI course's report merged with what the view holds (as Learn merges an attempt's): a
 * judgement (passed, failed) replaces the one before; a completion stays unless judged; being in
 * the course changes neither. The score is the latest given, the time the latest total, the place the latest named.
 */
function withEarlier(progress: AreaScoProgress, earlier: CourseProgressRow | undefined): AreaScoProgress {
  if (!earlier) return progress;
  const keepsEarlier = !progress.judged || progress.status === 'in_progress' || (progress.status === 'completed' && JUDGED.has(earlier.status));
  return {
    ...progress,
    status: keepsEarlier && earlier.status !== 'in_progress' ? (earlier.status as AreaScoProgress['status']) : progress.status,
    scorePercent: progress.scorePercent ?? earlier.scorePercent,
    location: progress.location ?? earlier.location,
    totalTimeSeconds: progress.totalTimeSeconds > 0 ? progress.totalTimeSeconds : earlier.seconds,
  };
}

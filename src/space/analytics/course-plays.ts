import { endAreaGrantsOf } from '../../learn/index.js';
import type { Orm } from '../../platform/db/index.js';
import { viewRef } from '../sharing/shared-course-refs.js';
import { courseViewsTrashedWith } from './analytics.repository.js';

/**
 * A course moved to the trash (alone or with its folder) stops playing for share links' visitors
 * at once: the credentials of its views end, so its files stop within seconds, as when a link is revoked.
 */
export async function endCoursePlaysTrashedWith(tx: Orm, trashedWith: string): Promise<void> {
  const views = await courseViewsTrashedWith(tx, trashedWith);
  await endAreaGrantsOf(tx, views.map((view) => viewRef(view.linkId, view.viewId)));
}

import type { Readable } from 'node:stream';
import { insertActorEvent, type Actor } from '../../platform/audit/index.js';
import { AppError, readAtMost } from '../../platform/http/index.js';
import { IMAGE_KINDS, sniffImage } from '../../platform/storage/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { COVER_MAX_BYTES } from './courses.contract.js';
import { findCourse, lockCourse, updateCourse, type CourseWithVersion } from './courses.repository.js';
import { userActor } from '../../platform/access/index.js';
import { coursesPolicy } from './courses.policy.js';

/** A cover in the store: `<blob hash>.<ext>`, the extension the sniffed kind of its bytes. */
const COVER_KEY = /^([0-9a-f]{64})\.(png|jpg|webp)$/;

export function coverKeyOf(hash: string, kind: { ext: string }): string {
  return `${hash}.${kind.ext}`;
}

function tooLarge(): AppError {
  return new AppError('LEARN_COVER_TOO_LARGE', [{ field: 'body', message: { en: `The image may be at most ${COVER_MAX_BYTES} bytes.`, de: `Das Bild darf höchstens ${COVER_MAX_BYTES} Bytes groß sein.` } }]);
}

/**
 * Stores a new cover image (PNG, JPEG or WebP, at most 5 MB) as a blob and makes it the course's.
 * The previous one is no longer referenced and is collected by the store.
 */
export async function replaceCover(
  deps: LearnDeps,
  tenantId: string,
  actor: Actor,
  courseId: string,
  body: Readable,
  contentLength: string | undefined,
): Promise<CourseWithVersion> {
  coursesPolicy.assert(userActor(actor.user), 'manage');
  const bytes = await readAtMost(body, COVER_MAX_BYTES, tooLarge, contentLength);
  const kind = sniffImage(bytes);
  if (!kind) throw new AppError('LEARN_COVER_INVALID', [{ field: 'body', message: { en: 'Send a PNG, JPEG or WebP image.', de: 'Senden Sie ein PNG-, JPEG- oder WebP-Bild.' } }]);
  const blob = await deps.storage.put(tenantId, bytes);
  const key = coverKeyOf(blob.hash, kind);
  return deps.db.withTenant(tenantId, async (tx) => {
    const locked = await lockCourse(tx, courseId);
    if (!locked) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'id', value: courseId }]);
    await updateCourse(tx, courseId, { coverKey: key });
    await insertActorEvent(tx, actor, 'course.changed', { type: 'course', id: courseId }, { fields: ['cover'] });
    return (await findCourse(tx, courseId))!;
  });
}

export async function deleteCover(deps: LearnDeps, tenantId: string, actor: Actor, courseId: string): Promise<CourseWithVersion> {
  coursesPolicy.assert(userActor(actor.user), 'manage');
  return deps.db.withTenant(tenantId, async (tx) => {
    const locked = await lockCourse(tx, courseId);
    if (!locked) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'id', value: courseId }]);
    if (locked.coverKey) {
      await updateCourse(tx, courseId, { coverKey: null });
      await insertActorEvent(tx, actor, 'course.changed', { type: 'course', id: courseId }, { fields: ['cover'], removed: true });
    }
    return (await findCourse(tx, courseId))!;
  });
}

/**
 * The cover image of a course, for any signed-in user of the site, read through the store. A key
 * of before the store (`covers/<tenant>/<file>`, not migrated yet) names no cover.
 */
export async function readCover(deps: LearnDeps, tenantId: string, courseId: string): Promise<{ bytes: Buffer; mediaType: string }> {
  const course = await deps.db.withTenant(tenantId, (tx) => findCourse(tx, courseId));
  if (!course) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'id', value: courseId }]);
  if (!course.coverKey) throw new AppError('LEARN_COVER_NOT_FOUND');
  const match = COVER_KEY.exec(course.coverKey);
  const kind = match && IMAGE_KINDS.find((candidate) => candidate.ext === match[2]);
  if (!match || !kind) throw new AppError('LEARN_COVER_NOT_FOUND');
  const bytes = await readAtMost(await deps.storage.get(tenantId, match[1]!), COVER_MAX_BYTES, tooLarge);
  return { bytes, mediaType: kind.mediaType };
}

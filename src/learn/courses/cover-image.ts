import type { Readable } from 'node:stream';
import { insertActorEvent, type Actor } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { COVER_MAX_BYTES } from './courses.contract.js';
import { findCourse, lockCourse, updateCourse, type CourseWithVersion } from './courses.repository.js';
import { declaredLength } from './receive-body.js';
import { userActor } from '../../platform/access/index.js';
import { coursesPolicy } from './courses.policy.js';

const IMAGE_KINDS = [
  { ext: 'png', mediaType: 'image/png', matches: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { ext: 'jpg', mediaType: 'image/jpeg', matches: (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'webp', mediaType: 'image/webp', matches: (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
] as const;

/** A cover in the store: `<blob hash>.<ext>`, the extension the sniffed kind of its bytes. */
const COVER_KEY = /^([0-9a-f]{64})\.(png|jpg|webp)$/;

export function coverKeyOf(hash: string, kind: { ext: string }): string {
  return `${hash}.${kind.ext}`;
}

/** What the bytes are, by their magic number (the declared content type is not trusted). */
export function sniffImage(bytes: Buffer): (typeof IMAGE_KINDS)[number] | undefined {
  return IMAGE_KINDS.find((kind) => kind.matches(bytes));
}

function tooLarge(): AppError {
  return new AppError('LEARN_COVER_TOO_LARGE', [{ field: 'body', message: { en: `The image may be at most ${COVER_MAX_BYTES} bytes.`, de: `Das Bild darf höchstens ${COVER_MAX_BYTES} Bytes groß sein.` } }]);
}

async function readLimited(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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
  const declared = declaredLength(contentLength);
  if (declared !== undefined && declared > COVER_MAX_BYTES) throw tooLarge();
  const bytes = await readLimited(body, COVER_MAX_BYTES);
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
  const bytes = await readLimited(await deps.storage.get(tenantId, match[1]!), COVER_MAX_BYTES);
  return { bytes, mediaType: kind.mediaType };
}

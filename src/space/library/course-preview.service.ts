import path from 'node:path';
import type { UseCase } from '../../platform/access/index.js';
import type { Orm } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import { withStagingFolder } from '../../platform/storage/index.js';
import { dropAreaPreviews, findAreaPreview, importAreaPreview } from '../../learn/index.js';
import { deleteItemRow, versionIdsUnder, type ChunkRecord, type ItemRecord, type VersionRecord } from './items.repository.js';
import { contentOf } from './items.service.js';
import { writeStoredBytes } from './uploads.service.js';

/**
 * A course package of the library plays in Learn's player as a preview that records nothing:
 * Learn unpacks the version's stored bytes once (with every check of its own upload) into a
 * preview-only version that belongs to no course, found again by the Space version's reference.
 * Who may open it is decided here, by the Space policy (`view` on the file).
 */

/** Learn's reference of a Space version's preview. */
export function coursePreviewRef(versionId: string): string {
  return `space:${versionId}`;
}

export interface CoursePreviewTarget {
  item: ItemRecord;
  version: VersionRecord;
  chunks: ChunkRecord[];
}

/** The course version a member asks to play (the current one without `number`), if they may see the file. */
export async function coursePreviewTarget(useCase: UseCase, itemId: string, number: number | undefined): Promise<CoursePreviewTarget> {
  const target = await contentOf(useCase, itemId, number);
  if (target.version.fileKind !== 'course') throw new AppError('SPACE_PREVIEW_NOT_A_COURSE', [{ field: 'version', value: String(target.version.number) }]);
  return target;
}

/**
 * Learn's preview-only version of the target: the one made before, or made now from the stored
 * bytes (a zip in this node's staging area, removed afterwards). A package Learn refuses is
 * refused with Learn's own error.
 */
export async function coursePreviewVersion(deps: AreaDeps, tenantId: string, userId: string, target: CoursePreviewTarget): Promise<string> {
  const previewOf = coursePreviewRef(target.version.id);
  const existing = await findAreaPreview(deps, tenantId, previewOf);
  if (existing) return existing;
  // The first plays of a version at once (a link just sent to a class) share one unpacking on this node.
  const key = `${tenantId}:${previewOf}`;
  const running = unpacking.get(key);
  if (running) return running;
  const made = withStagingFolder(deps.config, async (folder) => {
    const zipPath = path.join(folder, 'course.zip');
    await writeStoredBytes(deps, tenantId, target.chunks, target.version.size, zipPath);
    return importAreaPreview(deps, tenantId, zipPath, { previewOf, uploadedBy: userId });
  }).finally(() => unpacking.delete(key));
  unpacking.set(key, made);
  return made;
}

/** The unpackings running on this node, by site and reference. */
const unpacking = new Map<string, Promise<string>>();

/** Deletes an item (with everything in it) for good, and Learn's previews of its versions with it. */
export async function deleteItemForGood(tx: Orm, itemId: string): Promise<void> {
  await dropAreaPreviews(tx, (await versionIdsUnder(tx, itemId)).map(coursePreviewRef));
  await deleteItemRow(tx, itemId);
}

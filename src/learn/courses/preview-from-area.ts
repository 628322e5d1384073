import { randomUUID } from 'node:crypto';
import type { Orm } from '../../platform/db/index.js';
import { withStagingFolder } from '../../platform/storage/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { deletePreviewVersions, findPreviewVersionId, insertPreviewVersion } from './courses.repository.js';
import { unpackAndStore, versionValuesOf } from './import-package.js';
import { insertContentFiles } from './stored-files.repository.js';

/**
 * Course packages another area of Lectern keeps (Space's library) play in Learn's player as
 * preview-only versions: checked and unpacked exactly as an upload to Learn, part of no course,
 * found again by the area's reference (one per reference), and seen only through a preview
 * credential that records nothing. Who may see one is the other area's decision.
 */

/** The preview-only version of a reference, if the package was unpacked for it before. */
export function findAreaPreview(deps: Pick<LearnDeps, 'db'>, tenantId: string, previewOf: string): Promise<string | undefined> {
  return deps.db.withTenant(tenantId, (tx) => findPreviewVersionId(tx, previewOf));
}

/**
 * Unpacks a package as the preview-only version of `previewOf` and returns its id. Everything
 * Learn's upload refuses is refused here with the same errors. When another request unpacked the
 * same reference meanwhile, that version is the answer (the files, stored by content address,
 * are the same bytes).
 */
export async function importAreaPreview(
  deps: LearnDeps,
  tenantId: string,
  zipPath: string,
  target: { previewOf: string; uploadedBy: string },
): Promise<string> {
  return withStagingFolder(deps.config, async (folder) => {
    const unpacked = await unpackAndStore(deps, tenantId, zipPath, folder);
    return deps.db.withTenant(tenantId, async (tx) => {
      const id = await insertPreviewVersion(tx, { id: randomUUID(), previewOf: target.previewOf, ...versionValuesOf(unpacked), uploadedBy: target.uploadedBy });
      if (!id) return (await findPreviewVersionId(tx, target.previewOf))!;
      await insertContentFiles(tx, id, unpacked.stored);
      return id;
    });
  });
}

/** Forgets the preview-only versions of references the other area no longer keeps (in its transaction). */
export function dropAreaPreviews(tx: Orm, previewOf: readonly string[]): Promise<number> {
  return deletePreviewVersions(tx, previewOf);
}

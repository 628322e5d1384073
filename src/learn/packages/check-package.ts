import path from 'node:path';
import type { Config } from '../../config.js';
import { AppError } from '../../platform/http/index.js';
import { withStagingFolder } from '../../platform/storage/index.js';
import { PackageInvalidError, readCoursePackage } from './read-package.js';

/**
 * Whether a zip is a course package Learn would import, checked with everything the import checks
 * (zip slip, bombs, XXE, the manifest): the format when it is one; null when it is a sound zip with
 * no course descriptor (a plain archive); the import's own AppError when Learn would refuse it.
 * Nothing is left on disk. Other areas (Space's library) use it through `learn/index.ts`.
 */
export async function checkCoursePackage(config: Pick<Config, 'filesDir'>, zipPath: string): Promise<{ format: 'scorm' | 'xapi' | 'cmi5' } | null> {
  return withStagingFolder(config, async (folder) => {
    try {
      const reading = await readCoursePackage(zipPath, path.join(folder, 'package'));
      return { format: reading.format };
    } catch (error) {
      // A zip whose only fault is that it holds no course descriptor is an archive, not a broken course.
      if (error instanceof AppError && error.code === 'LEARN_PACKAGE_NO_MANIFEST') return null;
      if (error instanceof PackageInvalidError && error.report.errors.every((item) => item.code === 'LEARN_PACKAGE_NO_MANIFEST')) return null;
      throw error;
    }
  });
}

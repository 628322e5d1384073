import path from 'node:path';
import type { UseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { publishEvent } from '../../platform/events/index.js';
import { AppError } from '../../platform/http/index.js';
import { findUserById } from '../../platform/identity/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import { withStagingFolder } from '../../platform/storage/index.js';
import { importPackageFromArea, mayPublishCourses } from '../../learn/index.js';
import { itemFor, libraryAccessOf } from '../library/item-access.js';
import { findItem, findVersion, versionChunks } from '../library/items.repository.js';
import { writeStoredBytes } from '../library/uploads.service.js';
import { publishInput, type PublishInput } from './publishing.contract.js';
import { spaceVersionPublished } from './publishing.events.js';
import { findPublication, finishPublication, insertPublication, listPublications, type PublicationRow } from './publishing.repository.js';

/** Thrown inside the import's transaction when another run finished the publication first: rolls the import back. */
class AlreadyFinished extends Error {}

/**
 * Sends a course package of the library to Learn: the publication is recorded and the domain
 * event published in one transaction; Learn's import follows in a job (runPublication). Needs
 * editing rights on the file in Space and the right to publish courses in Learn.
 */
export async function publishToLearn(useCase: UseCase, itemId: string, unchecked: PublishInput): Promise<PublicationRow> {
  const input = publishInput.parse(unchecked);
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, itemId, 'edit');
  if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'id', value: itemId }]);
  if (!mayPublishCourses(useCase.user)) throw new AppError('SPACE_PUBLISH_NEEDS_LEARN_ROLE');
  const number = input.version ?? item.currentVersion;
  const version = number ? await findVersion(useCase.tx, itemId, number) : undefined;
  if (!version) throw new AppError('SPACE_VERSION_NOT_FOUND', [{ field: 'version', value: String(number) }]);
  if (version.fileKind !== 'course') throw new AppError('SPACE_NOT_A_COURSE', [{ field: 'version', value: String(version.number) }]);
  const publication = await insertPublication(useCase.tx, { itemId, version: version.number, courseId: input.courseId, publishedBy: useCase.user.id });
  await publishEvent(useCase.tx, spaceVersionPublished, { publicationId: publication.id, itemId, version: version.number });
  return publication;
}

export async function publicationsOf(useCase: UseCase, itemId: string): Promise<PublicationRow[]> {
  const access = await libraryAccessOf(useCase);
  await itemFor(useCase, access, itemId, 'view');
  return listPublications(useCase.tx, itemId);
}

/**
 * Carries out a pending publication: the version's stored chunks (read by their content address,
 * nothing uploaded again) become a zip in this node's staging area that Learn imports, and the
 * publication is marked done in the import's own transaction, so a job run twice imports once. A
 * package Learn refuses marks the publication failed with Learn's code (trying again would not help).
 */
export async function runPublication(deps: AreaDeps, tenantId: string, publicationId: string): Promise<void> {
  const loaded = await deps.db.withTenant(tenantId, async (tx) => {
    const publication = await findPublication(tx, publicationId);
    if (!publication || publication.status !== 'pending') return null;
    const item = await findItem(tx, publication.itemId);
    const version = await findVersion(tx, publication.itemId, publication.version);
    const user = await findUserById(tx, publication.publishedBy);
    return { publication, item, version, user, chunks: version ? await versionChunks(tx, version.id) : [] };
  });
  if (!loaded) return;
  const { publication, item, version, user, chunks } = loaded;
  if (!item || !version || !user) return fail(deps.db, tenantId, publicationId, !user ? 'SPACE_USER_NOT_FOUND' : 'SPACE_VERSION_NOT_FOUND');
  try {
    await withStagingFolder(deps.config, async (folder) => {
      const zipPath = path.join(folder, 'package.zip');
      await writeStoredBytes(deps, tenantId, chunks, version.size, zipPath);
      await importPackageFromArea(
        deps,
        tenantId,
        { user, client: { ip: '127.0.0.1', userAgent: 'Lectern Space publication' } },
        zipPath,
        { courseId: publication.courseId, fileName: version.fileName, source: { label: `Space: ${item.name} (version ${version.number})`, ref: `space:${item.id}/${version.number}` } },
        async (tx, published) => {
          const locked = await findPublication(tx, publicationId, { lock: true });
          if (locked?.status !== 'pending') throw new AlreadyFinished();
          await finishPublication(tx, publicationId, { status: 'published', courseId: published.courseId, courseTitle: published.courseTitle, courseVersion: published.version });
        },
      );
    });
  } catch (error) {
    if (error instanceof AlreadyFinished) return;
    if (error instanceof AppError) return fail(deps.db, tenantId, publicationId, error.code);
    throw error;
  }
}

async function fail(db: Db, tenantId: string, publicationId: string, errorCode: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const locked = await findPublication(tx, publicationId, { lock: true });
    if (locked?.status === 'pending') await finishPublication(tx, publicationId, { status: 'failed', errorCode });
  });
}

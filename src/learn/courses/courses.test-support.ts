import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import type { Role } from '../../platform/identity/index.js';
import { createUser } from '../../platform/identity/users.service.js';
import { startSession } from '../../platform/identity/sessions.service.js';
import { findTenantById } from '../../platform/tenancy/index.js';
import { enrolDirectly } from '../../../test/learn-fixtures.js';
import { queryRows } from '../../platform/db/index.js';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import type { BlobStore } from '../../platform/storage/index.js';

/**
 * A test app with its own files directory (where only transient staging happens) and blob store,
 * and one site with an admin, an instructor, a manager and a learner. The files directory sits
 * in a work directory of its own, where tests put the zips they upload (`filesDir/..`); closing
 * the site removes both.
 */
export interface LearnTestSite {
  ctx: TestContext;
  filesDir: string;
  host: string;
  tenantId: string;
  cookies: Record<'admin' | 'instructor' | 'manager' | 'learner', string>;
  userIds: Record<'admin' | 'instructor' | 'manager' | 'learner', string>;
  close(): Promise<void>;
}

export async function createLearnTestSite(
  slug: string,
  env: Record<string, string> = {},
  options: { storage?: BlobStore; db?: Db } = {},
): Promise<LearnTestSite> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-site-'));
  const filesDir = path.join(workDir, 'files');
  await mkdir(filesDir);
  const ctx = await createTestApp({ env: { LECTERN_FILES_DIR: filesDir, ...env }, ...(options.storage ? { storage: options.storage } : {}), ...(options.db ? { db: options.db } : {}) });
  const site = await createTenantWithUser(ctx.db, slug);
  const userIds = { admin: '', instructor: '', manager: '', learner: '' };
  const cookies = { admin: '', instructor: '', manager: '', learner: '' };
  for (const role of ['instructor', 'manager', 'learner'] as const satisfies Role[]) {
    const user = await createUser(ctx.db, site.tenant.id, { email: `${role}@${slug}.test`, firstName: role, lastName: slug, roles: [role], password: PASSWORD });
    userIds[role] = user.id;
    cookies[role] = await signInCookie(ctx.app, site.host, `${role}@${slug}.test`, PASSWORD);
  }
  cookies.admin = await signInCookie(ctx.app, site.host, site.email, PASSWORD);
  const [admin] = await ctx.db.withTenant(site.tenant.id, (tx) => queryRows<{ id: string }>(tx, sql`select id from users where email = ${site.email}`));
  userIds.admin = admin!.id;
  return {
    ctx,
    filesDir,
    host: site.host,
    tenantId: site.tenant.id,
    cookies,
    userIds,
    async close() {
      await ctx.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** Every file below `dir`, relative, sorted ([] when it does not exist). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Counts of the rows an import writes, to prove a refused import wrote none (and refers to no blob). */
export async function learnRowCounts(site: LearnTestSite): Promise<Record<string, number>> {
  const [row] = await site.ctx.db.withTenant(site.tenantId, (tx) =>
    queryRows<Record<string, number>>(
      tx,
      sql`select (select count(*)::int from courses) as courses, (select count(*)::int from course_items) as items,
                 (select count(*)::int from content_versions) as versions, (select count(*)::int from content_files) as files`,
    ),
  );
  return row!;
}

/** The files of a version as the store has them: each path with its bytes, read back through the store. */
export async function storedVersionFiles(site: LearnTestSite, versionId: string): Promise<Map<string, Buffer>> {
  const rows = await site.ctx.db.withTenant(site.tenantId, (tx) =>
    queryRows<{ path: string; blob_hash: string }>(tx, sql`select path, blob_hash from content_files where version_id = ${versionId} order by path`),
  );
  const files = new Map<string, Buffer>();
  for (const row of rows) {
    const chunks: Buffer[] = [];
    for await (const chunk of await site.ctx.storage.get(site.tenantId, row.blob_hash)) chunks.push(chunk as Buffer);
    files.set(row.path, Buffer.concat(chunks));
  }
  return files;
}

/** The chunk rows of the tenant's resumable uploads, by upload. */
export async function uploadChunkRows(site: LearnTestSite, uploadId?: string): Promise<{ upload_id: string; first_byte: number; size: number; blob_hash: string }[]> {
  return site.ctx.db.withTenant(site.tenantId, (tx) =>
    queryRows<{ upload_id: string; first_byte: number; size: number; blob_hash: string }>(
      tx,
      sql`select upload_id, first_byte::int, size::int, blob_hash from package_upload_chunks
          where ${uploadId ?? null}::uuid is null or upload_id = ${uploadId ?? null}::uuid order by upload_id, first_byte`,
    ),
  );
}

export async function createPublishToken(site: LearnTestSite, scopes: string[], cookie = site.cookies.admin): Promise<string> {
  const res = await site.ctx.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { host: site.host, cookie }, payload: { name: 'Authoring tool', scopes, currentPassword: PASSWORD } });
  if (res.statusCode !== 201) throw new Error(`token: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

export async function uploadZip(
  site: LearnTestSite,
  zipPath: string,
  options: { courseId?: string; auth?: { cookie: string } | { token: string }; contentType?: string } = {},
) {
  const auth = options.auth ?? { cookie: site.cookies.admin };
  return site.ctx.app.inject({
    method: 'POST',
    url: options.courseId ? `/api/learn/courses/${options.courseId}/packages?fileName=course.zip` : '/api/learn/packages?fileName=course.zip',
    headers: {
      host: site.host,
      'content-type': options.contentType ?? 'application/zip',
      ...('cookie' in auth ? { cookie: auth.cookie } : { authorization: `Bearer ${auth.token}` }),
    },
    payload: await readFile(zipPath),
  });
}

/** Uploads a zip as a new course and publishes it (straight in the database: the tests are about playing it). */
export async function uploadPublishedCourse(site: LearnTestSite, zipPath: string): Promise<{ courseId: string; versionId: string }> {
  const res = await uploadZip(site, zipPath);
  if (res.statusCode !== 201) throw new Error(`upload refused: ${res.body}`);
  const courseId = res.json().course.id as string;
  await site.ctx.db.withTenant(site.tenantId, (tx) => tx.execute(sql`update courses set status = 'published' where id = ${courseId}`));
  return { courseId, versionId: res.json().version.id };
}

/** A learner of the site, signed in (their session cookie), enrolled directly in the course. */
export async function signedInLearner(site: LearnTestSite, courseId: string, person: { email: string; firstName: string; lastName: string }): Promise<{ id: string; cookie: string; enrolmentId: string }> {
  const tenant = (await findTenantById(site.ctx.db.owner, site.tenantId))!;
  const user = await createUser(site.ctx.db, site.tenantId, { ...person, roles: ['learner'] });
  const { sessionId } = await startSession(site.ctx.db, tenant, user, { ip: '203.0.113.9', userAgent: 'test' });
  const enrolmentId = await enrolDirectly(site.ctx.db, site.tenantId, courseId, user.id);
  return { id: user.id, cookie: `lectern_session=${sessionId}`, enrolmentId };
}

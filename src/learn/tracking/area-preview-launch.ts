import type { FastifyRequest } from 'fastify';
import { userOf } from '../../platform/identity/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { learnRuntimeOf } from '../learn-runtime.js';
import { areaPreviewLaunch, areaViewerLaunch } from './launch-attempt.js';
import { framingOf, playerFrameOf } from './player-frame.js';
import type { Learner } from './initial-cmi.js';
import { deleteAreaGrants, deleteAreaGrantsOf } from '../launch/launch-grants.repository.js';
import type { Orm } from '../../platform/db/index.js';
import type { LaunchData } from './tracking.contract.js';

/**
 * Opens Learn's player on a preview-only version for the signed-in user of `request`, once the
 * other area has decided they may see it: a read-only credential bound to their session, framed
 * only by the page that asked, recording nothing.
 */
export function launchAreaPreview(deps: AreaRouteDeps, request: FastifyRequest, versionId: string, title: string): Promise<LaunchData> {
  const tenant = tenantOf(request);
  return areaPreviewLaunch(learnRuntimeOf(deps).tracking, tenant.id, userOf(request), versionId, playerFrameOf(deps, request), title);
}

/**
 * Opens Learn's player on a preview-only version for a viewer of another area who has no session
 * here (a share link's visitor), once that area decided they may see it: the credential names the
 * area's `areaRef`, where its commits go, and ends at `expiresAt` or with `endAreaGrants`.
 */
export function launchForAreaViewer(deps: AreaRouteDeps, request: FastifyRequest, versionId: string, viewing: { areaRef: string; expiresAt: Date; title: string; viewer: Learner }): Promise<LaunchData> {
  return areaViewerLaunch(learnRuntimeOf(deps).tracking, versionId, { ...framingOf(deps, request), areaRef: viewing.areaRef, expiresAt: viewing.expiresAt }, viewing.viewer, viewing.title);
}

/** Ends the area credentials whose reference starts with `prefix` (what they were for is gone): their files stop within seconds (GRANT_CHECK_MS); commits a node still knows reach the area's sink, which checks for itself. */
export function endAreaGrants(tx: Orm, prefix: string): Promise<number> {
  return deleteAreaGrants(tx, prefix);
}

/** Ends the area credentials of exactly these references (the area ended what each was for). */
export function endAreaGrantsOf(tx: Orm, refs: readonly string[]): Promise<number> {
  return deleteAreaGrantsOf(tx, refs);
}

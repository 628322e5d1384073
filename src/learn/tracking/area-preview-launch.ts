import type { FastifyRequest } from 'fastify';
import { userOf } from '../../platform/identity/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { learnRuntimeOf } from '../learn-runtime.js';
import { areaPreviewLaunch } from './launch-attempt.js';
import { playerFrameOf } from './player-frame.js';
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

import type { FastifyPluginAsync } from 'fastify';
import type { TrafficBudgets } from '../platform/guard/traffic-budgets.js';
import type { Tenant } from '../platform/tenancy/tenants.repository.js';
import { contentRoutes } from './content/content.routes.js';
import { launchFrameRoutes } from './content/launch-frame.routes.js';
import { coursesRoutes } from './courses/courses.routes.js';
import { enrolmentsRoutes } from './enrolments/enrolments.routes.js';
import { GrantGuard } from './launch/grant-guard.js';
import { LaunchGrants } from './launch/launch-grants.service.js';
import type { LearnDeps } from './learn-deps.js';
// The area's error codes join the catalogue when the area is loaded.
import './learn.errors.js';
import { reportsRoutes } from './reports/reports.routes.js';
import { commitRoutes } from './tracking/commits.routes.js';
import { TrackingContext } from './tracking/tracking-context.js';
import { trackingRoutes } from './tracking/tracking.routes.js';

export interface LearnArea {
  /** Routes of the app's origin. */
  routes: FastifyPluginAsync;
  /** Routes of the content origin: course files, the launch frame, commits under launch credentials. */
  contentRoutes: FastifyPluginAsync;
}

/** The Learn area: every feature's routes, on the app's origin and on the content origin, sharing the tracking state. */
export function learnArea(
  deps: LearnDeps & { tenantById: (id: string) => Promise<Tenant | undefined>; launchDir: string; budgets?: TrafficBudgets | undefined },
): LearnArea {
  const grants = new LaunchGrants(deps.db, deps.tenantById);
  const guard = new GrantGuard(grants, deps.budgets);
  const tracking = new TrackingContext(deps.db, grants);
  return {
    routes: async (app) => {
      await app.register(coursesRoutes(deps));
      await app.register(trackingRoutes(deps, tracking));
      await app.register(enrolmentsRoutes(deps));
      await app.register(reportsRoutes(deps));
    },
    contentRoutes: async (app) => {
      await app.register(launchFrameRoutes(guard, deps.launchDir));
      await app.register(contentRoutes(deps, guard));
      await app.register(commitRoutes(guard, tracking));
    },
  };
}

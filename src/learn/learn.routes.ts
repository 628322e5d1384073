import type { AreaRouteDeps, AreaRoutes } from '../platform/modules/index.js';
import { contentRoutes } from './content/content.routes.js';
import { launchFrameRoutes } from './content/launch-frame.routes.js';
import { categoriesRoutes } from './categories/categories.routes.js';
import { certificatesRoutes } from './certificates/certificates.routes.js';
import { coursesRoutes } from './courses/courses.routes.js';
import { enrolmentsRoutes } from './enrolments/enrolments.routes.js';
import { learnRuntimeOf } from './learn-runtime.js';
import { pathsRoutes } from './paths/paths.routes.js';
import { reportsRoutes } from './reports/reports.routes.js';
import { teamRoutes } from './team/team.routes.js';
import { commitRoutes } from './tracking/commits.routes.js';
import { trackingRoutes } from './tracking/tracking.routes.js';
import { xapiLaunchRoutes } from './tracking/xapi-content.routes.js';
import { cmi5LaunchRoutes } from './cmi5/cmi5.routes.js';
import { cmi5AdminRoutes } from './cmi5/cmi5-admin.routes.js';

/** The Learn area's routes, on the app's origin and on the content origin, sharing the launch credentials and the tracking state. */
export function learnRoutes(deps: AreaRouteDeps): AreaRoutes {
  const { guard, tracking, areaSinks } = learnRuntimeOf(deps);
  return {
    app: async (app) => {
      await app.register(coursesRoutes(deps));
      await app.register(categoriesRoutes(deps));
      await app.register(trackingRoutes(deps, tracking));
      await app.register(cmi5AdminRoutes(deps, tracking));
      await app.register(enrolmentsRoutes(deps));
      await app.register(reportsRoutes(deps));
      await app.register(teamRoutes(deps));
      await app.register(certificatesRoutes(deps));
      await app.register(pathsRoutes(deps));
    },
    content: async (app) => {
      await app.register(launchFrameRoutes(guard, deps.launchDir));
      await app.register(contentRoutes(deps, guard));
      await app.register(commitRoutes(guard, tracking, areaSinks));
      // xAPI courses report to the LRS under their launch credential's path.
      await app.register(xapiLaunchRoutes(deps, guard, tracking, areaSinks));
      await app.register(cmi5LaunchRoutes(deps, guard, tracking));
    },
  };
}

import type { FastifyPluginAsync } from 'fastify';
import { contentRoutes } from './content/content.routes.js';
import { coursesRoutes } from './courses/courses.routes.js';
import { enrolmentsRoutes } from './enrolments/enrolments.routes.js';
import type { LearnDeps } from './learn-deps.js';
// The area's error codes join the catalogue when the area is loaded.
import './learn.errors.js';
import { reportsRoutes } from './reports/reports.routes.js';
import { trackingRoutes } from './tracking/tracking.routes.js';

/** The Learn area: every feature's routes. */
export function learnRoutes(deps: LearnDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(coursesRoutes(deps));
    await app.register(contentRoutes(deps));
    await app.register(trackingRoutes(deps));
    await app.register(enrolmentsRoutes(deps));
    await app.register(reportsRoutes(deps));
  };
}

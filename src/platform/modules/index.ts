// The public entry of platform/modules: what an area declares itself with.
export type { AreaDeps, AreaListeners, AreaModule, AreaRouteDeps, AreaRoutes, ErrorFragment } from './area-module.js';
export { tablesOf } from './area-tables.js';
export { moduleJobHandlers, moduleRecurringJobs } from './module-jobs.js';

import type { Db } from '../platform/db/index.js';
import type { AreaRouteDeps } from '../platform/modules/index.js';
import { GrantGuard } from './launch/grant-guard.js';
import { LaunchGrants } from './launch/launch-grants.service.js';
import { TrackingContext } from './tracking/tracking-context.js';
import type { AreaCommitSink } from './tracking/area-commits.js';

/** What Learn's routes on both origins share in one app: the launch credentials, their guard and the tracking state. */
export interface LearnRuntime {
  grants: LaunchGrants;
  guard: GrantGuard;
  tracking: TrackingContext;
  /** Where the commits of other areas' credentials go, by area (`registerAreaCommitSink`). */
  areaSinks: Map<string, AreaCommitSink>;
}

// One per app (its database): another area opening the player (Space's course preview) must use
// the same credentials and caches as the content origin that serves the frame.
const runtimes = new WeakMap<Db, LearnRuntime>();

export function learnRuntimeOf(deps: AreaRouteDeps): LearnRuntime {
  let runtime = runtimes.get(deps.db);
  if (!runtime) {
    const grants = new LaunchGrants(deps.db, deps.tenantById);
    runtime = { grants, guard: new GrantGuard(grants, deps.budgets), tracking: new TrackingContext(deps.db, grants), areaSinks: new Map() };
    runtimes.set(deps.db, runtime);
  }
  return runtime;
}

/** Another area takes the commits of the credentials it has Learn issue (`launchForArea`) under references starting `<area>:`. */
export function registerAreaCommitSink(deps: AreaRouteDeps, area: string, sink: AreaCommitSink): void {
  learnRuntimeOf(deps).areaSinks.set(area, sink);
}

import type { AreaModule } from './platform/modules/index.js';
import { learnModule } from './learn/index.js';
import { lrsModule } from './lrs/index.js';
import { spaceModule } from './space/index.js';
import { marketModule } from './market/index.js';

/**
 * The product areas this installation runs. buildApp, startServer, the CLI and the tests read this
 * list (and nothing else) to find an area's routes, jobs, error codes, listeners and tables.
 */
export const modules: readonly AreaModule[] = [learnModule, lrsModule, spaceModule, marketModule];

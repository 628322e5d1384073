// Every test file starts as a process does: the module list's error codes and listeners installed
// (unit tests of an area's services throw its codes without building an app).
import { modules } from '../src/modules.js';
import { installModules } from '../src/platform/modules/install-modules.js';

installModules(modules);

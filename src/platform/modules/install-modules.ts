import { onGroupChange } from '../groups/group-changes.js';
import { registerErrors } from '../http/errors.js';
import type { AreaModule } from './area-module.js';

/**
 * What every process does with the module list before it serves or runs anything: the areas' error
 * codes join the catalogue and their listeners hear the platform. Installing the same list again
 * changes nothing; two modules declaring one code or job kind is refused here, at start.
 */
export function installModules(modules: readonly AreaModule[]): void {
  const names = new Set<string>();
  for (const module of modules) {
    if (names.has(module.name)) throw new Error(`the area module ${module.name} is in the module list twice`);
    names.add(module.name);
    registerErrors(module.errors);
    for (const listener of module.listeners?.groupChanges ?? []) onGroupChange(listener);
  }
}

import { onGroupChange } from '../groups/group-changes.js';
import { registerErrors } from '../http/errors.js';
import { registerFieldLabels } from '../http/field-labels.js';
import { installSettingsSections } from '../tenancy/settings-sections.js';
import { PLATFORM_SETTINGS_KEYS } from '../tenancy/tenant-settings.js';
import type { AreaModule } from './area-module.js';

/**
 * What every process does with the module list before it serves or runs anything: the areas' error
 * codes join the catalogue, their field labels the wording of refused input, and their listeners hear the platform. Installing the same list again
 * changes nothing; a module listed twice, or a code taken or not carrying the area's name, is
 * refused here, at start.
 */
export function installModules(modules: readonly AreaModule[]): void {
  const names = new Set<string>();
  for (const module of modules) {
    if (!/^[a-z]+$/.test(module.name)) throw new Error(`the area module name ${JSON.stringify(module.name)} is not one lower-case word`);
    if (names.has(module.name)) throw new Error(`the area module ${module.name} is in the module list twice`);
    names.add(module.name);
    // An area's codes carry its name, so a code says where it comes from and two areas cannot collide.
    const prefix = `${module.name.toUpperCase()}_`;
    const foreign = Object.values(module.errors).flatMap((fragment) => Object.keys(fragment)).find((code) => !code.startsWith(prefix));
    if (foreign) throw new Error(`the error code ${foreign} of the area module ${module.name} does not start with ${prefix}`);
    // Likewise its permissions (`learn.courses.manage`): the web app and API clients read them by name.
    const foreignPolicy = (module.policies ?? []).find((policy) => !policy.name.startsWith(`${module.name}.`));
    if (foreignPolicy) throw new Error(`the policy ${foreignPolicy.name} of the area module ${module.name} does not start with ${module.name}.`);
    registerErrors(module.errors);
    registerFieldLabels(module.fieldLabels ?? {});
    installSettingsSections(module.settings ?? [], PLATFORM_SETTINGS_KEYS);
    for (const listener of module.listeners?.groupChanges ?? []) onGroupChange(listener);
  }
}

import type { PackageItem, PackageManifest } from './manifest.types.js';
import type { ReportBuilder } from './validation-report.js';

/**
 * Checks the manifest against the files of the package: a launch file that is missing is an
 * error (the item could never start); any other listed file that is missing is a warning.
 * Names compare exactly, as a web server on Linux serves them; when only case or Unicode form
 * differ, the message names the file the zip has.
 */
export function checkPackageFiles(manifest: PackageManifest, filePaths: readonly string[], report: ReportBuilder): void {
  const present = new Set(filePaths);
  const byFoldedName = new Map(filePaths.map((file) => [fold(file), file]));
  const hint = (missing: string) => {
    const similar = byFoldedName.get(fold(missing));
    return similar === undefined ? undefined : { en: `The zip archive has ${similar}.`, de: `Das Zip-Archiv enthält ${similar}.` };
  };

  const launchPaths = new Set<string>();
  const visit = (item: PackageItem) => {
    if (item.launchPath !== null && !present.has(item.launchPath)) {
      if (!launchPaths.has(item.launchPath)) report.error('LEARN_MANIFEST_LAUNCH_MISSING', `item ${item.identifier}`, item.launchPath, hint(item.launchPath));
      launchPaths.add(item.launchPath);
    }
    item.children.forEach(visit);
  };
  manifest.organizations.forEach((organization) => organization.items.forEach(visit));

  for (const resource of manifest.resources) {
    const listed = [resource.launchPath, ...resource.files.map((file) => file.path)];
    const reported = new Set<string>();
    for (const file of listed) {
      if (file === null || present.has(file) || launchPaths.has(file) || reported.has(file)) continue;
      reported.add(file);
      report.warning('LEARN_MANIFEST_FILE_MISSING', `resource ${resource.identifier}`, file, hint(file));
    }
  }
}

function fold(file: string): string {
  return file.normalize('NFC').toLowerCase();
}

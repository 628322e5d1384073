/** Course package formats Lectern recognises but does not import (yet). */
export type OtherPackageFormat = 'xapi' | 'cmi5' | 'aicc';

export type PackageRoot =
  /** A SCORM package: its files are the zip's files below `folder` ('' for the zip's own top level, else "Name/"). */
  | { kind: 'scorm'; folder: string }
  /** Another format, recognised by `file` (its path in the zip). */
  | { kind: 'other'; format: OtherPackageFormat; file: string }
  /** imsmanifest.xml exists, but deeper than the one top folder, or in one of several top folders. */
  | { kind: 'manifest-too-deep'; manifest: string }
  | { kind: 'no-manifest' };

/** Folders a zip tool adds beside the content (macOS Finder's resource forks); never part of a package. */
const TOOL_FOLDERS = new Set(['__macosx']);

const AICC_EXTENSIONS = ['.au', '.crs', '.des', '.cst'];

/**
 * Where the package is among the zip's file paths (read from its central directory, before
 * anything is unpacked). `imsmanifest.xml` at the top level makes a SCORM package; so does a
 * zip whose only top-level entry is one folder holding it (the course folder zipped as a
 * whole, the most common mistake), whose files are then taken from inside that folder.
 * Without a manifest there, the same two places are looked at for the files that make an
 * xAPI (`tincan.xml`), cmi5 (`cmi5.xml`) or AICC (`.au`, `.crs`, `.des`, `.cst`) package.
 * Names compare case-insensitively, as authoring tools and Windows treat them.
 */
export function packageRootOf(filePaths: readonly string[]): PackageRoot {
  const paths = filePaths.filter((file) => !TOOL_FOLDERS.has(topSegment(file).toLowerCase()));
  const candidates = [''];
  const topFolder = singleTopFolder(paths);
  if (topFolder !== null) candidates.push(topFolder);

  for (const folder of candidates) {
    if (paths.some((file) => file.toLowerCase() === `${folder}imsmanifest.xml`.toLowerCase())) return { kind: 'scorm', folder };
  }
  const nested = paths.find((file) => file.toLowerCase().endsWith('/imsmanifest.xml'));
  if (nested !== undefined) return { kind: 'manifest-too-deep', manifest: nested };
  for (const folder of candidates) {
    const other = otherFormatIn(paths, folder);
    if (other) return other;
  }
  return { kind: 'no-manifest' };
}

function topSegment(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file : file.slice(0, slash);
}

/** "Name/" when every path lies inside one and the same folder, else null. */
function singleTopFolder(paths: readonly string[]): string | null {
  let folder: string | null = null;
  for (const file of paths) {
    const slash = file.indexOf('/');
    if (slash === -1) return null;
    const top = file.slice(0, slash + 1);
    if (folder !== null && top !== folder) return null;
    folder = top;
  }
  return folder;
}

function otherFormatIn(paths: readonly string[], folder: string): PackageRoot | null {
  const direct = paths.filter((file) => file.startsWith(folder) && !file.slice(folder.length).includes('/'));
  const named = (name: string) => direct.find((file) => file.slice(folder.length).toLowerCase() === name);
  const tincan = named('tincan.xml');
  if (tincan !== undefined) return { kind: 'other', format: 'xapi', file: tincan };
  const cmi5 = named('cmi5.xml');
  if (cmi5 !== undefined) return { kind: 'other', format: 'cmi5', file: cmi5 };
  const aicc = direct.find((file) => AICC_EXTENSIONS.some((extension) => file.toLowerCase().endsWith(extension)));
  if (aicc !== undefined) return { kind: 'other', format: 'aicc', file: aicc };
  return null;
}

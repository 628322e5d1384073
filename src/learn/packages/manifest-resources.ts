import { normaliseBase, resolveHref, type ResolvedRef } from './manifest-href.js';
import { ADLCP, XML } from './manifest-namespaces.js';
import type { PackageResource } from './manifest.types.js';
import type { ReportBuilder } from './validation-report.js';
import { attributeOf as attr, childElements, firstChild, type NamespaceSet, type XmlElement } from './xml-document.js';

/** Shared by the parts of the manifest reader: the report and the document-wide identifier check. */
export interface ReadingContext {
  cp: NamespaceSet;
  report: ReportBuilder;
  /** Records an identifier; reports LEARN_MANIFEST_DUPLICATE_IDENTIFIER when it was taken already. */
  claim(identifier: string, where: string): void;
}

/**
 * Reads `resources/resource` with hrefs resolved under the xml:base chain. A launch href or
 * file outside the package is an error; an external (http/https) launch href is an error for
 * a SCO, which must share the LMS's origin to find its API, and a warning for an asset.
 */
export function readResources(root: XmlElement, context: ReadingContext): PackageResource[] {
  const { cp, report } = context;
  const resourcesElement = firstChild(root, cp, 'resources');
  if (!resourcesElement) return [];
  const outerBases = [baseOf(root, 'imsmanifest.xml', report), baseOf(resourcesElement, 'resources', report)];
  return childElements(resourcesElement, cp, 'resource').flatMap((element, index) => {
    const identifier = attr(element, '', 'identifier')?.trim();
    if (!identifier) {
      report.error('LEARN_MANIFEST_MISSING_IDENTIFIER', `resource #${index + 1}`);
      return [];
    }
    const where = `resource ${identifier}`;
    context.claim(identifier, where);
    const bases = [...outerBases, baseOf(element, where, report)].filter((base): base is string => base !== undefined);
    const scormType = scormTypeOf(element, where, report);
    const href = attr(element, '', 'href')?.trim() || null;
    const resource: PackageResource = {
      identifier,
      type: attr(element, '', 'type') ?? '',
      scormType,
      href,
      base: baseHref(bases),
      launchHref: null,
      launchPath: null,
      external: false,
      files: [],
      dependencies: childElements(element, cp, 'dependency')
        .map((dependency) => attr(dependency, '', 'identifierref')?.trim() ?? '')
        .filter((ref) => ref !== ''),
    };
    if (href !== null) {
      const launch = resolveHref(bases, href);
      checkReference(launch, href, scormType === 'sco' ? 'sco' : 'asset', where, report);
      if (launch.kind === 'inside') {
        resource.launchHref = launch.href;
        resource.launchPath = launch.path;
      } else if (launch.kind === 'external') {
        resource.launchHref = launch.href;
        resource.external = true;
      }
    }
    for (const file of childElements(element, cp, 'file')) {
      const fileHref = attr(file, '', 'href')?.trim();
      if (!fileHref) continue;
      const resolved = resolveHref(bases, fileHref);
      checkReference(resolved, fileHref, 'file', `${where} file ${fileHref}`, report);
      resource.files.push({ href: fileHref, path: resolved.kind === 'inside' ? resolved.path : null });
    }
    return [resource];
  });
}

function checkReference(resolved: ResolvedRef, href: string, kind: 'sco' | 'asset' | 'file', where: string, report: ReportBuilder): void {
  if (resolved.kind === 'outside') report.error('LEARN_MANIFEST_OUTSIDE_PACKAGE', where, href, resolved.reason);
  else if (resolved.kind === 'external' && kind === 'sco') report.error('LEARN_MANIFEST_EXTERNAL_SCO', where, resolved.href);
  else if (resolved.kind === 'external') report.warning('LEARN_MANIFEST_EXTERNAL_REFERENCE', where, resolved.href);
}

function baseOf(element: XmlElement, where: string, report: ReportBuilder): string | undefined {
  const base = attr(element, XML, 'base');
  if (base === undefined || base.trim() === '') return undefined;
  if (normaliseBase(base) !== base.trim()) report.warning('LEARN_MANIFEST_BASE_WITHOUT_SLASH', where, `xml:base="${base}"`);
  return base;
}

/** The combined base as a folder path relative to the package root ('' for the root), or an absolute URL. */
function baseHref(bases: string[]): string {
  const resolved = resolveHref(bases, '');
  if (resolved.kind === 'external') return resolved.href;
  if (resolved.kind === 'inside' && resolved.href !== '') return `${resolved.href}/`;
  return '';
}

function scormTypeOf(element: XmlElement, where: string, report: ReportBuilder): 'sco' | 'asset' {
  // SCORM 1.2 spells it adlcp:scormtype, SCORM 2004 adlcp:scormType.
  const written = attr(element, ADLCP, 'scormType', true);
  if (written === undefined) {
    report.warning('LEARN_MANIFEST_SCORMTYPE_MISSING', where);
    return 'asset';
  }
  const value = written.trim().toLowerCase();
  if (value === 'sco' || value === 'asset') return value;
  report.warning('LEARN_MANIFEST_INVALID_VALUE', where, `scormType="${written}"`);
  return 'asset';
}

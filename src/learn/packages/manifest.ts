import { IMSSS, KNOWN_CONTENT_PACKAGING } from './manifest-namespaces.js';
import { readOrganizations } from './manifest-organizations.js';
import { readResources, type ReadingContext } from './manifest-resources.js';
import { readSequencing } from './manifest-sequencing.js';
import { ValueReader } from './manifest-values.js';
import { scormVersionOf } from './manifest-version.js';
import type { PackageItem, PackageManifest, PackageOrganization, PackageResource, Sequencing, ValidationReport } from './manifest.types.js';
import { ReportBuilder } from './validation-report.js';
import { attributeOf as attr, childElements, firstChild, parseXmlDocument, textOf, type XmlElement } from './xml-document.js';

export interface ManifestReading {
  /** Null when the document could not be read at all (not XML, DOCTYPE, not a manifest). */
  manifest: PackageManifest | null;
  report: ValidationReport;
}

/**
 * Reads imsmanifest.xml (SCORM 1.2 or 2004) into a PackageManifest and a validation report.
 * Everything that can be judged from the manifest alone is checked here; whether the files it
 * names are in the package is checked by checkPackageFiles.
 */
export function parseManifest(xml: Buffer): ManifestReading {
  const report = new ReportBuilder();
  const parsed = parseXmlDocument(xml);
  if (!parsed.ok) {
    report.error(parsed.problem, 'imsmanifest.xml', undefined, parsed.note);
    return { manifest: null, report: report.report };
  }
  const root = parsed.root;
  if (root.local !== 'manifest') {
    report.error('LEARN_MANIFEST_NOT_A_MANIFEST', 'imsmanifest.xml', `<${root.local}>`);
    return { manifest: null, report: report.report };
  }
  return { manifest: readManifest(root, report), report: report.report };
}

function readManifest(root: XmlElement, report: ReportBuilder): PackageManifest {
  // The content-packaging namespace is whatever the root is in: SCORM 1.2's, SCORM 2004's, or none.
  const cp = new Set([root.ns]);
  if (!KNOWN_CONTENT_PACKAGING.has(root.ns)) report.warning('LEARN_MANIFEST_UNKNOWN_NAMESPACE', 'imsmanifest.xml', root.ns || undefined, root.ns ? undefined : { en: 'It has none.', de: 'Es hat keinen.' });
  const identifiers = new Set<string>();
  const context: ReadingContext = {
    cp,
    report,
    claim(identifier, where) {
      if (identifiers.has(identifier)) report.error('LEARN_MANIFEST_DUPLICATE_IDENTIFIER', where, identifier);
      identifiers.add(identifier);
    },
  };
  const { version, written, known } = scormVersionOf(root, cp);
  if (!known) {
    report.warning('LEARN_MANIFEST_UNKNOWN_VERSION', 'imsmanifest.xml', `schemaversion="${written ?? ''}"`, { en: `Read as SCORM ${version}.`, de: `Gelesen als SCORM ${version}.` });
  }
  const identifier = attr(root, '', 'identifier')?.trim() ?? '';
  if (identifier === '') report.warning('LEARN_MANIFEST_INVALID_VALUE', 'imsmanifest.xml', 'identifier=""');
  if (childElements(root, cp, 'manifest').length > 0) report.warning('LEARN_MANIFEST_SUBMANIFEST_IGNORED', 'imsmanifest.xml');

  const resources = readResources(root, context);
  const resourceById = new Map(resources.map((resource) => [resource.identifier, resource]));
  const sequencingCollection = readSequencingCollection(root, report);
  const used = new Set<string>();
  const organizationsElement = firstChild(root, cp, 'organizations');
  let organizations = readOrganizations(organizationsElement, { ...context, version, resources: resourceById, sequencingCollection, used });
  if (organizations.length === 0) organizations = organizationFromScos(resources, used, identifiers, report);
  if (!organizations.some((organization) => launchesSomething(organization.items))) {
    report.error('LEARN_MANIFEST_NO_CONTENT', 'imsmanifest.xml');
  }
  reportUnusedResources(resources, resourceById, used, report);
  for (const resource of resources) {
    for (const dependency of resource.dependencies) {
      if (!resourceById.has(dependency)) report.warning('LEARN_MANIFEST_UNKNOWN_DEPENDENCY', `resource ${resource.identifier}`, dependency);
    }
  }
  const defaultOrganization = defaultOrganizationOf(organizationsElement, organizations, report);
  const launched = launchableItems(organizations.find((organization) => organization.identifier === defaultOrganization)?.items ?? []);
  if (launched.length > 0 && launched.every((item) => item.scormType === 'asset')) report.warning('LEARN_MANIFEST_ONLY_ASSETS', `organization ${defaultOrganization}`);
  const defaultTitle = organizations.find((organization) => organization.identifier === defaultOrganization)?.title;
  return {
    scormVersion: version,
    identifier,
    title: (defaultTitle !== defaultOrganization ? defaultTitle : undefined) ?? lomTitle(root) ?? defaultTitle ?? identifier,
    defaultOrganization,
    organizations,
    resources,
    sequencingCollection,
  };
}

function readSequencingCollection(root: XmlElement, report: ReportBuilder): Record<string, Sequencing> {
  const collection: Record<string, Sequencing> = Object.create(null) as Record<string, Sequencing>;
  const element = firstChild(root, IMSSS, 'sequencingCollection');
  for (const entry of element ? childElements(element, IMSSS, 'sequencing') : []) {
    const id = attr(entry, '', 'ID')?.trim();
    if (!id) continue;
    collection[id] = readSequencing(entry, new ValueReader(report, `sequencingCollection ${id}`));
  }
  return collection;
}

/** A manifest without organizations still plays when it has SCOs: one item per SCO, in manifest order. */
function organizationFromScos(resources: PackageResource[], used: Set<string>, identifiers: Set<string>, report: ReportBuilder): PackageOrganization[] {
  const scos = resources.filter((resource) => resource.scormType === 'sco' && resource.launchHref !== null);
  if (scos.length === 0) return [];
  report.warning('LEARN_MANIFEST_NO_ORGANIZATION', 'imsmanifest.xml');
  const unique = (wanted: string) => {
    let candidate = wanted;
    for (let n = 2; identifiers.has(candidate); n++) candidate = `${wanted}-${n}`;
    identifiers.add(candidate);
    return candidate;
  };
  const organizationId = unique('ORG-DEFAULT');
  return [
    {
      identifier: organizationId,
      title: organizationId,
      objectivesGlobalToSystem: true,
      sharedDataGlobalToSystem: true,
      sequencing: null,
      items: scos.map((sco) => {
        used.add(sco.identifier);
        return plainLaunchItem({ identifier: unique(`ITEM-${sco.identifier}`), title: sco.identifier, identifierref: sco.identifier, launchHref: sco.launchHref, launchPath: sco.launchPath });
      }),
    },
  ];
}

/** A visible item that launches one file, with none of SCORM's data, limits or sequencing (a package without organizations, an xAPI course). */
export function plainLaunchItem(item: Pick<PackageItem, 'identifier' | 'title' | 'identifierref' | 'launchHref' | 'launchPath'>): PackageItem {
  return {
    ...item,
    isVisible: true,
    parameters: null,
    scormType: 'sco',
    masteryScore: null,
    dataFromLms: null,
    timeLimitAction: null,
    maxTimeAllowed: null,
    prerequisites: null,
    completionThreshold: null,
    hideLmsUi: [],
    sequencing: null,
    children: [],
  };
}

function launchableItems(items: PackageItem[]): PackageItem[] {
  return items.flatMap((item) => [...(item.launchHref !== null ? [item] : []), ...launchableItems(item.children)]);
}

function launchesSomething(items: PackageItem[]): boolean {
  return items.some((item) => item.launchHref !== null || launchesSomething(item.children));
}

/** Resources no item launches and no launched resource depends on (directly or through others). */
function reportUnusedResources(resources: PackageResource[], byId: ReadonlyMap<string, PackageResource>, used: Set<string>, report: ReportBuilder): void {
  const reachable = new Set<string>();
  const visit = (identifier: string) => {
    if (reachable.has(identifier)) return;
    reachable.add(identifier);
    byId.get(identifier)?.dependencies.forEach(visit);
  };
  used.forEach(visit);
  for (const resource of resources) {
    if (!reachable.has(resource.identifier)) report.warning('LEARN_MANIFEST_UNUSED_RESOURCE', `resource ${resource.identifier}`);
  }
}

function defaultOrganizationOf(element: XmlElement | undefined, organizations: PackageOrganization[], report: ReportBuilder): string {
  const first = organizations[0]?.identifier ?? '';
  const wanted = attr(element, '', 'default')?.trim();
  if (!wanted || organizations.some((organization) => organization.identifier === wanted)) return wanted || first;
  report.warning('LEARN_MANIFEST_UNKNOWN_DEFAULT_ORGANIZATION', 'imsmanifest.xml', wanted);
  return first;
}

/** metadata/lom/general/title, whatever the LOM binding's namespace (langstring in 1.2, string in 2004). */
function lomTitle(root: XmlElement): string | undefined {
  const metadata = root.children.find((child) => child.local === 'metadata');
  const lom = metadata?.children.find((child) => child.local === 'lom');
  const title = lom?.children.find((c) => c.local === 'general')?.children.find((c) => c.local === 'title');
  const text = title ? (textOf(title) ?? title.children.map((c) => textOf(c)).find((t) => t !== undefined)) : undefined;
  return text?.replace(/\s+/g, ' ');
}

import { withParameters } from './manifest-href.js';
import { ADLCP, ADLNAV, ADLSEQ, IMSSS } from './manifest-namespaces.js';
import type { ReadingContext } from './manifest-resources.js';
import { mergeSequencing, readSequencing } from './manifest-sequencing.js';
import type { CompletionThreshold, PackageItem, PackageOrganization, PackageResource, ScormVersion, Sequencing } from './manifest.types.js';
import { ValueReader } from './manifest-values.js';
import { attributeOf as attr, childElements, firstChild, textOf, type XmlElement } from './xml-document.js';

export interface OrganizationContext extends ReadingContext {
  version: ScormVersion;
  resources: ReadonlyMap<string, PackageResource>;
  sequencingCollection: Readonly<Record<string, Sequencing>>;
  /** Identifiers of the resources items launch. */
  used: Set<string>;
}

export function readOrganizations(organizationsElement: XmlElement | undefined, context: OrganizationContext): PackageOrganization[] {
  if (!organizationsElement) return [];
  return childElements(organizationsElement, context.cp, 'organization').flatMap((element, index) => {
    const identifier = attr(element, '', 'identifier')?.trim();
    if (!identifier) {
      context.report.error('LEARN_MANIFEST_MISSING_IDENTIFIER', `organization #${index + 1}`);
      return [];
    }
    const where = `organization ${identifier}`;
    context.claim(identifier, where);
    const values = new ValueReader(context.report, where);
    return [
      {
        identifier,
        title: titleOf(element, identifier, where, context),
        objectivesGlobalToSystem: values.boolean(attr(element, ADLSEQ, 'objectivesGlobalToSystem'), 'objectivesGlobalToSystem', true),
        sharedDataGlobalToSystem: values.boolean(attr(element, ADLCP, 'sharedDataGlobalToSystem'), 'sharedDataGlobalToSystem', true),
        sequencing: sequencingOf(element, where, values, context),
        items: readItems(element, context),
      },
    ];
  });
}

function readItems(parent: XmlElement, context: OrganizationContext): PackageItem[] {
  return childElements(parent, context.cp, 'item').flatMap((element, index) => {
    const identifier = attr(element, '', 'identifier')?.trim();
    if (!identifier) {
      context.report.error('LEARN_MANIFEST_MISSING_IDENTIFIER', `item #${index + 1} under ${attr(parent, '', 'identifier') ?? parent.local}`);
      return [];
    }
    return [readItem(element, identifier, context)];
  });
}

function readItem(element: XmlElement, identifier: string, context: OrganizationContext): PackageItem {
  const { report } = context;
  const where = `item ${identifier}`;
  context.claim(identifier, where);
  const values = new ValueReader(report, where);
  const adlcp = (name: string) => textOf(element.children.find((c) => ADLCP.has(c.ns) && c.local.toLowerCase() === name.toLowerCase()));
  const identifierref = attr(element, '', 'identifierref')?.trim() || null;
  const parameters = attr(element, '', 'parameters') ?? null;
  const children = readItems(element, context);
  const sequencing = sequencingOf(element, where, values, context);
  const item: PackageItem = {
    identifier,
    title: titleOf(element, identifier, where, context),
    identifierref,
    isVisible: values.boolean(attr(element, '', 'isvisible'), 'isvisible', true),
    parameters,
    launchHref: null,
    launchPath: null,
    scormType: null,
    masteryScore: values.optionalDecimal(adlcp('masteryscore'), 'adlcp:masteryscore', 0, 100),
    dataFromLms: adlcp('dataFromLMS') ?? null,
    timeLimitAction: adlcp('timeLimitAction') ?? null,
    maxTimeAllowed: adlcp('maxTimeAllowed') ?? sequencing?.limitConditions?.attemptAbsoluteDurationLimit ?? null,
    prerequisites: adlcp('prerequisites') ?? null,
    completionThreshold: completionThresholdOf(element, values),
    hideLmsUi: hideLmsUiOf(element),
    sequencing,
    children,
  };
  if (identifierref !== null) launch(item, identifierref, where, context);
  if (identifierref !== null && children.length > 0 && context.version !== '1.2') report.warning('LEARN_MANIFEST_CLUSTER_WITH_RESOURCE', where);
  return item;
}

/** Points the item at its resource's launch address, with the item's parameters merged in. */
function launch(item: PackageItem, identifierref: string, where: string, context: OrganizationContext): void {
  const resource = context.resources.get(identifierref);
  if (!resource) {
    context.report.error('LEARN_MANIFEST_UNKNOWN_RESOURCE', where, identifierref);
    return;
  }
  context.used.add(resource.identifier);
  item.scormType = resource.scormType;
  if (resource.href === null) {
    context.report.error('LEARN_MANIFEST_NO_LAUNCH', where, `resource ${identifierref}`);
    return;
  }
  // An href outside the package was reported with its resource; the item then launches nothing.
  if (resource.launchHref === null) return;
  const merged = withParameters(resource.launchHref, item.parameters);
  if (merged.fragmentIgnored) context.report.warning('LEARN_MANIFEST_PARAMETERS_IGNORED', where, `parameters="${item.parameters}"`);
  item.launchHref = merged.href;
  item.launchPath = resource.launchPath;
}

function titleOf(element: XmlElement, identifier: string, where: string, context: ReadingContext): string {
  const title = textOf(firstChild(element, context.cp, 'title'));
  if (title !== undefined) return title.replace(/\s+/g, ' ');
  context.report.warning('LEARN_MANIFEST_MISSING_TITLE', where);
  return identifier;
}

function sequencingOf(element: XmlElement, where: string, values: ValueReader, context: OrganizationContext): Sequencing | null {
  const sequencingElement = firstChild(element, IMSSS, 'sequencing');
  if (!sequencingElement) return null;
  const own = readSequencing(sequencingElement, values);
  const ref = attr(sequencingElement, '', 'IDRef')?.trim();
  if (!ref) return own;
  const shared = Object.hasOwn(context.sequencingCollection, ref) ? context.sequencingCollection[ref] : undefined;
  if (!shared) {
    context.report.error('LEARN_MANIFEST_UNKNOWN_SEQUENCING', where, ref);
    return own;
  }
  return mergeSequencing(shared, own);
}

/**
 * SCORM 2004 3rd edition writes the threshold as the element's text; the 4th edition uses the
 * attributes completedByMeasure, minProgressMeasure and progressWeight.
 */
function completionThresholdOf(element: XmlElement, values: ValueReader): CompletionThreshold | null {
  const threshold = element.children.find((c) => ADLCP.has(c.ns) && c.local === 'completionThreshold');
  if (!threshold) return null;
  const text = textOf(threshold);
  const minAttribute = attr(threshold, '', 'minProgressMeasure');
  return {
    minProgressMeasure: values.decimal(minAttribute ?? text, 'completionThreshold', 1, 0, 1),
    completedByMeasure: values.boolean(attr(threshold, '', 'completedByMeasure'), 'completedByMeasure', minAttribute === undefined && text !== undefined),
    progressWeight: values.decimal(attr(threshold, '', 'progressWeight'), 'progressWeight', 1, 0, 1),
  };
}

function hideLmsUiOf(element: XmlElement): string[] {
  const navigation = firstChild(firstChild(element, ADLNAV, 'presentation'), ADLNAV, 'navigationInterface');
  return navigation ? childElements(navigation, ADLNAV, 'hideLMSUI').flatMap((hide) => textOf(hide) ?? []) : [];
}

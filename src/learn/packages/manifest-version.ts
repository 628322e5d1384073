import { ADLCP_SCORM12, ADLCP_SCORM2004, IMSCP_SCORM12, IMSCP_SCORM2004, IMSSS } from './manifest-namespaces.js';
import type { ScormVersion } from './manifest.types.js';
import { firstChild, textOf, type NamespaceSet, type XmlElement } from './xml-document.js';

const SCHEMA_VERSIONS: Record<string, ScormVersion> = {
  '1.2': '1.2',
  'cam 1.3': '2004-2nd',
  '1.3': '2004-2nd',
  '2004 2nd edition': '2004-2nd',
  '2004 3rd edition': '2004-3rd',
  '2004 4th edition': '2004-4th',
};

/**
 * The SCORM version from `metadata/schemaversion` ("1.2", "CAM 1.3", "2004 3rd Edition",
 * "2004 4th Edition"). When that is missing or unknown, the namespaces decide: SCORM 1.2's
 * ADL or IMS CP namespace means 1.2, SCORM 2004's (or IMS Simple Sequencing) means 2004, taken
 * as the 3rd edition, the most widespread; `known` is then false and the caller warns.
 */
export function scormVersionOf(root: XmlElement, cp: NamespaceSet): { version: ScormVersion; written: string | undefined; known: boolean } {
  const written = textOf(firstChild(firstChild(root, cp, 'metadata'), cp, 'schemaversion'));
  const key = written?.toLowerCase().replace(/\s+/g, ' ');
  if (key !== undefined && Object.hasOwn(SCHEMA_VERSIONS, key)) return { version: SCHEMA_VERSIONS[key]!, written, known: true };
  const used = namespacesIn(root);
  const version: ScormVersion =
    used.has(ADLCP_SCORM12) || (!used.has(ADLCP_SCORM2004) && root.ns === IMSCP_SCORM12)
      ? '1.2'
      : used.has(ADLCP_SCORM2004) || root.ns === IMSCP_SCORM2004 || [...IMSSS].some((ns) => used.has(ns))
        ? '2004-3rd'
        : '1.2';
  return { version, written, known: false };
}

function namespacesIn(root: XmlElement): Set<string> {
  const found = new Set<string>();
  const visit = (element: XmlElement) => {
    found.add(element.ns);
    for (const attribute of element.attributes) found.add(attribute.ns);
    element.children.forEach(visit);
  };
  visit(root);
  return found;
}

import { randomUUID } from 'node:crypto';
import { resolveHref } from './manifest-href.js';
import { plainLaunchItem } from './manifest.js';
import type { PackageItem, PackageManifest, PackageResource, ValidationReport } from './manifest.types.js';
import { isAbsoluteIri, textOfLanguageMap, type LanguageMap } from './tincan-xml.js';
import { ReportBuilder } from './validation-report.js';
import { attributeOf, childrenByLocalName, parseXmlDocument, textOf, type XmlElement } from './xml-document.js';

/** When an AU counts as done for its block and course (cmi5 13.1.4). */
export const MOVE_ON_VALUES = ['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;
export type MoveOn = (typeof MOVE_ON_VALUES)[number];

/** The query parameters the LMS adds to an AU's URL at launch: an AU's own URL may not use them (cmi5 8.1). */
export const CMI5_LAUNCH_PARAMETERS = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'] as const;

interface Cmi5Node {
  /** The id the publisher gave it in cmi5.xml (an IRI): what statements name in their context's grouping. */
  publisherId: string;
  /**
   * The id Lectern gives it at import (`urn:uuid:`): the object of statements about it. cmi5 requires
   * the LMS's own ids (8.1.5), so one course imported twice never mixes its learners' records.
   */
  lmsId: string;
  title: LanguageMap;
  description: LanguageMap;
}

export interface Cmi5Au extends Cmi5Node {
  kind: 'au';
  /** The AU's url as written (trimmed): relative to the package root, or an absolute URL of an AU elsewhere. */
  url: string;
  /** The file in the package it names (percent-decoded, without query), or null for an AU elsewhere. */
  launchPath: string | null;
  /** The relative url resolved against the package root (with its own query), or the absolute URL. */
  launchHref: string;
  moveOn: MoveOn;
  /** 0..1, or null when cmi5.xml gives none. */
  masteryScore: number | null;
  launchMethod: 'AnyWindow' | 'OwnWindow';
  launchParameters: string | null;
  entitlementKey: string | null;
  activityType: string | null;
}

export interface Cmi5Block extends Cmi5Node {
  kind: 'block';
  children: (Cmi5Block | Cmi5Au)[];
}

export interface Cmi5Course extends Cmi5Node {
  children: (Cmi5Block | Cmi5Au)[];
}

export interface Cmi5Reading {
  /** Null when the report has errors. */
  course: Cmi5Course | null;
  report: ValidationReport;
}

const MAX_TEXT = 2_000;
const MAX_VALUE = 10_000;
const MAX_NODES = 5_000;

/**
 * Reads a cmi5 course structure (cmi5.xml, cmi5 section 13): the course, its blocks and AUs in
 * order, with moveOn, masteryScore, launchMethod, launchParameters and entitlementKey. Every id
 * must be an absolute IRI and unique in the file (objectives' too); an AU's url is a file in the
 * package or an absolute http(s) URL, and may not use the parameters the launch adds. Names are
 * matched by local name (tools write the namespace or none). Whether a relative url's file exists
 * is the caller's to check against the zip (checkCmi5Files). `newId` gives the LMS ids.
 */
export function parseCmi5Xml(bytes: Buffer, newId: () => string = newLmsId): Cmi5Reading {
  const parsed = parseXmlDocument(bytes);
  if (!parsed.ok) {
    const report = new ReportBuilder();
    report.error(parsed.problem === 'LEARN_MANIFEST_DOCTYPE' ? 'LEARN_CMI5_DOCTYPE' : 'LEARN_CMI5_NOT_WELL_FORMED', 'cmi5.xml', undefined, parsed.note);
    return { course: null, report: report.report };
  }
  return readCourseStructure(parsed.root, newId);
}

const newLmsId = () => `urn:uuid:${randomUUID()}`;

/** parseCmi5Xml of a document parsed already (a course structure uploaded alone is recognised by its root). */
export function readCourseStructure(root: XmlElement, newId: () => string = newLmsId): Cmi5Reading {
  const report = new ReportBuilder();
  if (root.local !== 'courseStructure') {
    report.error('LEARN_CMI5_NOT_COURSE_STRUCTURE', 'cmi5.xml', root.local);
    return { course: null, report: report.report };
  }
  const courseElement = childrenByLocalName(root, 'course')[0];
  if (!courseElement) {
    report.error('LEARN_CMI5_NO_COURSE', 'courseStructure');
    return { course: null, report: report.report };
  }
  const seen = new Set<string>();
  let nodes = 0;
  const idOf = (element: XmlElement, where: string): string => {
    const id = (attributeOf(element, '', 'id') ?? '').trim();
    if (!isAbsoluteIri(id)) report.error('LEARN_CMI5_ID', where, id.slice(0, 200));
    else if (seen.has(id)) report.error('LEARN_CMI5_DUPLICATE_ID', where, id.slice(0, 200));
    seen.add(id);
    return id;
  };
  const nodeOf = (element: XmlElement, where: string): Cmi5Node => ({
    publisherId: idOf(element, where),
    lmsId: newId(),
    title: languageMapOf(childrenByLocalName(element, 'title')),
    description: languageMapOf(childrenByLocalName(element, 'description')),
  });
  // The course structure declares its objectives (each with an id); a block or an AU names those it
  // covers by reference (`<objective idref="…"/>`), which declares no id of its own.
  const objectivesOf = (element: XmlElement, where: string) => {
    for (const list of childrenByLocalName(element, 'objectives')) for (const objective of childrenByLocalName(list, 'objective')) idOf(objective, `${where}/objective`);
  };

  const readAu = (element: XmlElement, where: string): Cmi5Au => {
    const node = nodeOf(element, where);
    const url = (childrenByLocalName(element, 'url')[0]?.text ?? '').trim();
    const target = auTarget(url);
    if (target.kind === 'invalid') report.error('LEARN_CMI5_AU_URL', `${where}/url`, url.slice(0, 200));
    else if (target.reserved !== null) report.error('LEARN_CMI5_AU_URL_PARAMETER', `${where}/url`, target.reserved);
    const moveOnRaw = attributeOf(element, '', 'moveOn')?.trim() ?? 'NotApplicable';
    const moveOn = (MOVE_ON_VALUES as readonly string[]).includes(moveOnRaw) ? (moveOnRaw as MoveOn) : null;
    if (moveOn === null) report.error('LEARN_CMI5_MOVE_ON', `${where}@moveOn`, moveOnRaw.slice(0, 100));
    const masteryRaw = attributeOf(element, '', 'masteryScore')?.trim();
    const masteryScore = masteryRaw === undefined || masteryRaw === '' ? null : Number(masteryRaw);
    if (masteryScore !== null && !(/^[0-9.]+$/.test(masteryRaw!) && masteryScore >= 0 && masteryScore <= 1)) report.error('LEARN_CMI5_MASTERY_SCORE', `${where}@masteryScore`, masteryRaw!.slice(0, 100));
    const methodRaw = attributeOf(element, '', 'launchMethod')?.trim() ?? 'AnyWindow';
    if (methodRaw !== 'AnyWindow' && methodRaw !== 'OwnWindow') report.error('LEARN_CMI5_LAUNCH_METHOD', `${where}@launchMethod`, methodRaw.slice(0, 100));
    const entitlement = childrenByLocalName(element, 'entitlementKey')[0];
    return {
      ...node,
      kind: 'au',
      url,
      launchPath: target.kind === 'inside' ? target.path : null,
      launchHref: target.kind === 'invalid' ? url : target.href,
      moveOn: moveOn ?? 'NotApplicable',
      masteryScore,
      launchMethod: methodRaw === 'OwnWindow' ? 'OwnWindow' : 'AnyWindow',
      launchParameters: textOf(childrenByLocalName(element, 'launchParameters')[0])?.slice(0, MAX_VALUE) ?? null,
      entitlementKey: textOf(entitlement)?.slice(0, MAX_VALUE) ?? null,
      activityType: attributeOf(element, '', 'activityType')?.trim() || null,
    };
  };

  const readChildren = (element: XmlElement, where: string): (Cmi5Block | Cmi5Au)[] => {
    const children: (Cmi5Block | Cmi5Au)[] = [];
    for (const child of element.children) {
      if (child.local !== 'au' && child.local !== 'block') continue;
      if (++nodes > MAX_NODES) {
        if (nodes === MAX_NODES + 1) report.error('LEARN_CMI5_TOO_MANY', where, String(MAX_NODES));
        break;
      }
      const path = `${where}/${child.local}[${children.filter((sibling) => sibling.kind === child.local).length + 1}]`;
      if (child.local === 'au') children.push(readAu(child, path));
      else {
        const node = nodeOf(child, path);
        children.push({ ...node, kind: 'block', children: readChildren(child, path) });
      }
    }
    return children;
  };

  const course: Cmi5Course = { ...nodeOf(courseElement, 'course'), children: [] };
  objectivesOf(root, 'objectives');
  course.children = readChildren(root, 'courseStructure');
  if (!report.hasErrors && cmi5Aus(course).length === 0) report.error('LEARN_CMI5_NO_AU', 'courseStructure');
  return { course: report.hasErrors ? null : course, report: report.report };
}

type AuTarget = { kind: 'inside'; href: string; path: string; reserved: string | null } | { kind: 'external'; href: string; reserved: string | null } | { kind: 'invalid' };

/** Where an AU's url points: a file in the package, an http(s) URL elsewhere, or nowhere usable. */
function auTarget(url: string): AuTarget {
  if (url === '' || url.length > 2_048 || /\s/.test(url)) return { kind: 'invalid' };
  const reservedIn = (query: string): string | null => {
    const names = new URLSearchParams(query).keys();
    for (const name of names) if ((CMI5_LAUNCH_PARAMETERS as readonly string[]).includes(name)) return name;
    return null;
  };
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { kind: 'invalid' };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { kind: 'invalid' };
    return { kind: 'external', href: parsed.href, reserved: reservedIn(parsed.search) };
  }
  const resolved = resolveHref([], url);
  if (resolved.kind !== 'inside' || resolved.path === '') return { kind: 'invalid' };
  return { kind: 'inside', href: resolved.href, path: resolved.path, reserved: reservedIn(resolved.query ?? '') };
}

/** The course's AUs in document order. */
export function cmi5Aus(node: { children: (Cmi5Block | Cmi5Au)[] }): Cmi5Au[] {
  return node.children.flatMap((child) => (child.kind === 'au' ? [child] : cmi5Aus(child)));
}

/** Refuses a course whose AU files are not in the package, and one of AUs only elsewhere with files beside it is fine. */
export function checkCmi5Files(course: Cmi5Course, filePaths: readonly string[], report: ReportBuilder): void {
  const files = new Set(filePaths);
  for (const au of cmi5Aus(course)) {
    if (au.launchPath === null || files.has(au.launchPath)) continue;
    const similar = filePaths.find((file) => file.normalize('NFC').toLowerCase() === au.launchPath!.normalize('NFC').toLowerCase());
    report.error('LEARN_CMI5_AU_MISSING', 'au/url', au.launchPath, similar === undefined ? undefined : { en: `The zip archive has ${similar}.`, de: `Das Zip-Archiv enthält ${similar}.` });
  }
}

/** A course structure sent without a zip (cmi5 14.2): every AU is elsewhere, named by an absolute URL. */
export function checkStandaloneCmi5(course: Cmi5Course, report: ReportBuilder): void {
  for (const au of cmi5Aus(course)) if (au.launchPath !== null) report.error('LEARN_CMI5_AU_NOT_ABSOLUTE', 'au/url', au.url.slice(0, 200));
}

/** cmi5's `<langstring lang="…">` children of a title or description. */
function languageMapOf(elements: readonly XmlElement[]): LanguageMap {
  const map: LanguageMap = {};
  for (const element of elements) {
    for (const string of childrenByLocalName(element, 'langstring')) {
      const text = string.text.trim().replace(/\s+/g, ' ').slice(0, MAX_TEXT);
      if (text === '') continue;
      const language = (attributeOf(string, '', 'lang') ?? 'und').trim() || 'und';
      if (!/^[a-zA-Z0-9-]{1,35}$/.test(language) || Object.hasOwn(map, language)) continue;
      map[language] = text;
    }
  }
  return map;
}

/**
 * The course as a package: blocks as items that launch nothing, AUs as launchable items whose
 * identifiers are their LMS ids, so the player, the dashboards and progress's rollup read it like
 * any package (the course counts as completed when every AU is); what cmi5.xml said is kept
 * beside it under `cmi5`.
 */
export interface Cmi5PackageManifest extends PackageManifest {
  cmi5: Cmi5Course;
}

export function cmi5PackageManifest(course: Cmi5Course): Cmi5PackageManifest {
  const title = textOfLanguageMap(course.title, course.publisherId).slice(0, 500);
  const resources: PackageResource[] = [];
  const itemOf = (node: Cmi5Block | Cmi5Au): PackageItem => {
    const itemTitle = textOfLanguageMap(node.title, node.publisherId).slice(0, 500);
    if (node.kind === 'block') return { ...plainLaunchItem({ identifier: node.lmsId, title: itemTitle, identifierref: null, launchHref: null, launchPath: null }), scormType: null, children: node.children.map(itemOf) };
    const resource = `au-${resources.length + 1}`;
    resources.push({ identifier: resource, type: 'webcontent', scormType: 'sco', href: node.launchHref, base: '', launchHref: node.launchHref, launchPath: node.launchPath, external: node.launchPath === null, files: [], dependencies: [] });
    return plainLaunchItem({ identifier: node.lmsId, title: itemTitle, identifierref: resource, launchHref: node.launchHref, launchPath: node.launchPath });
  };
  const items = course.children.map(itemOf);
  return {
    // Progress rolls the AUs up by SCORM 2004's defaults: the course is completed when every AU is.
    scormVersion: '2004-4th',
    identifier: course.lmsId,
    title,
    defaultOrganization: 'cmi5',
    organizations: [{ identifier: 'cmi5', title, objectivesGlobalToSystem: false, sharedDataGlobalToSystem: false, sequencing: null, items }],
    resources,
    sequencingCollection: {},
    cmi5: course,
  };
}

/** Whether a stored manifest is a cmi5 course's (it carries what cmi5.xml said). */
export function isCmi5Manifest(manifest: PackageManifest): manifest is Cmi5PackageManifest {
  const cmi5 = (manifest as Partial<Cmi5PackageManifest>).cmi5;
  return typeof cmi5 === 'object' && cmi5 !== null && typeof cmi5.lmsId === 'string' && Array.isArray(cmi5.children);
}

import { resolveHref } from './manifest-href.js';
import { plainLaunchItem } from './manifest.js';
import type { PackageManifest, ValidationReport } from './manifest.types.js';
import { ReportBuilder } from './validation-report.js';
import { attributeOf, childrenByLocalName, parseXmlDocument, type XmlElement } from './xml-document.js';

/** The activity type of a whole course (the xAPI vocabulary); authoring tools give it to the activity they launch. */
export const COURSE_ACTIVITY_TYPE = 'http://adlnet.gov/expapi/activities/course';

/** A text in the languages tincan.xml gives it (`lang` attribute, `und` when it names none). */
export type LanguageMap = Record<string, string>;

/** What Lectern keeps of a tincan.xml: the course activity a learner launches. */
export interface TincanCourse {
  /** The course activity's id, an absolute IRI: the object of the statements about the course. */
  activityId: string;
  activityType: string | null;
  name: LanguageMap;
  description: LanguageMap;
  /** The launch file as written in tincan.xml (relative to the package root, with its own query if it has one). */
  launchHref: string;
  /** The file in the package the launch names (percent-decoded, without query). */
  launchPath: string;
}

export interface TincanReading {
  /** Null when the report has errors. */
  course: TincanCourse | null;
  report: ValidationReport;
}

const MAX_TEXT = 2_000;

/**
 * Reads a tincan.xml (the "Tin Can API" export of Storyline, Rise, Lectora, iSpring, Captivate):
 * the activity of type course, or else the first activity with a `<launch>`. Its id must be an
 * absolute IRI and its launch a file inside the package; names are matched by local name, since
 * tools write the tincan namespace or none at all. Whether the launch file exists is the caller's
 * to check against the zip (checkTincanFiles).
 */
export function parseTincanXml(bytes: Buffer): TincanReading {
  const report = new ReportBuilder();
  const parsed = parseXmlDocument(bytes);
  if (!parsed.ok) {
    report.error(parsed.problem === 'LEARN_MANIFEST_DOCTYPE' ? 'LEARN_TINCAN_DOCTYPE' : 'LEARN_TINCAN_NOT_WELL_FORMED', 'tincan.xml', undefined, parsed.note);
    return { course: null, report: report.report };
  }
  if (parsed.root.local !== 'tincan') {
    report.error('LEARN_TINCAN_NOT_TINCAN', 'tincan.xml', parsed.root.local);
    return { course: null, report: report.report };
  }
  const activities = childrenByLocalName(parsed.root, 'activities').flatMap((list) => childrenByLocalName(list, 'activity'));
  const launchable = activities.filter((activity) => childrenByLocalName(activity, 'launch').some((launch) => launch.text.trim() !== ''));
  const chosen = launchable.find((activity) => attributeOf(activity, '', 'type') === COURSE_ACTIVITY_TYPE) ?? launchable[0];
  if (!chosen) {
    report.error('LEARN_TINCAN_NO_LAUNCH', 'activities');
    return { course: null, report: report.report };
  }
  const activityId = (attributeOf(chosen, '', 'id') ?? '').trim();
  if (!isAbsoluteIri(activityId)) report.error('LEARN_TINCAN_ACTIVITY_ID', 'activity@id', activityId.slice(0, 200));
  const launches = childrenByLocalName(chosen, 'launch').filter((launch) => launch.text.trim() !== '');
  const launch = launches.find((element) => /^en\b/i.test(attributeOf(element, '', 'lang') ?? '')) ?? launches[0]!;
  const launchHref = launch.text.trim();
  const resolved = resolveHref([], launchHref);
  if (resolved.kind !== 'inside' || resolved.path === '') {
    report.error('LEARN_TINCAN_LAUNCH_OUTSIDE', 'activity/launch', launchHref.slice(0, 200));
  }
  if (report.hasErrors || resolved.kind !== 'inside') return { course: null, report: report.report };
  return {
    course: {
      activityId,
      activityType: attributeOf(chosen, '', 'type') ?? null,
      name: languageMapOf(childrenByLocalName(chosen, 'name')),
      description: languageMapOf(childrenByLocalName(chosen, 'description')),
      launchHref: resolved.href,
      launchPath: resolved.path,
    },
    report: report.report,
  };
}

/** Refuses a course whose launch file is not in the package (an error in the report). */
export function checkTincanFiles(course: TincanCourse, filePaths: readonly string[], report: ReportBuilder): void {
  if (filePaths.includes(course.launchPath)) return;
  const similar = filePaths.find((file) => file.normalize('NFC').toLowerCase() === course.launchPath.normalize('NFC').toLowerCase());
  report.error('LEARN_TINCAN_LAUNCH_MISSING', 'activity/launch', course.launchPath, similar === undefined ? undefined : { en: `The zip archive has ${similar}.`, de: `Das Zip-Archiv enthält ${similar}.` });
}

/** The course's title: English, else the language-neutral one, else any, else its id. */
export function titleOfTincanCourse(course: TincanCourse): string {
  return textOfLanguageMap(course.name, course.activityId);
}

/** A text in the reader's preference: English, else language-neutral, else any, else the fallback. */
export function textOfLanguageMap(map: LanguageMap, fallback: string): string {
  const english = Object.keys(map).find((language) => /^en\b/i.test(language));
  return (english && map[english]) || map.und || Object.values(map)[0] || fallback;
}

/**
 * The course as a package of one launchable item (the course activity, whose id is the item's
 * identifier), so the player, the dashboards and progress's rollup read it like any package; what
 * tincan.xml said is kept beside it under `xapi`.
 */
export interface XapiPackageManifest extends PackageManifest {
  xapi: TincanCourse;
}

export function xapiPackageManifest(course: TincanCourse): XapiPackageManifest {
  const title = titleOfTincanCourse(course).slice(0, 500);
  return {
    // Progress rolls a single tracked item up by SCORM 2004's defaults: completed and passed as reported.
    scormVersion: '2004-4th',
    identifier: course.activityId,
    title,
    defaultOrganization: 'xapi',
    organizations: [
      {
        identifier: 'xapi',
        title,
        objectivesGlobalToSystem: false,
        sharedDataGlobalToSystem: false,
        sequencing: null,
        items: [plainLaunchItem({ identifier: course.activityId, title, identifierref: 'xapi-launch', launchHref: course.launchHref, launchPath: course.launchPath })],
      },
    ],
    resources: [
      {
        identifier: 'xapi-launch',
        type: 'webcontent',
        scormType: 'sco',
        href: course.launchHref,
        base: '',
        launchHref: course.launchHref,
        launchPath: course.launchPath,
        external: false,
        files: [],
        dependencies: [],
      },
    ],
    sequencingCollection: {},
    xapi: course,
  };
}

/** Whether a stored manifest is an xAPI course's (it carries what tincan.xml said). */
export function isXapiManifest(manifest: PackageManifest): manifest is XapiPackageManifest {
  const xapi = (manifest as Partial<XapiPackageManifest>).xapi;
  return typeof xapi === 'object' && xapi !== null && typeof xapi.activityId === 'string' && typeof xapi.launchHref === 'string';
}

/** An absolute IRI as xAPI requires of activity ids: a scheme, then something, no white space. */
export function isAbsoluteIri(value: string): boolean {
  return value.length <= 2_048 && /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(value);
}

function languageMapOf(elements: readonly XmlElement[]): LanguageMap {
  const map: LanguageMap = {};
  for (const element of elements) {
    const text = element.text.trim().slice(0, MAX_TEXT);
    if (text === '') continue;
    const language = (attributeOf(element, '', 'lang') ?? element.attributes.find((candidate) => candidate.local === 'lang')?.value ?? 'und').trim() || 'und';
    if (!/^[a-zA-Z0-9-]{1,35}$/.test(language) || Object.hasOwn(map, language)) continue;
    map[language] = text;
  }
  return map;
}

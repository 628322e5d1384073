import { randomUUID } from 'node:crypto';
import { CATEGORY, EXTENSION } from '../src/learn/cmi5/cmi5-vocabulary.js';
import type { ZipEntrySpec } from './zip-fixtures.js';

export const CMI5_COURSE_ID = 'https://example.com/cmi5/first-aid';

/** A cmi5.xml: one block with two AUs (the first with a mastery score), one AU at the top level. */
export function cmi5Xml(options: { moveOn?: string; masteryScore?: string; url?: string; extra?: string } = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="${CMI5_COURSE_ID}">
    <title><langstring lang="de">Erste Hilfe</langstring><langstring lang="en-US">First aid</langstring></title>
    <description><langstring lang="en-US">Basics</langstring></description>
  </course>
  <block id="${CMI5_COURSE_ID}/block/basics">
    <title><langstring lang="en-US">Basics</langstring></title>
    <au id="${CMI5_COURSE_ID}/au/check" moveOn="${options.moveOn ?? 'CompletedAndPassed'}" masteryScore="${options.masteryScore ?? '0.8'}" launchMethod="AnyWindow">
      <title><langstring lang="en-US">Check the scene</langstring></title>
      <url><![CDATA[ ${options.url ?? 'check/index.html?lesson=1'} ]]></url>
      <launchParameters>level=basic</launchParameters>
      <entitlementKey>ek-42</entitlementKey>
    </au>
    <au id="${CMI5_COURSE_ID}/au/call" moveOn="Completed">
      <title><langstring lang="en-US">Call for help</langstring></title>
      <url>call/index.html</url>
    </au>
  </block>
  <au id="${CMI5_COURSE_ID}/au/notes" moveOn="NotApplicable">
    <title><langstring lang="en-US">Notes</langstring></title>
    <url>https://cdn.example.com/notes/index.html</url>
  </au>${options.extra ?? ''}
</courseStructure>`;
}

/** The files of a cmi5 package (folder: the course folder zipped as a whole). */
export function cmi5PackageEntries(options: { folder?: string; xml?: string } = {}): ZipEntrySpec[] {
  const folder = options.folder ?? '';
  const page = (title: string) => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
  return [
    { name: `${folder}cmi5.xml`, data: options.xml ?? cmi5Xml() },
    { name: `${folder}check/index.html`, data: page('Check the scene') },
    { name: `${folder}call/index.html`, data: page('Call for help') },
  ];
}

type Json = Record<string, unknown>;

/** A cmi5 defined statement as an AU sends it in its session: about the AU, in the cmi5 category (and moveOn's when asked), with the launch's registration and session id. */
export function cmi5Statement(launch: { actor: unknown; registration: string; activityId: string }, sessionId: string, verb: string, extra: { result?: Json; moveOn?: boolean; extensions?: Json } = {}): Json {
  const categories = [{ id: CATEGORY.cmi5 }, ...(extra.moveOn ? [{ id: CATEGORY.moveOn }] : [])];
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    actor: launch.actor,
    verb: { id: verb },
    object: { objectType: 'Activity', id: launch.activityId },
    ...(extra.result ? { result: extra.result } : {}),
    context: { registration: launch.registration, contextActivities: { category: categories }, extensions: { [EXTENSION.sessionId]: sessionId, ...extra.extensions } },
  };
}

import type { ZipEntrySpec } from './zip-fixtures.js';

export const XAPI_COURSE_ID = 'http://example.com/courses/safety';

/** tincan.xml as Articulate Storyline writes it: one activity per slide, and the course activity with its launch file. */
export function storylineTincanXml(title = 'Safety at work', launch = 'story.html', activityId = XAPI_COURSE_ID): string {
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="${activityId}/slide1" type="http://adlnet.gov/expapi/activities/module">
      <name lang="und">Welcome</name>
      <description lang="und">Welcome</description>
    </activity>
    <activity id="${activityId}" type="http://adlnet.gov/expapi/activities/course">
      <name lang="und">${title}</name>
      <name lang="de-DE">Arbeitssicherheit</name>
      <description lang="und">Course description</description>
      <launch lang="und">${launch}</launch>
    </activity>
  </activities>
</tincan>`;
}

/** The files of a Storyline "Tin Can API" export (folder: the course folder zipped as a whole). */
export function xapiPackageEntries(options: { title?: string; folder?: string; tincan?: string; launchFile?: string } = {}): ZipEntrySpec[] {
  const folder = options.folder ?? '';
  return [
    { name: `${folder}tincan.xml`, data: options.tincan ?? storylineTincanXml(options.title) },
    { name: `${folder}${options.launchFile ?? 'story.html'}`, data: '<!doctype html><title>Story</title><script src="story_content/tincan.js"></script>' },
    { name: `${folder}story_content/tincan.js`, data: '/* the course talks to the LRS named in its launch address */' },
  ];
}

import { describe, expect, it } from 'vitest';
import { checkTincanFiles, isXapiManifest, parseTincanXml, xapiPackageManifest } from './tincan-xml.js';
import { ReportBuilder } from './validation-report.js';
import { storylineTincanXml } from '../../../test/xapi-packages.js';

const STORYLINE_TINCAN = storylineTincanXml();

const codes = (xml: string) => parseTincanXml(Buffer.from(xml)).report.errors.map((error) => error.code);

describe('parseTincanXml', () => {
  it('reads the course activity of a Storyline export: id, names by language, launch file', () => {
    const { course, report } = parseTincanXml(Buffer.from(STORYLINE_TINCAN));
    expect(report.errors).toEqual([]);
    expect(course).toEqual({
      activityId: 'http://example.com/courses/safety',
      activityType: 'http://adlnet.gov/expapi/activities/course',
      name: { und: 'Safety at work', 'de-DE': 'Arbeitssicherheit' },
      description: { und: 'Course description' },
      launchHref: 'story.html',
      launchPath: 'story.html',
    });
  });

  it('takes the first activity with a launch when none is of type course, and reads files without the tincan namespace', () => {
    const { course } = parseTincanXml(
      Buffer.from('<tincan><activities><activity id="urn:x:a"><name>A</name></activity><activity id="https://x.test/b" type="http://adlnet.gov/expapi/activities/module"><launch>content/index%20lms.html?x=1</launch></activity></activities></tincan>'),
    );
    expect(course).toMatchObject({ activityId: 'https://x.test/b', launchHref: 'content/index%20lms.html?x=1', launchPath: 'content/index lms.html' });
  });

  it('refuses what is not a tincan.xml or not XML, with a code each', () => {
    expect(codes('<tincan><activities>')).toEqual(['LEARN_TINCAN_NOT_WELL_FORMED']);
    expect(codes('<!DOCTYPE x [<!ENTITY a "aaaa">]><tincan/>')).toEqual(['LEARN_TINCAN_DOCTYPE']);
    expect(codes('<manifest/>')).toEqual(['LEARN_TINCAN_NOT_TINCAN']);
    expect(codes('<tincan><activities><activity id="https://x.test/c" type="http://adlnet.gov/expapi/activities/course"><launch>  </launch></activity></activities></tincan>')).toEqual(['LEARN_TINCAN_NO_LAUNCH']);
  });

  it('refuses an activity id that is not an absolute IRI', () => {
    for (const id of ['course1', '', '/courses/1', 'http://x.test/a b']) {
      expect(codes(`<tincan><activities><activity id="${id}"><launch>index.html</launch></activity></activities></tincan>`), id).toEqual(['LEARN_TINCAN_ACTIVITY_ID']);
    }
  });

  it('refuses a launch outside the package: another site, "..", an absolute path, javascript:', () => {
    for (const launch of ['https://evil.test/x.html', '../x.html', 'a/../../x.html', '/etc/passwd', 'javascript:alert(1)', '%2e%2e/x.html']) {
      expect(codes(`<tincan><activities><activity id="https://x.test/c"><launch>${launch}</launch></activity></activities></tincan>`), launch).toEqual(['LEARN_TINCAN_LAUNCH_OUTSIDE']);
    }
  });

  it('keeps a name called like an Object property as a language, and drops malformed languages', () => {
    const { course } = parseTincanXml(Buffer.from('<tincan><activities><activity id="https://x.test/c"><name lang="constructor">A</name><name lang="a b">B</name><launch>i.html</launch></activity></activities></tincan>'));
    expect(course?.name).toEqual({ constructor: 'A' });
  });
});

describe('checkTincanFiles and the stored manifest', () => {
  it('refuses a launch file the zip does not have, naming a file that differs only in case', () => {
    const { course } = parseTincanXml(Buffer.from(STORYLINE_TINCAN));
    const report = new ReportBuilder();
    checkTincanFiles(course!, ['Story.html', 'tincan.xml'], report);
    expect(report.report.errors).toMatchObject([{ code: 'LEARN_TINCAN_LAUNCH_MISSING', where: 'activity/launch', detail: 'story.html', message: { en: expect.stringContaining('Story.html') } }]);
  });

  it('stores the course as a package of one item named by the activity id', () => {
    const manifest = xapiPackageManifest(parseTincanXml(Buffer.from(STORYLINE_TINCAN)).course!);
    expect(isXapiManifest(manifest)).toBe(true);
    expect(manifest.title).toBe('Safety at work');
    expect(manifest.organizations[0]!.items).toMatchObject([{ identifier: 'http://example.com/courses/safety', launchHref: 'story.html', scormType: 'sco' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { CMI5_COURSE_ID, cmi5Xml } from '../../../test/cmi5-packages.js';
import { cmi5Aus, cmi5PackageManifest, parseCmi5Xml } from './cmi5-xml.js';

const ids = () => {
  let n = 0;
  return () => `urn:uuid:00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
};

const errorsOf = (xml: string) => parseCmi5Xml(Buffer.from(xml), ids()).report.errors.map((problem) => `${problem.code} ${problem.where}`);

describe('parseCmi5Xml', () => {
  it('reads the course, its block and AUs in order with moveOn, masteryScore, launch method, parameters and entitlement key', () => {
    const { course, report } = parseCmi5Xml(Buffer.from(cmi5Xml()), ids());
    expect(report.errors).toEqual([]);
    expect(course).toMatchObject({ publisherId: CMI5_COURSE_ID, lmsId: 'urn:uuid:00000000-0000-4000-8000-000000000001', title: { de: 'Erste Hilfe', 'en-US': 'First aid' } });
    const [block, notes] = course!.children;
    expect(block).toMatchObject({ kind: 'block', publisherId: `${CMI5_COURSE_ID}/block/basics`, title: { 'en-US': 'Basics' } });
    expect(cmi5Aus(course!).map((au) => [au.publisherId.split('/').pop(), au.moveOn, au.masteryScore, au.launchPath])).toEqual([
      ['check', 'CompletedAndPassed', 0.8, 'check/index.html'],
      ['call', 'Completed', null, 'call/index.html'],
      ['notes', 'NotApplicable', null, null],
    ]);
    expect(cmi5Aus(course!)[0]).toMatchObject({ launchHref: 'check/index.html?lesson=1', launchParameters: 'level=basic', entitlementKey: 'ek-42', launchMethod: 'AnyWindow' });
    expect(notes).toMatchObject({ kind: 'au', launchHref: 'https://cdn.example.com/notes/index.html' });
    // The LMS's own ids, never the publisher's (cmi5 8.1.5).
    expect(new Set(cmi5Aus(course!).map((au) => au.lmsId)).size).toBe(3);
    expect(cmi5Aus(course!).every((au) => au.lmsId.startsWith('urn:uuid:'))).toBe(true);
  });

  it('makes a package whose items are the blocks and AUs (the AUs launchable, by their LMS ids)', () => {
    const manifest = cmi5PackageManifest(parseCmi5Xml(Buffer.from(cmi5Xml()), ids()).course!);
    const [block, notes] = manifest.organizations[0]!.items;
    expect(manifest.title).toBe('First aid');
    expect(block).toMatchObject({ title: 'Basics', launchHref: null, children: [{ title: 'Check the scene', launchHref: 'check/index.html?lesson=1' }, { title: 'Call for help' }] });
    expect(notes).toMatchObject({ identifier: manifest.cmi5.children[1]!.lmsId, launchHref: 'https://cdn.example.com/notes/index.html', launchPath: null });
  });

  it('refuses what cmi5 forbids, naming where', () => {
    expect(errorsOf('<courseStructure><course id="x')).toEqual(['LEARN_CMI5_NOT_WELL_FORMED cmi5.xml']);
    expect(errorsOf('<tincan/>')).toEqual(['LEARN_CMI5_NOT_COURSE_STRUCTURE cmi5.xml']);
    expect(errorsOf('<courseStructure/>')).toEqual(['LEARN_CMI5_NO_COURSE courseStructure']);
    expect(errorsOf('<courseStructure><course id="https://x.test/c"/></courseStructure>')).toEqual(['LEARN_CMI5_NO_AU courseStructure']);
    expect(errorsOf(cmi5Xml().replace(`<course id="${CMI5_COURSE_ID}">`, '<course id="first-aid">'))).toEqual(['LEARN_CMI5_ID course']);
    expect(errorsOf(cmi5Xml().replace(`${CMI5_COURSE_ID}/au/call`, `${CMI5_COURSE_ID}/au/check`))).toEqual(['LEARN_CMI5_DUPLICATE_ID courseStructure/block[1]/au[2]']);
    expect(errorsOf(cmi5Xml({ extra: `<block id="${CMI5_COURSE_ID}/block/basics"><au id="https://x.test/a"><url>a.html</url></au></block>` }))).toEqual(['LEARN_CMI5_DUPLICATE_ID courseStructure/block[2]']);
    expect(errorsOf(cmi5Xml({ url: 'http://example.com index.html' }))).toEqual(['LEARN_CMI5_AU_URL courseStructure/block[1]/au[1]/url']);
    expect(errorsOf(cmi5Xml({ url: '../outside.html' }))).toEqual(['LEARN_CMI5_AU_URL courseStructure/block[1]/au[1]/url']);
    expect(errorsOf(cmi5Xml({ url: 'javascript:alert(1)' }))).toEqual(['LEARN_CMI5_AU_URL courseStructure/block[1]/au[1]/url']);
    expect(errorsOf(cmi5Xml({ url: 'index.html?endpoint=http://example.org/lrs' }))).toEqual(['LEARN_CMI5_AU_URL_PARAMETER courseStructure/block[1]/au[1]/url']);
    expect(errorsOf(cmi5Xml({ moveOn: 'Whenever' }))).toEqual(['LEARN_CMI5_MOVE_ON courseStructure/block[1]/au[1]@moveOn']);
    expect(errorsOf(cmi5Xml({ masteryScore: '80' }))).toEqual(['LEARN_CMI5_MASTERY_SCORE courseStructure/block[1]/au[1]@masteryScore']);
    expect(errorsOf(cmi5Xml({ masteryScore: '-0.1' }))).toEqual(['LEARN_CMI5_MASTERY_SCORE courseStructure/block[1]/au[1]@masteryScore']);
    expect(errorsOf(cmi5Xml().replace('launchMethod="AnyWindow"', 'launchMethod="Popup"'))).toEqual(['LEARN_CMI5_LAUNCH_METHOD courseStructure/block[1]/au[1]@launchMethod']);
    expect(errorsOf('<!DOCTYPE x [<!ENTITY a "b">]><courseStructure/>')).toEqual(['LEARN_CMI5_DOCTYPE cmi5.xml']);
  });

  it('reads objective references of blocks and AUs (idref) as references, not as ids of their own', () => {
    const declared = `<objectives><objective id="https://x.test/o1"><title><langstring>O</langstring></title></objective></objectives>`;
    const referenced = cmi5Xml({ extra: declared })
      .replace('<launchParameters>', '<objectives><objective idref="https://x.test/o1"/></objectives><launchParameters>')
      .replace('<title><langstring lang="en-US">Basics</langstring></title>', '<title><langstring lang="en-US">Basics</langstring></title><objectives><objective idref="https://x.test/o1"/></objectives>');
    expect(referenced).toContain('idref');
    expect(errorsOf(referenced)).toEqual([]);
  });

  it('checks objectives ids too, and defaults moveOn to NotApplicable and launchMethod to AnyWindow', () => {
    const objectives = `<objectives><objective id="https://x.test/o1"><title><langstring>O</langstring></title></objective><objective id="https://x.test/o1"/></objectives>`;
    expect(errorsOf(cmi5Xml({ extra: objectives }))).toEqual(['LEARN_CMI5_DUPLICATE_ID objectives/objective']);
    const { course } = parseCmi5Xml(Buffer.from('<courseStructure><course id="https://x.test/c"/><au id="https://x.test/a"><url>a.html</url></au></courseStructure>'), ids());
    expect(cmi5Aus(course!)[0]).toMatchObject({ moveOn: 'NotApplicable', launchMethod: 'AnyWindow', masteryScore: null, launchParameters: null, entitlementKey: null });
  });
});

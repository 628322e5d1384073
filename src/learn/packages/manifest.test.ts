import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest.js';
import type { PackageItem, PackageManifest, ValidationReport } from './manifest.types.js';

const SCORM12_NS = `xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"`;
const SCORM2004_NS = `xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"`;

function read(xml: string | Buffer): { manifest: PackageManifest; report: ValidationReport } {
  const reading = parseManifest(typeof xml === 'string' ? Buffer.from(xml) : xml);
  if (!reading.manifest) throw new Error(`no manifest: ${JSON.stringify(reading.report.errors)}`);
  return { manifest: reading.manifest, report: reading.report };
}

const codes = (items: { code: string }[]) => items.map((item) => item.code);

function findItem(items: PackageItem[], identifier: string): PackageItem {
  for (const item of items) {
    if (item.identifier === identifier) return item;
    const found = item.children.length > 0 ? tryFind(item.children, identifier) : undefined;
    if (found) return found;
  }
  throw new Error(`no item ${identifier}`);
}

function tryFind(items: PackageItem[], identifier: string): PackageItem | undefined {
  try {
    return findItem(items, identifier);
  } catch {
    return undefined;
  }
}

const scorm12Single = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.safety" version="1.0" ${SCORM12_NS} xml:base="course/">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>Arbeitssicherheit &amp; Brandschutz</title>
      <item identifier="ITEM-1" identifierref="RES-1" parameters="?a=1">
        <title>Lektion 1</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
        <adlcp:datafromlms>mode=review;lang=de</adlcp:datafromlms>
        <adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>
        <adlcp:timelimitaction>exit,message</adlcp:timelimitaction>
        <adlcp:prerequisites type="aicc_script">ITEM-0</adlcp:prerequisites>
      </item>
    </organization>
  </organizations>
  <resources xml:base="content/">
    <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="index.html?lang=de">
      <file href="index.html"/>
      <file href="media/logo.png"/>
    </resource>
  </resources>
</manifest>`;

describe('parseManifest: SCORM 1.2', () => {
  it('reads a single-SCO course with mastery score, LMS data, time limits, parameters and xml:base', () => {
    const { manifest, report } = read(scorm12Single);
    expect(report).toEqual({ errors: [], warnings: [] });
    expect(manifest).toMatchObject({
      scormVersion: '1.2',
      identifier: 'com.example.safety',
      title: 'Arbeitssicherheit & Brandschutz',
      defaultOrganization: 'ORG-1',
    });
    const item = manifest.organizations[0]!.items[0]!;
    expect(item).toMatchObject({
      identifier: 'ITEM-1',
      title: 'Lektion 1',
      identifierref: 'RES-1',
      isVisible: true,
      parameters: '?a=1',
      launchHref: 'course/content/index.html?lang=de&a=1',
      launchPath: 'course/content/index.html',
      scormType: 'sco',
      masteryScore: 80,
      dataFromLms: 'mode=review;lang=de',
      maxTimeAllowed: '00:30:00',
      timeLimitAction: 'exit,message',
      prerequisites: 'ITEM-0',
      sequencing: null,
    });
    expect(manifest.resources[0]).toMatchObject({
      identifier: 'RES-1',
      scormType: 'sco',
      base: 'course/content/',
      launchHref: 'course/content/index.html?lang=de',
      files: [
        { href: 'index.html', path: 'course/content/index.html' },
        { href: 'media/logo.png', path: 'course/content/media/logo.png' },
      ],
    });
  });

  it('reads several SCOs in nested items, hidden items, shared assets and reports unused resources', () => {
    const { manifest, report } = read(`<manifest identifier="M" ${SCORM12_NS}>
      <metadata><schemaversion>1.2</schemaversion></metadata>
      <organizations default="ORG">
        <organization identifier="ORG"><title>Kurs</title>
          <item identifier="MOD-1"><title>Modul 1</title>
            <item identifier="SCO-1" identifierref="R1"><title>Einführung</title></item>
            <item identifier="MOD-1-1"><title>Vertiefung</title>
              <item identifier="SCO-2" identifierref="R2" isvisible="false"><title>Test</title></item>
            </item>
          </item>
          <item identifier="SCO-3" identifierref="R3"><title>Abschluss</title></item>
        </organization>
      </organizations>
      <resources>
        <resource identifier="R1" type="webcontent" adlcp:scormtype="sco" href="sco1/index.html"><dependency identifierref="SHARED"/></resource>
        <resource identifier="R2" type="webcontent" adlcp:scormtype="sco" href="sco2/index.html"/>
        <resource identifier="R3" type="webcontent" adlcp:scormtype="asset" href="end.pdf"/>
        <resource identifier="SHARED" type="webcontent" adlcp:scormtype="asset"><file href="shared/api.js"/></resource>
        <resource identifier="OLD" type="webcontent" adlcp:scormtype="sco" href="old/index.html"/>
      </resources>
    </manifest>`);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'LEARN_MANIFEST_UNUSED_RESOURCE', where: 'resource OLD' })]);
    const items = manifest.organizations[0]!.items;
    expect(items.map((i) => i.identifier)).toEqual(['MOD-1', 'SCO-3']);
    expect(items[0]!.children.map((i) => i.identifier)).toEqual(['SCO-1', 'MOD-1-1']);
    expect(findItem(items, 'MOD-1').launchHref).toBeNull();
    expect(findItem(items, 'SCO-1')).toMatchObject({ launchHref: 'sco1/index.html', scormType: 'sco' });
    expect(findItem(items, 'SCO-2')).toMatchObject({ launchHref: 'sco2/index.html', isVisible: false });
    expect(findItem(items, 'SCO-3')).toMatchObject({ launchHref: 'end.pdf', scormType: 'asset' });
  });

  it('finds ADL elements under any prefix bound to the ADL namespace, and ignores the usual prefix bound elsewhere', () => {
    const { manifest } = read(`<manifest identifier="M" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
        xmlns:foo="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:adlcp="http://example.com/not-adl">
      <organizations default="O"><organization identifier="O"><title>T</title>
        <item identifier="I" identifierref="R"><title>I</title>
          <foo:masteryscore>75</foo:masteryscore>
          <adlcp:datafromlms>not ADL data</adlcp:datafromlms>
        </item>
      </organization></organizations>
      <resources><resource identifier="R" type="webcontent" foo:scormtype="sco" href="a.html"/></resources>
    </manifest>`);
    const item = manifest.organizations[0]!.items[0]!;
    expect(item.masteryScore).toBe(75);
    expect(item.scormType).toBe('sco');
    expect(item.dataFromLms).toBeNull();
  });

  it('reads content-packaging elements under a prefix instead of the default namespace', () => {
    const { manifest, report } = read(`<imscp:manifest identifier="M" xmlns:imscp="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
        xmlns:a="http://www.adlnet.org/xsd/adlcp_rootv1p2">
      <imscp:metadata><imscp:schemaversion>1.2</imscp:schemaversion></imscp:metadata>
      <imscp:organizations default="O"><imscp:organization identifier="O"><imscp:title>Präfix</imscp:title>
        <imscp:item identifier="I" identifierref="R"><imscp:title>I</imscp:title></imscp:item>
      </imscp:organization></imscp:organizations>
      <imscp:resources><imscp:resource identifier="R" type="webcontent" a:scormtype="sco" href="a.html"/></imscp:resources>
    </imscp:manifest>`);
    expect(report.errors).toEqual([]);
    expect(manifest.title).toBe('Präfix');
    expect(manifest.organizations[0]!.items[0]!.launchHref).toBe('a.html');
  });

  it('reports values it cannot use and goes on with the defaults', () => {
    const { manifest, report } = read(scorm12Single.replace('<adlcp:masteryscore>80<', '<adlcp:masteryscore>achtzig<'));
    expect(manifest.organizations[0]!.items[0]!.masteryScore).toBeNull();
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'LEARN_MANIFEST_INVALID_VALUE', where: 'item ITEM-1', detail: 'adlcp:masteryscore="achtzig"' })]);
  });
});

const scorm2004Third = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.seq" version="1" ${SCORM2004_NS}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG" adlseq:objectivesGlobalToSystem="false">
      <title>Sequenzierter Kurs</title>
      <item identifier="PRETEST" identifierref="R-PRE">
        <title>Eingangstest</title>
        <adlcp:completionThreshold>0.8</adlcp:completionThreshold>
        <adlcp:timeLimitAction>continue,no message</adlcp:timeLimitAction>
        <adlcp:dataFromLMS>start=1</adlcp:dataFromLMS>
        <imsss:sequencing IDRef="SHARED">
          <imsss:limitConditions attemptLimit="2" attemptAbsoluteDurationLimit="PT1H30M"/>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="PRE-OBJ" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>
              <imsss:mapInfo targetObjectiveID="GLOBAL-PRE" writeSatisfiedStatus="true"/>
            </imsss:primaryObjective>
            <imsss:objective objectiveID="SECONDARY"/>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
      <item identifier="LESSON" identifierref="R-LESSON">
        <title>Lektion</title>
        <imsss:sequencing>
          <imsss:sequencingRules>
            <imsss:preConditionRule>
              <imsss:ruleConditions conditionCombination="any">
                <imsss:ruleCondition referencedObjective="PRE-OBJ" condition="satisfied"/>
                <imsss:ruleCondition operator="not" condition="attempted"/>
              </imsss:ruleConditions>
              <imsss:ruleAction action="skip"/>
            </imsss:preConditionRule>
          </imsss:sequencingRules>
          <imsss:deliveryControls tracked="true" completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="false" flow="true"/>
        <imsss:rollupRules objectiveMeasureWeight="0.5">
          <imsss:rollupRule childActivitySet="atLeastCount" minimumCount="1">
            <imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions>
            <imsss:rollupAction action="satisfied"/>
          </imsss:rollupRule>
        </imsss:rollupRules>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R-PRE" type="webcontent" adlcp:scormType="sco" href="pre/index.html"><file href="pre/index.html"/></resource>
    <resource identifier="R-LESSON" type="webcontent" adlcp:scormType="sco" href="lesson/index.html"/>
  </resources>
  <imsss:sequencingCollection>
    <imsss:sequencing ID="SHARED">
      <imsss:controlMode choice="true" flow="true" forwardOnly="true"/>
      <imsss:limitConditions attemptLimit="5"/>
    </imsss:sequencing>
  </imsss:sequencingCollection>
</manifest>`;

describe('parseManifest: a course of assets only', () => {
  const manifestOf = (types: string[]) => `<?xml version="1.0"?>
<manifest identifier="M" ${SCORM12_NS}>
  <metadata><schemaversion>1.2</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>Handbook</title>
    ${types.map((_, i) => `<item identifier="I${i}" identifierref="R${i}"><title>Page ${i}</title></item>`).join('')}
  </organization></organizations>
  <resources>${types.map((type, i) => `<resource identifier="R${i}" type="webcontent" adlcp:scormtype="${type}" href="p${i}.html"/>`).join('')}</resources>
</manifest>`;

  it('imports with a warning that the items count as completed once opened', () => {
    const { report } = read(manifestOf(['asset', 'asset']));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'LEARN_MANIFEST_ONLY_ASSETS', where: 'organization O' })]);
    expect(report.warnings[0]!.message.de).toContain('sobald die Lernenden es geöffnet haben');
  });

  it('gives no such warning when one item is a SCO', () => {
    expect(codes(read(manifestOf(['asset', 'sco'])).report.warnings)).toEqual([]);
  });
});

describe('parseManifest: SCORM 2004', () => {
  it('reads a 3rd-edition course with sequencing: control mode, objectives, limits, rules, rollup and the collection', () => {
    const { manifest, report } = read(scorm2004Third);
    expect(report).toEqual({ errors: [], warnings: [] });
    expect(manifest.scormVersion).toBe('2004-3rd');
    const organization = manifest.organizations[0]!;
    expect(organization.objectivesGlobalToSystem).toBe(false);
    expect(organization.sequencing?.controlMode).toEqual({
      choice: false,
      choiceExit: true,
      flow: true,
      forwardOnly: false,
      useCurrentAttemptObjectiveInfo: true,
      useCurrentAttemptProgressInfo: true,
    });
    expect(organization.sequencing?.rollupRules).toEqual({
      rollupObjectiveSatisfied: true,
      rollupProgressCompletion: true,
      objectiveMeasureWeight: 0.5,
      rules: [{ childActivitySet: 'atLeastCount', minimumCount: 1, minimumPercent: 0, conditionCombination: 'any', conditions: [{ condition: 'satisfied', operator: 'noOp' }], action: 'satisfied' }],
    });

    const pretest = organization.items[0]!;
    expect(pretest).toMatchObject({
      launchHref: 'pre/index.html',
      scormType: 'sco',
      dataFromLms: 'start=1',
      timeLimitAction: 'continue,no message',
      maxTimeAllowed: 'PT1H30M',
      completionThreshold: { minProgressMeasure: 0.8, completedByMeasure: true, progressWeight: 1 },
    });
    // The item's own limit conditions replace the collection's; its control mode comes from the collection.
    expect(pretest.sequencing?.limitConditions).toEqual({ attemptLimit: 2, attemptAbsoluteDurationLimit: 'PT1H30M' });
    expect(pretest.sequencing?.controlMode).toMatchObject({ choice: true, flow: true, forwardOnly: true });
    expect(pretest.sequencing?.objectives).toEqual([
      {
        id: 'PRE-OBJ',
        primary: true,
        satisfiedByMeasure: true,
        minNormalizedMeasure: 0.6,
        mapInfo: [{ targetObjectiveId: 'GLOBAL-PRE', readSatisfiedStatus: true, readNormalizedMeasure: true, writeSatisfiedStatus: true, writeNormalizedMeasure: false }],
      },
      { id: 'SECONDARY', primary: false, satisfiedByMeasure: false, minNormalizedMeasure: 1, mapInfo: [] },
    ]);
    expect(manifest.sequencingCollection['SHARED']?.limitConditions).toEqual({ attemptLimit: 5, attemptAbsoluteDurationLimit: null });

    const lesson = organization.items[1]!;
    expect(lesson.sequencing?.sequencingRules).toEqual([
      {
        kind: 'pre',
        conditionCombination: 'any',
        conditions: [
          { condition: 'satisfied', operator: 'noOp', referencedObjective: 'PRE-OBJ', measureThreshold: null },
          { condition: 'attempted', operator: 'not', referencedObjective: null, measureThreshold: null },
        ],
        action: 'skip',
      },
    ]);
    expect(lesson.sequencing?.deliveryControls).toEqual({ tracked: true, completionSetByContent: true, objectiveSetByContent: true });
    expect(lesson.sequencing?.controlMode).toBeNull();
  });

  it('reads a 4th-edition course: completion threshold attributes, hidden LMS buttons, forward-only flow', () => {
    const { manifest, report } = read(`<manifest identifier="M4" ${SCORM2004_NS}>
      <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
      <organizations default="O"><organization identifier="O" adlcp:sharedDataGlobalToSystem="false"><title>Vierte</title>
        <item identifier="I1" identifierref="R1"><title>Teil 1</title>
          <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.75" progressWeight="0.5"/>
          <imsss:sequencing>
            <imsss:limitConditions attemptLimit="1"/>
            <imsss:objectives><imsss:primaryObjective objectiveID="P1" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.9</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>
          </imsss:sequencing>
          <adlnav:presentation><adlnav:navigationInterface>
            <adlnav:hideLMSUI>continue</adlnav:hideLMSUI><adlnav:hideLMSUI>previous</adlnav:hideLMSUI>
          </adlnav:navigationInterface></adlnav:presentation>
        </item>
        <imsss:sequencing><imsss:controlMode choice="false" choiceExit="false" flow="true" forwardOnly="true"/></imsss:sequencing>
      </organization></organizations>
      <resources><resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="one.html"/></resources>
    </manifest>`);
    expect(report).toEqual({ errors: [], warnings: [] });
    expect(manifest.scormVersion).toBe('2004-4th');
    expect(manifest.organizations[0]!.sharedDataGlobalToSystem).toBe(false);
    expect(manifest.organizations[0]!.sequencing?.controlMode).toMatchObject({ choice: false, choiceExit: false, flow: true, forwardOnly: true });
    const item = manifest.organizations[0]!.items[0]!;
    expect(item.completionThreshold).toEqual({ minProgressMeasure: 0.75, completedByMeasure: true, progressWeight: 0.5 });
    expect(item.hideLmsUi).toEqual(['continue', 'previous']);
    expect(item.sequencing?.limitConditions?.attemptLimit).toBe(1);
    expect(item.sequencing?.objectives[0]).toMatchObject({ id: 'P1', primary: true, satisfiedByMeasure: true, minNormalizedMeasure: 0.9 });
  });

  it('reads sequencing written in a default namespace instead of a prefix', () => {
    const { manifest } = read(`<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
      <metadata><schemaversion>2004 3rd Edition</schemaversion></metadata>
      <organizations><organization identifier="O"><title>T</title>
        <item identifier="I" identifierref="R"><title>I</title>
          <sequencing xmlns="http://www.imsglobal.org/xsd/imsss"><controlMode flow="true" choice="false"/></sequencing>
        </item>
      </organization></organizations>
      <resources><resource identifier="R" type="webcontent" scormType="sco" xmlns:x="http://www.adlnet.org/xsd/adlcp_v1p3" x:scormType="sco" href="a.html"/></resources>
    </manifest>`);
    expect(manifest.defaultOrganization).toBe('O');
    expect(manifest.organizations[0]!.items[0]!.sequencing?.controlMode).toMatchObject({ flow: true, choice: false });
    expect(manifest.organizations[0]!.items[0]!.scormType).toBe('sco');
  });

  it('reports an IDRef to no entry of the sequencing collection', () => {
    const reading = parseManifest(Buffer.from(scorm2004Third.replace('IDRef="SHARED"', 'IDRef="NOPE"')));
    expect(reading.report.errors).toEqual([expect.objectContaining({ code: 'LEARN_MANIFEST_UNKNOWN_SEQUENCING', where: 'item PRETEST', detail: 'NOPE' })]);
  });

  it('infers the version from the namespaces when schemaversion is missing, with a warning', () => {
    const { manifest, report } = read(scorm2004Third.replace('<schemaversion>2004 3rd Edition</schemaversion>', ''));
    expect(manifest.scormVersion).toBe('2004-3rd');
    expect(codes(report.warnings)).toEqual(['LEARN_MANIFEST_UNKNOWN_VERSION']);
    const old = read(scorm12Single.replace('<schemaversion>1.2</schemaversion>', '<schemaversion>SCORM eins</schemaversion>'));
    expect(old.manifest.scormVersion).toBe('1.2');
    expect(old.report.warnings[0]).toMatchObject({ code: 'LEARN_MANIFEST_UNKNOWN_VERSION', detail: 'schemaversion="SCORM eins"' });
    expect(old.report.warnings[0]!.message.en).toMatch(/ Read as SCORM 1\.2\.$/);
    expect(old.report.warnings[0]!.message.de).toMatch(/ Gelesen als SCORM 1\.2\.$/);
  });
});

describe('parseManifest: documents refused before or while parsing', () => {
  const refusal = (xml: string | Buffer) => {
    const reading = parseManifest(typeof xml === 'string' ? Buffer.from(xml) : xml);
    expect(reading.manifest).toBeNull();
    return reading.report.errors;
  };

  it('a DOCTYPE with an external entity (XXE)', () => {
    const errors = refusal(`<?xml version="1.0"?>
      <!DOCTYPE manifest [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
      <manifest identifier="M"><organizations/><resources/><title>&xxe;</title></manifest>`);
    expect(errors).toEqual([expect.objectContaining({ code: 'LEARN_MANIFEST_DOCTYPE', where: 'imsmanifest.xml' })]);
  });

  it('a billion-laughs entity bomb', () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const errors = refusal(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><manifest identifier="&lol9;"/>`);
    expect(codes(errors)).toEqual(['LEARN_MANIFEST_DOCTYPE']);
  });

  it('text that is not well-formed XML, with the line of the problem', () => {
    const errors = refusal('<manifest identifier="M">\n<organizations>\n</manifest>');
    expect(errors[0]).toMatchObject({ code: 'LEARN_MANIFEST_NOT_WELL_FORMED' });
    // The place in both languages; the parser's own English wording is not passed on.
    expect(errors[0]!.message.en).toMatch(/ Line 3, column \d+\.$/);
    expect(errors[0]!.message.de).toMatch(/ Zeile 3, Spalte \d+\.$/);
    expect(errors[0]!.detail).toBeUndefined();
  });

  it('an entity that XML does not define', () => {
    expect(codes(refusal('<manifest identifier="M"><title>A&nbsp;B</title></manifest>'))).toEqual(['LEARN_MANIFEST_NOT_WELL_FORMED']);
  });

  it('a prefix that is not declared', () => {
    const errors = refusal('<manifest identifier="M"><adlcp:masteryscore>1</adlcp:masteryscore></manifest>');
    expect(errors[0]).toMatchObject({ code: 'LEARN_MANIFEST_NOT_WELL_FORMED' });
    expect(errors[0]!.message.en).toContain('The prefix "adlcp" of <adlcp:masteryscore> is not declared.');
    expect(errors[0]!.message.de).toContain('Das Präfix „adlcp“ von <adlcp:masteryscore> ist nicht deklariert.');
  });

  it('bytes that are not valid in the declared encoding', () => {
    const errors = refusal(Buffer.concat([Buffer.from('<manifest identifier="'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('"/>')]));
    expect(errors[0]).toMatchObject({ code: 'LEARN_MANIFEST_NOT_WELL_FORMED' });
    expect(errors[0]!.message.de).toContain('Die Bytes sind kein gültiges utf-8.');
  });

  it('a document whose root is not <manifest>', () => {
    expect(refusal('<html><body/></html>')[0]).toMatchObject({ code: 'LEARN_MANIFEST_NOT_A_MANIFEST', detail: '<html>' });
  });
});

describe('parseManifest: text encodings and character references', () => {
  it('decodes ISO-8859-1 manifests, UTF-16 with a byte-order mark and character references', () => {
    const latin1 = Buffer.from(scorm12Single.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('Lektion 1', 'Übung &#x2013; 1'), 'latin1');
    expect(read(latin1).manifest.organizations[0]!.items[0]!.title).toBe('Übung – 1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(scorm12Single.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]);
    expect(read(utf16).manifest.title).toBe('Arbeitssicherheit & Brandschutz');
  });
});

describe('parseManifest: errors that stop an import and warnings that do not', () => {
  const manifest12 = (organizations: string, resources: string) =>
    `<manifest identifier="M" ${SCORM12_NS}><metadata><schemaversion>1.2</schemaversion></metadata>
      <organizations default="O">${organizations}</organizations><resources>${resources}</resources></manifest>`;
  const oneItem = (attributes: string) => `<organization identifier="O"><title>T</title><item identifier="I" ${attributes}><title>I</title></item></organization>`;

  it('no organization and no SCO', () => {
    const { report } = parseManifest(Buffer.from(manifest12('', '<resource identifier="R" type="webcontent" adlcp:scormtype="asset" href="a.pdf"/>')));
    expect(codes(report.errors)).toEqual(['LEARN_MANIFEST_NO_CONTENT']);
  });

  it('no organization but SCOs: one item per SCO, with a warning', () => {
    const { manifest, report } = read(
      manifest12('', '<resource identifier="A" type="webcontent" adlcp:scormtype="sco" href="a.html"/><resource identifier="B" type="webcontent" adlcp:scormtype="sco" href="b.html"/>'),
    );
    expect(report.errors).toEqual([]);
    // The helper's organizations element names a default "O" that does not exist.
    expect(codes(report.warnings)).toEqual(['LEARN_MANIFEST_NO_ORGANIZATION', 'LEARN_MANIFEST_UNKNOWN_DEFAULT_ORGANIZATION']);
    expect(manifest.defaultOrganization).toBe('ORG-DEFAULT');
    expect(manifest.organizations[0]!.items.map((i) => [i.identifier, i.launchHref])).toEqual([
      ['ITEM-A', 'a.html'],
      ['ITEM-B', 'b.html'],
    ]);
  });

  it('an identifierref to no resource', () => {
    const { report } = parseManifest(Buffer.from(manifest12(oneItem('identifierref="GONE"'), '<resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="a.html"/>')));
    expect(report.errors).toEqual([
      expect.objectContaining({ code: 'LEARN_MANIFEST_UNKNOWN_RESOURCE', where: 'item I', detail: 'GONE' }),
      expect.objectContaining({ code: 'LEARN_MANIFEST_NO_CONTENT' }),
    ]);
  });

  it('a launch href outside the package', () => {
    const { report } = parseManifest(Buffer.from(manifest12(oneItem('identifierref="R"'), '<resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="../../outside.html"/>')));
    expect(report.errors[0]).toMatchObject({ code: 'LEARN_MANIFEST_OUTSIDE_PACKAGE', where: 'resource R', detail: '../../outside.html' });
    expect(report.errors[0]!.message.de).toMatch(/ „\.\.“ über der obersten Ebene des Pakets\.$/);
    expect(report.errors[0]!.message.de).toContain('außerhalb des Pakets');
  });

  it('an xml:base that leads outside, and a listed file with an absolute path', () => {
    const { report } = parseManifest(
      Buffer.from(manifest12(oneItem('identifierref="R"'), '<resource identifier="R" type="webcontent" adlcp:scormtype="sco" xml:base="../" href="a.html"><file href="/etc/passwd"/></resource>')),
    );
    expect(report.errors.map((e) => [e.code, e.where])).toEqual([
      ['LEARN_MANIFEST_OUTSIDE_PACKAGE', 'resource R'],
      ['LEARN_MANIFEST_OUTSIDE_PACKAGE', 'resource R file /etc/passwd'],
      ['LEARN_MANIFEST_NO_CONTENT', 'imsmanifest.xml'],
    ]);
  });

  it('a SCO on another web site is an error; an asset there is a warning', () => {
    const sco = parseManifest(Buffer.from(manifest12(oneItem('identifierref="R"'), '<resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="https://evil.example/sco.html"/>')));
    expect(codes(sco.report.errors)).toContain('LEARN_MANIFEST_EXTERNAL_SCO');
    const asset = read(manifest12(oneItem('identifierref="R"'), '<resource identifier="R" type="webcontent" adlcp:scormtype="asset" href="https://video.example/intro.mp4"/>'));
    expect(asset.report.errors).toEqual([]);
    expect(codes(asset.report.warnings)).toEqual(['LEARN_MANIFEST_EXTERNAL_REFERENCE', 'LEARN_MANIFEST_ONLY_ASSETS']);
    expect(asset.manifest.organizations[0]!.items[0]!).toMatchObject({ launchHref: 'https://video.example/intro.mp4', launchPath: null });
  });

  it('an item referring to a resource without href', () => {
    const { report } = parseManifest(Buffer.from(manifest12(oneItem('identifierref="R"'), '<resource identifier="R" type="webcontent" adlcp:scormtype="sco"/>')));
    expect(codes(report.errors)).toEqual(['LEARN_MANIFEST_NO_LAUNCH', 'LEARN_MANIFEST_NO_CONTENT']);
  });

  it('identifiers used twice, and ones missing', () => {
    const { report } = parseManifest(
      Buffer.from(
        manifest12(
          `<organization identifier="O"><title>T</title><item identifier="R" identifierref="R"><title>I</title></item><item><title>x</title></item></organization>`,
          '<resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="a.html"/>',
        ),
      ),
    );
    expect(report.errors.map((e) => [e.code, e.where])).toEqual([
      ['LEARN_MANIFEST_DUPLICATE_IDENTIFIER', 'item R'],
      ['LEARN_MANIFEST_MISSING_IDENTIFIER', 'item #2 under O'],
    ]);
  });

  it('warns about missing titles, a missing scormtype, an unknown default organization and an unknown dependency', () => {
    const { manifest, report } = read(
      `<manifest identifier="M" ${SCORM12_NS}><metadata><schemaversion>1.2</schemaversion></metadata>
        <organizations default="NOPE"><organization identifier="O"><item identifier="I" identifierref="R"/></organization></organizations>
        <resources><resource identifier="R" type="webcontent" href="a.html"><dependency identifierref="GHOST"/></resource></resources></manifest>`,
    );
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => [w.code, w.where])).toEqual([
      ['LEARN_MANIFEST_SCORMTYPE_MISSING', 'resource R'],
      ['LEARN_MANIFEST_MISSING_TITLE', 'organization O'],
      ['LEARN_MANIFEST_MISSING_TITLE', 'item I'],
      ['LEARN_MANIFEST_UNKNOWN_DEPENDENCY', 'resource R'],
      ['LEARN_MANIFEST_UNKNOWN_DEFAULT_ORGANIZATION', 'imsmanifest.xml'],
      // The resource without scormtype is an asset, the only item of the course.
      ['LEARN_MANIFEST_ONLY_ASSETS', 'organization O'],
    ]);
    expect(manifest.defaultOrganization).toBe('O');
    expect(manifest.organizations[0]!.items[0]!.title).toBe('I');
    expect(manifest.title).toBe('O');
  });

  it('reads a manifest without any namespace, and warns about it, nested manifests and 2004 clusters with a resource', () => {
    const { manifest, report } = read(`<manifest identifier="M" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
      <metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
      <organizations><organization identifier="O"><title>T</title>
        <item identifier="PARENT" identifierref="R"><title>P</title><item identifier="CHILD" identifierref="R"><title>C</title></item></item>
      </organization></organizations>
      <resources><resource identifier="R" type="webcontent" adlcp:scormType="sco" href="a.html"/></resources>
      <manifest identifier="SUB"/>
    </manifest>`);
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => [w.code, w.where])).toEqual([
      ['LEARN_MANIFEST_UNKNOWN_NAMESPACE', 'imsmanifest.xml'],
      ['LEARN_MANIFEST_SUBMANIFEST_IGNORED', 'imsmanifest.xml'],
      ['LEARN_MANIFEST_CLUSTER_WITH_RESOURCE', 'item PARENT'],
    ]);
    expect(findItem(manifest.organizations[0]!.items, 'CHILD').launchHref).toBe('a.html');
  });

  it('takes the LOM title when the organization has none', () => {
    const { manifest } = read(`<manifest identifier="M" ${SCORM12_NS} xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1">
      <metadata><schemaversion>1.2</schemaversion><imsmd:lom><imsmd:general><imsmd:title><imsmd:langstring xml:lang="de">Datenschutz 2025</imsmd:langstring></imsmd:title></imsmd:general></imsmd:lom></metadata>
      <organizations default="O"><organization identifier="O"><item identifier="I" identifierref="R"><title>x</title></item></organization></organizations>
      <resources><resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="a.html"/></resources></manifest>`);
    expect(manifest.title).toBe('Datenschutz 2025');
  });

  it('warns when a parameters fragment cannot apply and when xml:base lacks its slash', () => {
    const { manifest, report } = read(manifest12(oneItem('identifierref="R" parameters="#part2"'), '<resource identifier="R" type="webcontent" adlcp:scormtype="sco" xml:base="sco" href="a.html#intro"/>'));
    expect(manifest.organizations[0]!.items[0]!.launchHref).toBe('sco/a.html#intro');
    expect(codes(report.warnings)).toEqual(['LEARN_MANIFEST_BASE_WITHOUT_SLASH', 'LEARN_MANIFEST_PARAMETERS_IGNORED']);
  });
});

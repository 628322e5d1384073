import { initialCmi } from './initial-cmi.js';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../packages/manifest.js';
import { SCORM2004_NS } from '../../../test/scorm-packages.js';
import { courseStructure } from './course-structure.js';
import { mapScorm12, mapScorm2004, NO_RULES, scoProgressStatus } from './progress-mapping.js';
import { formatScorm12Time, parseIsoDuration, parseScorm12Time } from './scorm-time.js';

const core = (values: Record<string, unknown>) => ({ core: values });

describe('SCORM 1.2 mapping', () => {
  it.each([
    ['passed', 'completed', 'passed', 'passed'],
    ['failed', 'completed', 'failed', 'failed'],
    ['completed', 'completed', 'unknown', 'completed'],
    ['incomplete', 'incomplete', 'unknown', 'in_progress'],
    ['browsed', 'incomplete', 'unknown', 'in_progress'],
    ['not attempted', 'not_attempted', 'unknown', 'in_progress'],
    ['', 'not_attempted', 'unknown', 'in_progress'],
  ])('lesson_status "%s" -> completion %s, success %s, status %s', (status, completion, success, progress) => {
    const result = mapScorm12(core({ lesson_status: status }));
    expect(result).toMatchObject({ completion, success, scorePercent: null });
    expect(scoProgressStatus(result)).toBe(progress);
  });

  it.each([
    // status, raw, mastery -> success
    ['completed', '80', 80, 'passed'],
    ['completed', '79.5', 80, 'failed'],
    ['passed', '50', 80, 'failed'],
    ['failed', '95', 80, 'passed'],
    ['not attempted', '90', 80, 'passed'],
    ['', '10', 80, 'failed'],
  ])('applies the mastery score: "%s" with raw %s and mastery %d -> %s', (status, raw, masteryScore, success) => {
    const result = mapScorm12(core({ lesson_status: status, score: { raw } }), { ...NO_RULES, masteryScore });
    expect(result.success).toBe(success);
    expect(result.completion).toBe('completed');
  });

  it('leaves a SCO that says "incomplete" (or "browsed") unjudged even with a raw score and a mastery score', () => {
    for (const status of ['incomplete', 'browsed']) {
      expect(mapScorm12(core({ lesson_status: status, score: { raw: '95' } }), { ...NO_RULES, masteryScore: 80 })).toMatchObject({ completion: 'incomplete', success: 'unknown', scorePercent: 95 });
    }
  });

  it('does not judge without a mastery score, or without a raw score', () => {
    expect(mapScorm12(core({ lesson_status: 'completed', score: { raw: '10' } })).success).toBe('unknown');
    expect(mapScorm12(core({ lesson_status: 'completed', score: { raw: '' } }), { ...NO_RULES, masteryScore: 80 }).success).toBe('unknown');
  });

  it('scales the raw score by min and max, clamps it to 0..100, and ignores non-numbers', () => {
    expect(mapScorm12(core({ score: { raw: '15', min: '0', max: '20' } })).scorePercent).toBe(75);
    expect(mapScorm12(core({ score: { raw: '30', min: '10', max: '50' } })).scorePercent).toBe(50);
    expect(mapScorm12(core({ score: { raw: '85', min: '', max: '' } })).scorePercent).toBe(85);
    expect(mapScorm12(core({ score: { raw: '150' } })).scorePercent).toBe(100);
    expect(mapScorm12(core({ score: { raw: 'abc' } })).scorePercent).toBeNull();
    expect(mapScorm12({}).scorePercent).toBeNull();
  });

  it('takes the total time (launch total plus this session) or else the session time', () => {
    expect(mapScorm12(core({ total_time: '0001:02:03.50', session_time: '00:00:10' })).totalTimeSeconds).toBe(3724);
    expect(mapScorm12(core({ session_time: '00:05:00' })).totalTimeSeconds).toBe(300);
    expect(mapScorm12(core({ session_time: 'garbage' })).totalTimeSeconds).toBe(0);
    expect(parseScorm12Time('12:00:00')).toBe(43_200);
    expect(formatScorm12Time(3725.9)).toBe('0001:02:05');
  });
});

describe('SCORM 2004 mapping', () => {
  it.each([
    ['completed', 'passed', 'completed', 'passed', 'passed'],
    ['completed', 'failed', 'completed', 'failed', 'failed'],
    ['incomplete', 'passed', 'incomplete', 'passed', 'passed'],
    ['completed', 'unknown', 'completed', 'unknown', 'completed'],
    ['incomplete', 'unknown', 'incomplete', 'unknown', 'in_progress'],
    ['not attempted', 'unknown', 'not_attempted', 'unknown', 'in_progress'],
    ['unknown', 'unknown', 'unknown', 'unknown', 'in_progress'],
    ['nonsense', 'nonsense', 'unknown', 'unknown', 'in_progress'],
  ])('completion "%s" + success "%s" -> %s / %s -> %s', (completionStatus, successStatus, completion, success, progress) => {
    const result = mapScorm2004({ completion_status: completionStatus, success_status: successStatus });
    expect(result).toMatchObject({ completion, success });
    expect(scoProgressStatus(result)).toBe(progress);
  });

  it('judges completion by the completion threshold when the SCO reports a progress measure', () => {
    const rules = { ...NO_RULES, completionThreshold: 0.8 };
    expect(mapScorm2004({ completion_status: 'unknown', progress_measure: '0.8' }, rules).completion).toBe('completed');
    expect(mapScorm2004({ completion_status: 'completed', progress_measure: '0.5' }, rules).completion).toBe('incomplete');
    expect(mapScorm2004({ completion_status: 'completed' }, rules).completion).toBe('completed');
  });

  it('judges success by the scaled passing score when the SCO reports a scaled score', () => {
    const rules = { ...NO_RULES, scaledPassingScore: 0.7 };
    expect(mapScorm2004({ success_status: 'unknown', score: { scaled: '0.7' } }, rules).success).toBe('passed');
    expect(mapScorm2004({ success_status: 'passed', score: { scaled: '0.69' } }, rules).success).toBe('failed');
    expect(mapScorm2004({ success_status: 'failed' }, rules).success).toBe('failed');
  });

  it('takes the score from scaled, else raw within min/max; negative scaled scores count as 0 %', () => {
    expect(mapScorm2004({ score: { scaled: '0.875', raw: '10' } }).scorePercent).toBe(87.5);
    expect(mapScorm2004({ score: { raw: '8', min: '0', max: '10' } }).scorePercent).toBe(80);
    expect(mapScorm2004({ score: { scaled: '-0.5' } }).scorePercent).toBe(0);
  });

  it('reads ISO 8601 durations', () => {
    expect(parseIsoDuration('PT1H2M3.5S')).toBe(3723.5);
    expect(parseIsoDuration('P1DT1S')).toBe(86_401);
    expect(parseIsoDuration('PT')).toBe(0);
    expect(parseIsoDuration('1H')).toBe(0);
    expect(mapScorm2004({ total_time: 'PT10M', session_time: 'PT1M' }).totalTimeSeconds).toBe(600);
    expect(mapScorm2004({ session_time: 'PT90S' }).totalTimeSeconds).toBe(90);
  });
});

describe('course structure from a SCORM 2004 manifest', () => {
  it('reads the control mode, thresholds, the scaled passing score and rollup exclusions', () => {
    const xml = `<?xml version="1.0"?>
<manifest identifier="m" version="1" ${SCORM2004_NS}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Course</title>
      <item identifier="MODULE"><title>Module</title>
        <item identifier="READ" identifierref="R1"><title>Reading</title>
          <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.75"/>
          <imsss:sequencing><imsss:rollupRules rollupObjectiveSatisfied="false"/></imsss:sequencing>
        </item>
        <item identifier="TEST" identifierref="R2"><title>Test</title>
          <imsss:sequencing>
            <imsss:sequencingRules>
              <imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="satisfied"/></imsss:ruleConditions><imsss:ruleAction action="skip"/></imsss:preConditionRule>
              <imsss:postConditionRule><imsss:ruleConditions conditionCombination="any"><imsss:ruleCondition referencedObjective="p" condition="objectiveMeasureGreaterThan" measureThreshold="0.5"/><imsss:ruleCondition referencedObjective="global-pretest" operator="not" condition="satisfied"/></imsss:ruleConditions><imsss:ruleAction action="continue"/></imsss:postConditionRule>
              <imsss:exitConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="completed"/></imsss:ruleConditions><imsss:ruleAction action="exit"/></imsss:exitConditionRule>
            </imsss:sequencingRules>
            <imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure></imsss:primaryObjective><imsss:objective objectiveID="unmapped"/></imsss:objectives></imsss:sequencing>
        </item>
        <imsss:sequencing><imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions><imsss:ruleAction action="hiddenFromChoice"/></imsss:preConditionRule></imsss:sequencingRules></imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode choice="false" flow="true" forwardOnly="true"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="read.html"><file href="read.html"/></resource>
    <resource identifier="R2" type="webcontent" adlcp:scormType="sco" href="test.html"><file href="test.html"/></resource>
  </resources>
</manifest>`;
    const reading = parseManifest(Buffer.from(xml));
    expect(reading.report.errors).toEqual([]);
    const structure = courseStructure(reading.manifest!);
    expect(structure.navigation).toEqual({ choice: false, flow: true, forwardOnly: true });
    expect(structure.toc.map((entry) => entry.identifier)).toEqual(['MODULE']);
    expect(structure.playable.map((entry) => entry.identifier)).toEqual(['READ', 'TEST']);
    expect(structure.playable[0]).toMatchObject({ rules: { completionThreshold: 0.75, scaledPassingScore: null } });
    expect(structure.playable[1]).toMatchObject({ rules: { completionThreshold: null, scaledPassingScore: 0.6 } });
    // Inside MODULE (no control mode of its own: the defaults) nothing can be chosen, as the organization forbids choice, and there is no flow.
    expect(structure.playable[0]!.navigation).toEqual({ choice: false, flow: false, forwardOnly: false });
    // An objective without a map is kept too: the SCO looks for it in cmi.objectives.
    expect(structure.playable[1]!.objectives).toEqual([
      { id: 'p', primary: true, maps: [] },
      { id: 'unmapped', primary: false, maps: [] },
    ]);
    const learner = { id: 'u1', firstName: 'Ada', lastName: 'Lovelace' };
    expect(initialCmi('2004-4th', structure.playable[1]!, null, 0, learner).objectives).toEqual([{ id: 'p' }, { id: 'unmapped' }]);
    // What the SCO stored stays as stored and in its order; what the manifest adds comes after.
    const stored = { objectives: [{ id: 'unmapped', success_status: 'passed' }, { id: 'own' }] };
    expect(initialCmi('2004-4th', structure.playable[1]!, stored, 0, learner).objectives).toEqual([{ id: 'unmapped', success_status: 'passed' }, { id: 'own' }, { id: 'p' }]);
    // The module's own pre-condition rule travels with each item inside it.
    expect(structure.playable.map((entry) => entry.clusters.map((cluster) => [cluster.identifier, cluster.sequencingRules.map((r) => r.action)]))).toEqual([
      [['MODULE', ['hiddenFromChoice']]],
      [['MODULE', ['hiddenFromChoice']]],
    ]);
    // Pre- and post-condition rules reach the player; a condition on the item's own objective is its own, another objective is named.
    expect(structure.playable[0]!.sequencingRules).toEqual([]);
    expect(structure.playable[1]!.sequencingRules).toEqual([
      { kind: 'pre', conditionCombination: 'all', conditions: [{ condition: 'satisfied', operator: 'noOp', measureThreshold: null, otherObjective: null }], action: 'skip' },
      {
        kind: 'post',
        conditionCombination: 'any',
        conditions: [
          { condition: 'objectiveMeasureGreaterThan', operator: 'noOp', measureThreshold: 0.5, otherObjective: null },
          { condition: 'satisfied', operator: 'not', measureThreshold: null, otherObjective: 'global-pretest' },
        ],
        action: 'continue',
      },
    ]);
    const [module] = structure.rollup.children;
    expect(module).toMatchObject({ identifier: 'MODULE', leaf: false });
    expect(module!.children.map((node) => [node.identifier, node.leaf, node.rollupSatisfied])).toEqual([
      ['READ', true, false],
      ['TEST', true, true],
    ]);
  });
});

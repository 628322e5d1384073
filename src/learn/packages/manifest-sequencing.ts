import { ADLSEQ, IMSSS } from './manifest-namespaces.js';
import type { ControlMode, RollupRules, Sequencing, SequencingObjective, SequencingRule } from './manifest.types.js';
import type { ValueReader } from './manifest-values.js';
import { attributeOf as attr, childElements, firstChild, textOf, type XmlElement } from './xml-document.js';

/**
 * Reads one `imsss:sequencing` element (SCORM 2004 Sequencing and Navigation) into its
 * definition model, with the defaults of the imsss schema for whatever is not written.
 */
export function readSequencing(element: XmlElement, values: ValueReader): Sequencing {
  const controlMode = firstChild(element, IMSSS, 'controlMode');
  const limits = firstChild(element, IMSSS, 'limitConditions');
  const delivery = firstChild(element, IMSSS, 'deliveryControls');
  const randomization = firstChild(element, IMSSS, 'randomizationControls');
  const constrained = firstChild(element, ADLSEQ, 'constrainedChoiceConsiderations');
  return {
    id: attr(element, '', 'ID') ?? null,
    controlMode: controlMode ? readControlMode(controlMode, values) : null,
    sequencingRules: readSequencingRules(firstChild(element, IMSSS, 'sequencingRules'), values),
    limitConditions: limits
      ? {
          attemptLimit: values.optionalInteger(attr(limits, '', 'attemptLimit'), 'attemptLimit'),
          attemptAbsoluteDurationLimit: attr(limits, '', 'attemptAbsoluteDurationLimit')?.trim() || null,
        }
      : null,
    objectives: readObjectives(firstChild(element, IMSSS, 'objectives'), values),
    rollupRules: readRollupRules(firstChild(element, IMSSS, 'rollupRules'), values),
    deliveryControls: delivery
      ? {
          tracked: values.boolean(attr(delivery, '', 'tracked'), 'tracked', true),
          completionSetByContent: values.boolean(attr(delivery, '', 'completionSetByContent'), 'completionSetByContent', false),
          objectiveSetByContent: values.boolean(attr(delivery, '', 'objectiveSetByContent'), 'objectiveSetByContent', false),
        }
      : null,
    randomizationControls: randomization
      ? {
          randomizationTiming: values.oneOf(attr(randomization, '', 'randomizationTiming'), 'randomizationTiming', TIMINGS, 'never'),
          selectCount: values.optionalInteger(attr(randomization, '', 'selectCount'), 'selectCount'),
          reorderChildren: values.boolean(attr(randomization, '', 'reorderChildren'), 'reorderChildren', false),
          selectionTiming: values.oneOf(attr(randomization, '', 'selectionTiming'), 'selectionTiming', TIMINGS, 'never'),
        }
      : null,
    constrainedChoiceConsiderations: constrained
      ? {
          preventActivation: values.boolean(attr(constrained, '', 'preventActivation'), 'preventActivation', false),
          constrainChoice: values.boolean(attr(constrained, '', 'constrainChoice'), 'constrainChoice', false),
        }
      : null,
  };
}

const TIMINGS = ['never', 'once', 'onEachNewAttempt'] as const;
const OPERATORS = ['noOp', 'not'] as const;
const COMBINATIONS = ['all', 'any'] as const;

function readControlMode(element: XmlElement, values: ValueReader): ControlMode {
  const flag = (name: keyof ControlMode, fallback: boolean) => values.boolean(attr(element, '', name), name, fallback);
  return {
    choice: flag('choice', true),
    choiceExit: flag('choiceExit', true),
    flow: flag('flow', false),
    forwardOnly: flag('forwardOnly', false),
    useCurrentAttemptObjectiveInfo: flag('useCurrentAttemptObjectiveInfo', true),
    useCurrentAttemptProgressInfo: flag('useCurrentAttemptProgressInfo', true),
  };
}

const RULE_KINDS = [
  ['preConditionRule', 'pre'],
  ['exitConditionRule', 'exit'],
  ['postConditionRule', 'post'],
] as const;

function readSequencingRules(element: XmlElement | undefined, values: ValueReader): SequencingRule[] {
  if (!element) return [];
  const rules: SequencingRule[] = [];
  for (const [local, kind] of RULE_KINDS) {
    for (const rule of childElements(element, IMSSS, local)) {
      const conditions = firstChild(rule, IMSSS, 'ruleConditions');
      rules.push({
        kind,
        conditionCombination: values.oneOf(attr(conditions, '', 'conditionCombination'), 'conditionCombination', COMBINATIONS, 'all'),
        conditions: (conditions ? childElements(conditions, IMSSS, 'ruleCondition') : []).map((condition) => ({
          condition: attr(condition, '', 'condition')?.trim() ?? '',
          operator: values.oneOf(attr(condition, '', 'operator'), 'operator', OPERATORS, 'noOp'),
          referencedObjective: attr(condition, '', 'referencedObjective') ?? null,
          measureThreshold: values.optionalDecimal(attr(condition, '', 'measureThreshold'), 'measureThreshold', -1, 1),
        })),
        action: attr(firstChild(rule, IMSSS, 'ruleAction'), '', 'action')?.trim() ?? '',
      });
    }
  }
  return rules;
}

function readObjectives(element: XmlElement | undefined, values: ValueReader): SequencingObjective[] {
  if (!element) return [];
  const read = (objective: XmlElement, primary: boolean): SequencingObjective => ({
    id: attr(objective, '', 'objectiveID')?.trim() || null,
    primary,
    satisfiedByMeasure: values.boolean(attr(objective, '', 'satisfiedByMeasure'), 'satisfiedByMeasure', false),
    minNormalizedMeasure: values.decimal(textOf(firstChild(objective, IMSSS, 'minNormalizedMeasure')), 'minNormalizedMeasure', 1, -1, 1),
    mapInfo: childElements(objective, IMSSS, 'mapInfo').map((map) => ({
      targetObjectiveId: attr(map, '', 'targetObjectiveID')?.trim() ?? '',
      readSatisfiedStatus: values.boolean(attr(map, '', 'readSatisfiedStatus'), 'readSatisfiedStatus', true),
      readNormalizedMeasure: values.boolean(attr(map, '', 'readNormalizedMeasure'), 'readNormalizedMeasure', true),
      writeSatisfiedStatus: values.boolean(attr(map, '', 'writeSatisfiedStatus'), 'writeSatisfiedStatus', false),
      writeNormalizedMeasure: values.boolean(attr(map, '', 'writeNormalizedMeasure'), 'writeNormalizedMeasure', false),
    })),
  });
  return [
    ...childElements(element, IMSSS, 'primaryObjective').map((o) => read(o, true)),
    ...childElements(element, IMSSS, 'objective').map((o) => read(o, false)),
  ];
}

function readRollupRules(element: XmlElement | undefined, values: ValueReader): RollupRules | null {
  if (!element) return null;
  return {
    rollupObjectiveSatisfied: values.boolean(attr(element, '', 'rollupObjectiveSatisfied'), 'rollupObjectiveSatisfied', true),
    rollupProgressCompletion: values.boolean(attr(element, '', 'rollupProgressCompletion'), 'rollupProgressCompletion', true),
    objectiveMeasureWeight: values.decimal(attr(element, '', 'objectiveMeasureWeight'), 'objectiveMeasureWeight', 1, 0, 1),
    rules: childElements(element, IMSSS, 'rollupRule').map((rule) => {
      const conditions = firstChild(rule, IMSSS, 'rollupConditions');
      return {
        childActivitySet: values.oneOf(attr(rule, '', 'childActivitySet'), 'childActivitySet', ['all', 'any', 'none', 'atLeastCount', 'atLeastPercent'], 'all'),
        minimumCount: values.integer(attr(rule, '', 'minimumCount'), 'minimumCount', 0),
        minimumPercent: values.decimal(attr(rule, '', 'minimumPercent'), 'minimumPercent', 0, 0, 1),
        // The schema's default combination for rollup conditions is "any" (for rule conditions it is "all").
        conditionCombination: values.oneOf(attr(conditions, '', 'conditionCombination'), 'conditionCombination', COMBINATIONS, 'any'),
        conditions: (conditions ? childElements(conditions, IMSSS, 'rollupCondition') : []).map((condition) => ({
          condition: attr(condition, '', 'condition')?.trim() ?? '',
          operator: values.oneOf(attr(condition, '', 'operator'), 'operator', OPERATORS, 'noOp'),
        })),
        action: attr(firstChild(rule, IMSSS, 'rollupAction'), '', 'action')?.trim() ?? '',
      };
    }),
  };
}

/**
 * An item's sequencing that refers (IDRef) to an entry of the sequencing collection: the
 * collection entry is the base and every part the item writes itself replaces that part.
 */
export function mergeSequencing(shared: Sequencing, own: Sequencing): Sequencing {
  return {
    id: null,
    controlMode: own.controlMode ?? shared.controlMode,
    sequencingRules: own.sequencingRules.length > 0 ? own.sequencingRules : shared.sequencingRules,
    limitConditions: own.limitConditions ?? shared.limitConditions,
    objectives: own.objectives.length > 0 ? own.objectives : shared.objectives,
    rollupRules: own.rollupRules ?? shared.rollupRules,
    deliveryControls: own.deliveryControls ?? shared.deliveryControls,
    randomizationControls: own.randomizationControls ?? shared.randomizationControls,
    constrainedChoiceConsiderations: own.constrainedChoiceConsiderations ?? shared.constrainedChoiceConsiderations,
  };
}

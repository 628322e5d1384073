import type { ItemState, ItemStates, ItemStatus, ObjectiveState, Playable } from './player-types';

// SCORM 2004 sequencing rules (SN, Sequencing Rule Check) as the player evaluates them on what
// the learner did in this visit: conditions, shared objectives, clusters summed up from items.

type SequencingRule = Playable['sequencingRules'][number];
/** Whose rules are evaluated: an item, or a cluster above items (whose state is summed up from them). */
type RuleSubject = Pick<Playable, 'identifier' | 'objectives'>;

type Truth = boolean | 'unknown';

/** The shared (global) objectives as the items' results write them, later items in flow order last. */
function sharedObjectives(playable: Playable[], states: ItemStates): Map<string, ObjectiveState> {
  const shared = new Map<string, ObjectiveState>();
  for (const item of playable) {
    for (const objective of item.objectives) {
      const own = localObjective(item, objective.primary ? null : objective.id, states);
      for (const map of objective.maps) {
        const known = shared.get(map.target) ?? { satisfied: null, measure: null };
        shared.set(map.target, {
          satisfied: map.writeSatisfied && own.satisfied !== null ? own.satisfied : known.satisfied,
          measure: map.writeMeasure && own.measure !== null ? own.measure : known.measure,
        });
      }
    }
  }
  return shared;
}

/** An objective of the item as its own SCO reports it: the primary one (null) from its status and score, another from `cmi.objectives`. */
function localObjective(item: RuleSubject, objectiveId: string | null, states: ItemStates): ObjectiveState {
  const state = states[item.identifier];
  if (objectiveId === null) {
    const status = state?.status ?? null;
    return { satisfied: status === 'passed' ? true : status === 'failed' ? false : null, measure: state?.measure ?? null };
  }
  return state?.objectives?.[objectiveId] ?? { satisfied: null, measure: null };
}

/** An objective of the item for its rules: what a shared objective it reads says, where known, else what its SCO reported. */
function objectiveFor(item: RuleSubject, objectiveId: string | null, states: ItemStates, shared: Map<string, ObjectiveState>): ObjectiveState {
  const own = localObjective(item, objectiveId, states);
  const definition = item.objectives.find((objective) => (objectiveId === null ? objective.primary : objective.id === objectiveId));
  let { satisfied, measure } = own;
  for (const map of definition?.maps ?? []) {
    const read = shared.get(map.target);
    if (map.readSatisfied && read?.satisfied !== undefined && read.satisfied !== null) satisfied = read.satisfied;
    if (map.readMeasure && read?.measure !== undefined && read.measure !== null) measure = read.measure;
  }
  return { satisfied, measure };
}

/**
 * One rule condition (SCORM 2004 SN, Sequencing Rule Check): objective conditions about the
 * item's primary objective or the one named, read through shared objectives; progress
 * conditions about the item. Attempt and time limits are unknown to the player; "always"
 * always holds.
 */
function conditionValue(condition: SequencingRule['conditions'][number], item: RuleSubject, states: ItemStates, shared: Map<string, ObjectiveState>): Truth {
  const status = states[item.identifier]?.status ?? null;
  const attempted = status !== null && status !== 'not_started';
  const objective = () => objectiveFor(item, condition.otherObjective, states, shared);
  switch (condition.condition) {
    case 'always':
      return true;
    case 'satisfied': {
      const { satisfied } = objective();
      return satisfied === null ? 'unknown' : satisfied;
    }
    case 'objectiveStatusKnown':
      return objective().satisfied !== null;
    case 'objectiveMeasureKnown':
      return objective().measure !== null;
    case 'objectiveMeasureGreaterThan':
    case 'objectiveMeasureLessThan': {
      const { measure } = objective();
      if (measure === null || condition.measureThreshold === null) return 'unknown';
      return condition.condition === 'objectiveMeasureGreaterThan' ? measure > condition.measureThreshold : measure < condition.measureThreshold;
    }
    case 'completed':
      return attempted ? status !== 'in_progress' : 'unknown';
    case 'activityProgressKnown':
    case 'attempted':
      return attempted;
    default:
      return 'unknown';
  }
}

/** Whether a rule's conditions hold (an unknown outcome does not). */
function ruleHolds(rule: SequencingRule, item: RuleSubject, states: ItemStates, shared: Map<string, ObjectiveState>): boolean {
  const values = rule.conditions.map((condition) => {
    const value = conditionValue(condition, item, states, shared);
    return condition.operator === 'not' && value !== 'unknown' ? !value : value;
  });
  return rule.conditionCombination === 'all' ? values.length > 0 && values.every((value) => value === true) : values.includes(true);
}

/** The sequencing rules' view of the visit: item states, the clusters' states summed up from them, and the shared objectives. */
export interface RuleContext {
  states: ItemStates;
  shared: Map<string, ObjectiveState>;
}

const FINISHED: readonly (ItemStatus | null)[] = ['completed', 'passed', 'failed'];

/**
 * A cluster's state from its items: not started until one is; finished when all are (failed
 * when one failed, passed when one passed, else completed); the mean of the known scores.
 */
function clusterStates(playable: Playable[], states: ItemStates): Record<string, ItemState> {
  const members = new Map<string, (ItemState | undefined)[]>();
  for (const item of playable) {
    for (const cluster of item.clusters) members.set(cluster.identifier, [...(members.get(cluster.identifier) ?? []), states[item.identifier]]);
  }
  const result: Record<string, ItemState> = {};
  for (const [identifier, list] of members) {
    const statuses = list.map((state) => state?.status ?? null);
    const measures = list.map((state) => state?.measure ?? null).filter((measure) => measure !== null);
    let status: ItemStatus | null = null;
    if (statuses.some((value) => value !== null && value !== 'not_started')) {
      status = !statuses.every((value) => FINISHED.includes(value)) ? 'in_progress' : statuses.includes('failed') ? 'failed' : statuses.includes('passed') ? 'passed' : 'completed';
    }
    result[identifier] = { status, measure: measures.length > 0 ? measures.reduce((sum, value) => sum + value, 0) / measures.length : null };
  }
  return result;
}

export function ruleContext(playable: Playable[], states: ItemStates): RuleContext {
  return { states: { ...states, ...clusterStates(playable, states) }, shared: sharedObjectives(playable, states) };
}

export function subjectHolds(subject: RuleSubject & { sequencingRules: SequencingRule[] }, context: RuleContext, action: string): boolean {
  return subject.sequencingRules.some((rule) => rule.kind === 'pre' && rule.action === action && ruleHolds(rule, subject, context.states, context.shared));
}

/** Whether a pre-condition rule with `action` holds for the item or for a cluster above it. */
export function preConditionHolds(item: Playable, context: RuleContext, action: string): boolean {
  return item.clusters.some((cluster) => subjectHolds(cluster, context, action)) || subjectHolds(item, context, action);
}

/** The action of the first post-condition rule of `item` that holds (continue, previous, exitAll, ...), or null. */
export function postConditionAction(item: Playable, playable: Playable[], states: ItemStates): string | null {
  const { shared } = ruleContext(playable, states);
  return item.sequencingRules.find((rule) => rule.kind === 'post' && ruleHolds(rule, item, states, shared))?.action ?? null;
}

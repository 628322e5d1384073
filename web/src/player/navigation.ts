import type { LaunchData } from '../../../src/learn/tracking/tracking.contract';

export type Playable = LaunchData['playable'][number];
export type Navigation = LaunchData['navigation'];
export type ItemStatus = NonNullable<LaunchData['states'][string]['status']>;
type SequencingRule = Playable['sequencingRules'][number];
/** Whose rules are evaluated: an item, or a cluster above items (whose state is summed up from them). */
type RuleSubject = Pick<Playable, 'identifier' | 'objectives'>;

/** An objective's status: satisfied (true), not satisfied (false) or unknown (null), and its score (-1..1). */
export interface ObjectiveState {
  satisfied: boolean | null;
  measure: number | null;
}

/** What the player knows of an item in this visit, for sequencing rules: its status, its score (-1..1), its SCO's objectives by id. */
export interface ItemState {
  status: ItemStatus | null;
  measure: number | null;
  objectives?: Readonly<Record<string, ObjectiveState>>;
}
export type ItemStates = Readonly<Record<string, ItemState | undefined>>;

/** Where a navigation request leads: another item, out of the player, or nowhere. */
export type NavigationTarget = { kind: 'item'; identifier: string } | { kind: 'exit' } | { kind: 'none' };

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
interface RuleContext {
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

function ruleContext(playable: Playable[], states: ItemStates): RuleContext {
  return { states: { ...states, ...clusterStates(playable, states) }, shared: sharedObjectives(playable, states) };
}

function subjectHolds(subject: RuleSubject & { sequencingRules: SequencingRule[] }, context: RuleContext, action: string): boolean {
  return subject.sequencingRules.some((rule) => rule.kind === 'pre' && rule.action === action && ruleHolds(rule, subject, context.states, context.shared));
}

/** Whether a pre-condition rule with `action` holds for the item or for a cluster above it. */
function preConditionHolds(item: Playable, context: RuleContext, action: string): boolean {
  return item.clusters.some((cluster) => subjectHolds(cluster, context, action)) || subjectHolds(item, context, action);
}

/** The action of the first post-condition rule of `item` that holds (continue, previous, exitAll, ...), or null. */
export function postConditionAction(item: Playable, playable: Playable[], states: ItemStates): string | null {
  const { shared } = ruleContext(playable, states);
  return item.sequencingRules.find((rule) => rule.kind === 'post' && ruleHolds(rule, item, states, shared))?.action ?? null;
}

/**
 * Follows the flow from `current` in one direction: items to skip are passed over; a disabled
 * one stops the flow, and so does leaving or entering an item whose cluster does not allow
 * flow (or, going back, is forward-only).
 */
function flowFrom(playable: Playable[], navigation: Navigation, current: string | null, step: 1 | -1, states: ItemStates): string | null {
  const allows = (item: Playable | undefined) => {
    const mode = item?.navigation ?? navigation;
    return mode.flow && (step === 1 || !mode.forwardOnly);
  };
  const start = playable.findIndex((item) => item.identifier === current);
  if (!allows(playable[start] ?? undefined)) return null;
  const context = ruleContext(playable, states);
  for (let index = start + step; index >= 0 && index < playable.length; index += step) {
    const item = playable[index]!;
    if (preConditionHolds(item, context, 'skip')) continue;
    return preConditionHolds(item, context, 'disabled') || !allows(item) ? null : item.identifier;
  }
  return null;
}

export function nextItem(playable: Playable[], navigation: Navigation, current: string | null, states: ItemStates = {}): string | null {
  if (!navigation.flow && !playable.some((item) => item.navigation.flow)) return null;
  return flowFrom(playable, navigation, current, 1, states);
}

export function previousItem(playable: Playable[], navigation: Navigation, current: string | null, states: ItemStates = {}): string | null {
  if (navigation.forwardOnly) return null;
  return flowFrom(playable, navigation, current, -1, states);
}

/** Whether next/previous are offered at all: the organization or one of its clusters allows flow. */
export function flowOffered(playable: Playable[], navigation: Navigation): boolean {
  return navigation.flow || playable.some((item) => item.navigation.flow);
}

/**
 * Whether the table of contents shows `target`, an item or a cluster: a pre-condition "hidden
 * from choice" of it, or of a cluster above it, removes it.
 */
export function shownInContents(playable: Playable[], target: string, states: ItemStates = {}): boolean {
  const context = ruleContext(playable, states);
  const item = playable.find((entry) => entry.identifier === target);
  if (item) return !preConditionHolds(item, context, 'hiddenFromChoice');
  for (const entry of playable) {
    const index = entry.clusters.findIndex((cluster) => cluster.identifier === target);
    if (index >= 0) return !entry.clusters.slice(0, index + 1).some((cluster) => subjectHolds(cluster, context, 'hiddenFromChoice'));
  }
  return true;
}

/**
 * Whether the learner may open `target` from the table of contents: the organization and every
 * cluster above the item allow choosing, the item is not hidden from choice or disabled, and
 * no item between the current one and a later target stops forward traversal.
 */
export function canChoose(playable: Playable[], navigation: Navigation, target: string, states: ItemStates = {}, current: string | null = null): boolean {
  const targetIndex = playable.findIndex((item) => item.identifier === target);
  if (!navigation.choice || targetIndex < 0) return false;
  const item = playable[targetIndex]!;
  if (!item.navigation.choice) return false;
  const context = ruleContext(playable, states);
  if (preConditionHolds(item, context, 'hiddenFromChoice') || preConditionHolds(item, context, 'disabled')) return false;
  const currentIndex = playable.findIndex((entry) => entry.identifier === current);
  for (let index = Math.max(0, currentIndex); index < targetIndex; index += 1) {
    if (preConditionHolds(playable[index]!, context, 'stopForwardTraversal')) return false;
  }
  return true;
}

/**
 * A navigation request from the SCO (SCORM 2004 `adl.nav.request`, SCORM 1.2 `nav.event`)
 * after it terminated: continue/previous follow the flow, choice/jump go to the named item
 * (choice only where the package allows choosing), exit requests leave the player.
 */
export function resolveNavigationRequest(
  request: string,
  target: string | undefined,
  playable: Playable[],
  navigation: Navigation,
  current: string | null,
  states: ItemStates = {},
): NavigationTarget {
  const toItem = (identifier: string | null): NavigationTarget => (identifier ? { kind: 'item', identifier } : { kind: 'none' });
  switch (request) {
    case 'continue':
    case 'next':
      return toItem(nextItem(playable, navigation, current, states));
    case 'previous':
      return toItem(previousItem(playable, navigation, current, states));
    case 'choice':
      return target && canChoose(playable, navigation, target, states, current) ? toItem(target) : { kind: 'none' };
    case 'jump':
      return target && playable.some((item) => item.identifier === target) ? toItem(target) : { kind: 'none' };
    case 'exit':
    case 'exitAll':
    case 'abandon':
    case 'abandonAll':
    case 'suspendAll':
      return { kind: 'exit' };
    default:
      return { kind: 'none' };
  }
}

/**
 * Where the post-condition rules of the item that just ended lead, when its SCO made no
 * navigation request of its own: continue or previous along the flow (not bound by the
 * flow control mode: the package asks for it), exit all leaves the player.
 */
export function resolvePostCondition(playable: Playable[], current: string, states: ItemStates): NavigationTarget {
  const item = playable.find((entry) => entry.identifier === current);
  const action = item ? postConditionAction(item, playable, states) : null;
  // The package asks for the move itself: flow control modes do not stand in its way.
  const flowing: Navigation = { choice: false, flow: true, forwardOnly: false };
  const unbound = playable.map((entry) => ({ ...entry, navigation: flowing }));
  const toItem = (identifier: string | null): NavigationTarget => (identifier ? { kind: 'item', identifier } : { kind: 'none' });
  switch (action) {
    case 'continue':
      return toItem(nextItem(unbound, flowing, current, states));
    case 'previous':
      return toItem(previousItem(unbound, flowing, current, states));
    case 'exitAll':
      return { kind: 'exit' };
    default:
      return { kind: 'none' };
  }
}

const RANK: Record<ItemStatus, number> = { not_started: 0, in_progress: 1, failed: 2, completed: 3, passed: 4 };

/**
 * An item's status for the table of contents, from the data its SCO just committed; a status
 * shown once is not taken back by a lesser one (the server keeps a pass the same way).
 */
export function itemStatusFromCmi(scormVersion: string, cmi: Record<string, unknown>, previous: ItemStatus | null): ItemStatus {
  let status: ItemStatus = 'in_progress';
  if (scormVersion === '1.2') {
    const core = (cmi.core ?? {}) as Record<string, unknown>;
    const lessonStatus = core.lesson_status;
    if (lessonStatus === 'passed' || lessonStatus === 'failed' || lessonStatus === 'completed') status = lessonStatus;
  } else if (cmi.success_status === 'passed' || cmi.success_status === 'failed') {
    status = cmi.success_status;
  } else if (cmi.completion_status === 'completed') {
    status = 'completed';
  }
  if (previous === 'passed') return 'passed';
  return previous && RANK[previous] > RANK[status] && status !== 'passed' ? previous : status;
}

/** A SCORM 2004 item's scaled score (-1..1) from its data, or null (SCORM 1.2 has no sequencing). */
export function measureFromCmi(cmi: Record<string, unknown>): number | null {
  const value = (cmi.score as Record<string, unknown> | undefined)?.scaled;
  if ((typeof value !== 'string' || value.trim() === '') && typeof value !== 'number') return null;
  const scaled = Number(value);
  return Number.isFinite(scaled) && scaled >= -1 && scaled <= 1 ? scaled : null;
}

/** A SCORM 2004 SCO's objectives (`cmi.objectives`) by id: satisfied or not (success status) and scaled score. */
export function objectivesFromCmi(cmi: Record<string, unknown>): Record<string, ObjectiveState> {
  const list = cmi.objectives;
  const entries = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list) : [];
  const result: Record<string, ObjectiveState> = {};
  for (const entry of entries as Record<string, unknown>[]) {
    if (!entry || typeof entry.id !== 'string' || entry.id === '') continue;
    result[entry.id] = {
      satisfied: entry.success_status === 'passed' ? true : entry.success_status === 'failed' ? false : null,
      measure: measureFromCmi(entry),
    };
  }
  return result;
}

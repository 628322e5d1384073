import type { LaunchData } from '../../../src/learn/tracking/tracking.contract';

export type Playable = LaunchData['playable'][number];
export type Navigation = LaunchData['navigation'];
export type ItemStatus = NonNullable<LaunchData['states'][string]['status']>;
type SequencingRule = Playable['sequencingRules'][number];

/** What the player knows of an item in this visit: its status and its score (-1..1), for sequencing rules. */
export interface ItemState {
  status: ItemStatus | null;
  measure: number | null;
}
export type ItemStates = Readonly<Record<string, ItemState | undefined>>;

/** Where a navigation request leads: another item, out of the player, or nowhere. */
export type NavigationTarget = { kind: 'item'; identifier: string } | { kind: 'exit' } | { kind: 'none' };

type Truth = boolean | 'unknown';

/**
 * One rule condition about the item's own objective and progress (SCORM 2004 SN, Sequencing
 * Rule Check). Conditions about another objective, attempt and time limits are unknown to the
 * player; "always" always holds.
 */
function conditionValue(condition: SequencingRule['conditions'][number], state: ItemState | undefined): Truth {
  if (condition.otherObjective !== null) return 'unknown';
  const status = state?.status ?? null;
  const attempted = status !== null && status !== 'not_started';
  const measure = state?.measure ?? null;
  switch (condition.condition) {
    case 'always':
      return true;
    case 'satisfied':
      return status === 'passed' ? true : status === 'failed' ? false : 'unknown';
    case 'objectiveStatusKnown':
      return status === 'passed' || status === 'failed';
    case 'objectiveMeasureKnown':
      return measure !== null;
    case 'objectiveMeasureGreaterThan':
      return measure === null || condition.measureThreshold === null ? 'unknown' : measure > condition.measureThreshold;
    case 'objectiveMeasureLessThan':
      return measure === null || condition.measureThreshold === null ? 'unknown' : measure < condition.measureThreshold;
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
function ruleHolds(rule: SequencingRule, state: ItemState | undefined): boolean {
  const values = rule.conditions.map((condition) => {
    const value = conditionValue(condition, state);
    return condition.operator === 'not' && value !== 'unknown' ? !value : value;
  });
  return rule.conditionCombination === 'all' ? values.length > 0 && values.every((value) => value === true) : values.includes(true);
}

function preConditionHolds(item: Playable, states: ItemStates, action: string): boolean {
  return item.sequencingRules.some((rule) => rule.kind === 'pre' && rule.action === action && ruleHolds(rule, states[item.identifier]));
}

/** The action of the first post-condition rule of `item` that holds (continue, previous, exitAll, ...), or null. */
export function postConditionAction(item: Playable, states: ItemStates): string | null {
  return item.sequencingRules.find((rule) => rule.kind === 'post' && ruleHolds(rule, states[item.identifier]))?.action ?? null;
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
  for (let index = start + step; index >= 0 && index < playable.length; index += step) {
    const item = playable[index]!;
    if (preConditionHolds(item, states, 'skip')) continue;
    return preConditionHolds(item, states, 'disabled') || !allows(item) ? null : item.identifier;
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

/** Whether the table of contents shows `target` (a pre-condition "hidden from choice" removes it). */
export function shownInContents(playable: Playable[], target: string, states: ItemStates = {}): boolean {
  const item = playable.find((entry) => entry.identifier === target);
  return !item || !preConditionHolds(item, states, 'hiddenFromChoice');
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
  if (preConditionHolds(item, states, 'hiddenFromChoice') || preConditionHolds(item, states, 'disabled')) return false;
  const currentIndex = playable.findIndex((entry) => entry.identifier === current);
  for (let index = Math.max(0, currentIndex); index < targetIndex; index += 1) {
    if (preConditionHolds(playable[index]!, states, 'stopForwardTraversal')) return false;
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
  const action = item ? postConditionAction(item, states) : null;
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

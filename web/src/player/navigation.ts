import type { ItemStates, Navigation, Playable } from './player-types';
import { postConditionAction, preConditionHolds, ruleContext, subjectHolds } from './sequencing-rules';

/** Where a navigation request leads: another item, out of the player, or nowhere. */
export type NavigationTarget = { kind: 'item'; identifier: string } | { kind: 'exit' } | { kind: 'none' };

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
  if (!flowOffered(playable, navigation)) return null;
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

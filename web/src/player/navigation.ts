import type { LaunchData } from '../../../src/learn/tracking/tracking.contract';

export type Playable = LaunchData['playable'][number];
export type Navigation = LaunchData['navigation'];
export type ItemStatus = NonNullable<LaunchData['states'][string]['status']>;

/** Where a navigation request leads: another item, out of the player, or nowhere. */
export type NavigationTarget = { kind: 'item'; identifier: string } | { kind: 'exit' } | { kind: 'none' };

export function nextItem(playable: Playable[], navigation: Navigation, current: string | null): string | null {
  if (!navigation.flow) return null;
  const index = playable.findIndex((item) => item.identifier === current);
  return playable[index + 1]?.identifier ?? null;
}

export function previousItem(playable: Playable[], navigation: Navigation, current: string | null): string | null {
  if (!navigation.flow || navigation.forwardOnly) return null;
  const index = playable.findIndex((item) => item.identifier === current);
  return index > 0 ? (playable[index - 1]?.identifier ?? null) : null;
}

/** Whether the learner may open `target` from the table of contents. */
export function canChoose(playable: Playable[], navigation: Navigation, target: string): boolean {
  return navigation.choice && playable.some((item) => item.identifier === target);
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
): NavigationTarget {
  const toItem = (identifier: string | null): NavigationTarget => (identifier ? { kind: 'item', identifier } : { kind: 'none' });
  switch (request) {
    case 'continue':
    case 'next':
      return toItem(nextItem(playable, navigation, current));
    case 'previous':
      return toItem(previousItem(playable, navigation, current));
    case 'choice':
      return target && canChoose(playable, navigation, target) ? toItem(target) : { kind: 'none' };
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

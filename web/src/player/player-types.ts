import type { LaunchData } from '../../../src/learn/tracking/tracking.contract';

// What the player works with: the launch data's parts, and what it keeps of each item in a visit.

export type Playable = LaunchData['playable'][number];
export type Navigation = LaunchData['navigation'];
export type ItemStatus = NonNullable<LaunchData['states'][string]['status']>;

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

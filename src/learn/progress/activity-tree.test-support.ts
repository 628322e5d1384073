import type { RollupNode } from './rollup.js';

/** An activity of the tree (a SCO, an assignable unit) with the default rollup settings. */
export function activity(identifier: string, values: Partial<RollupNode> = {}): RollupNode {
  return { identifier, leaf: true, tracked: true, rollupSatisfied: true, rollupCompletion: true, measureWeight: 1, rules: [], satisfiedByMeasure: null, children: [], ...values };
}

/** A cluster of activities (the course, a module, a cmi5 block) with the default rollup rules. */
export function cluster(identifier: string, children: RollupNode[], values: Partial<RollupNode> = {}): RollupNode {
  return { ...activity(identifier), leaf: false, children, ...values };
}

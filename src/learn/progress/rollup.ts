import type { ProgressStatus } from '../enrolments/enrolments.schema.js';
import type { RollupRules } from '../packages/manifest.types.js';
import { activityFinished, type ActivityResult, type Success } from './activity-result.js';

/**
 * The activity tree as rollup sees it: the organization at the root, clusters (items that
 * launch nothing) with their own rollup rules, and the launchable items as leaves.
 */
export interface RollupNode {
  identifier: string;
  /** A launchable item: its progress is its activity's (a SCO, a cmi5 assignable unit). Otherwise a cluster, rolled up from its children. */
  leaf: boolean;
  /** Counts in its parent's rollup: SCOs (assets report nothing) and clusters that sequencing does not mark untracked. */
  tracked: boolean;
  /** Contributes to its parent's satisfaction (SCORM 2004 `rollupObjectiveSatisfied`, default true). */
  rollupSatisfied: boolean;
  /** Contributes to its parent's completion (SCORM 2004 `rollupProgressCompletion`, default true). */
  rollupCompletion: boolean;
  /** Its weight in its parent's score (`objectiveMeasureWeight`, default 1). */
  measureWeight: number;
  /** A cluster's own rollup rules (`imsss:rollupRule`); empty: the default rules. */
  rules: RollupRules['rules'];
  /** A cluster whose primary objective is satisfied by measure: the lowest passing score (-1..1). */
  satisfiedByMeasure: number | null;
  children: RollupNode[];
}


export interface AttemptProgress {
  status: ProgressStatus;
  scorePercent: number | null;
  timeSpentSeconds: number;
}

/** A node of the activity tree after rollup. */
interface NodeProgress {
  attempted: boolean;
  completion: 'completed' | 'incomplete' | 'unknown';
  success: Success;
  /** Normalised score, -1..1 (a percentage / 100), or null. */
  measure: number | null;
}

type RollupRule = RollupNode['rules'][number];
type Truth = boolean | 'unknown';

function leafProgress(state: ActivityResult | undefined): NodeProgress {
  if (!state) return { attempted: false, completion: 'unknown', success: 'unknown', measure: null };
  return {
    attempted: true,
    completion: activityFinished(state) ? 'completed' : 'incomplete',
    success: state.success,
    measure: state.scorePercent === null ? null : state.scorePercent / 100,
  };
}

/**
 * One rollup condition of a child (SCORM 2004 SN, Rollup Rule Check). Attempt and time limits
 * are not enforced by the player, so their conditions are never met.
 */
function conditionValue(condition: string, child: NodeProgress): Truth {
  switch (condition) {
    case 'satisfied':
      return child.success === 'unknown' ? 'unknown' : child.success === 'passed';
    case 'objectiveStatusKnown':
      return child.success !== 'unknown';
    case 'objectiveMeasureKnown':
      return child.measure !== null;
    case 'completed':
      return child.completion === 'unknown' ? 'unknown' : child.completion === 'completed';
    case 'activityProgressKnown':
      return child.completion !== 'unknown';
    case 'attempted':
      return child.attempted;
    case 'attemptLimitExceeded':
    case 'timeLimitExceeded':
    case 'outsideAvailableTimeRange':
      return false;
    default:
      return 'unknown';
  }
}

function ruleHoldsFor(rule: RollupRule, child: NodeProgress): Truth {
  const values = rule.conditions.map(({ condition, operator }) => {
    const value = conditionValue(condition, child);
    return operator === 'not' && value !== 'unknown' ? !value : value;
  });
  if (rule.conditionCombination === 'all') return values.includes(false) ? false : values.includes('unknown') ? 'unknown' : true;
  return values.includes(true) ? true : values.includes('unknown') ? 'unknown' : false;
}

/** Whether a rule's child activity set (all, any, none, at least a count or a share) is met. */
function ruleFires(rule: RollupRule, children: NodeProgress[]): boolean {
  if (children.length === 0) return false;
  const values = children.map((child) => ruleHoldsFor(rule, child));
  const met = values.filter((value) => value === true).length;
  switch (rule.childActivitySet) {
    case 'all':
      return met === children.length;
    case 'any':
      return met > 0;
    case 'none':
      return values.every((value) => value === false);
    case 'atLeastCount':
      return met >= rule.minimumCount;
    case 'atLeastPercent':
      return met / children.length >= rule.minimumPercent;
    default:
      return false;
  }
}

function nodeProgress(node: RollupNode, states: ReadonlyMap<string, ActivityResult>): NodeProgress {
  if (node.leaf) return leafProgress(states.get(node.identifier));
  const tracked = node.children.filter((child) => child.tracked).map((child) => ({ child, progress: nodeProgress(child, states) }));
  const attempted = tracked.some(({ progress }) => progress.attempted);
  const forCompletion = tracked.filter(({ child }) => child.rollupCompletion).map(({ progress }) => progress);
  const forSatisfaction = tracked.filter(({ child }) => child.rollupSatisfied);
  const satisfactionChildren = forSatisfaction.map(({ progress }) => progress);
  const rulesFor = (action: string) => node.rules.filter((rule) => rule.action === action);
  const anyFires = (rules: RollupRule[], children: NodeProgress[]) => rules.some((rule) => ruleFires(rule, children));

  // Score: the weighted mean of the children's scores that are known (children without a score,
  // such as information pages, do not pull it down).
  let weighted = 0;
  let weights = 0;
  for (const { child, progress } of forSatisfaction) {
    if (progress.measure === null || child.measureWeight <= 0) continue;
    weighted += progress.measure * child.measureWeight;
    weights += child.measureWeight;
  }
  const measure = weights > 0 ? weighted / weights : null;

  // Completion: "incomplete" rules first, "completed" rules after them win; by default complete when every contributing child is.
  let completion: NodeProgress['completion'] = attempted ? 'incomplete' : 'unknown';
  const completedRules = rulesFor('completed');
  if (completedRules.length > 0 ? anyFires(completedRules, forCompletion) : forCompletion.length > 0 && forCompletion.every((child) => child.completion === 'completed')) {
    completion = 'completed';
  } else if (anyFires(rulesFor('incomplete'), forCompletion)) {
    completion = 'incomplete';
  }

  // Satisfaction: by measure where the cluster's objective says so; else "not satisfied" rules,
  // then "satisfied" rules, which win. By default a finished cluster failed when a contributing
  // child failed, and passed when one passed (children without a judgement do not stop a pass).
  let success: Success = 'unknown';
  if (node.satisfiedByMeasure !== null && measure !== null) {
    success = measure >= node.satisfiedByMeasure ? 'passed' : 'failed';
  } else {
    const finished = completion === 'completed';
    const notSatisfiedRules = rulesFor('notSatisfied');
    const satisfiedRules = rulesFor('satisfied');
    const failedChild = satisfactionChildren.some((child) => child.success === 'failed');
    if (notSatisfiedRules.length > 0 ? anyFires(notSatisfiedRules, satisfactionChildren) : finished && failedChild) success = 'failed';
    if (
      satisfiedRules.length > 0
        ? anyFires(satisfiedRules, satisfactionChildren)
        : finished && !failedChild && satisfactionChildren.some((child) => child.success === 'passed')
    ) {
      success = 'passed';
    }
  }
  return { attempted, completion, success, measure };
}

/**
 * The attempt's progress from its SCOs, rolled up through the package's activity tree (SCORM
 * 2004 Sequencing and Navigation, applied to 1.2 too, whose packages have only the defaults):
 * - only tracked SCOs and clusters count (assets report nothing; 2004 `tracked="false"` is left
 *   out), and each counts for completion and satisfaction unless excluded;
 * - each cluster applies its own rollup rules (`imsss:rollupRule`: all / any / none / at least
 *   a count or a share of the children satisfied, completed, attempted, known, ...), and where
 *   it has none for an action, the defaults: complete when every child is; failed when finished
 *   and a child failed; passed when finished, none failed and one passed;
 * - a cluster whose primary objective is satisfied by measure is passed or failed by its score;
 * - the score is the weighted mean (`objectiveMeasureWeight`) of the known scores below;
 * - the time is the sum of all SCOs' times.
 * The attempt is failed or passed as its root is; else completed, in progress or not started.
 */
export function rollupAttempt(root: RollupNode, states: ReadonlyMap<string, ActivityResult>): AttemptProgress {
  let timeSpentSeconds = 0;
  for (const state of states.values()) timeSpentSeconds += state.totalTimeSeconds;
  const progress = nodeProgress(root, states);
  const scorePercent = progress.measure === null ? null : Math.round(progress.measure * 10_000) / 100;
  let status: ProgressStatus;
  if (progress.success === 'failed') status = 'failed';
  else if (progress.success === 'passed') status = 'passed';
  else if (progress.completion === 'completed') status = 'completed';
  else status = states.size > 0 ? 'in_progress' : 'not_started';
  return { status, scorePercent, timeSpentSeconds };
}

export const FINISHED_STATUSES: readonly ProgressStatus[] = ['completed', 'passed', 'failed'];

export interface EnrolmentSummary {
  status: ProgressStatus;
  scorePercent: number | null;
  timeSpentSeconds: number;
  completedAt: Date | null;
}

/** What closed attempts of an enrolment reached and keep. */
export interface EarlierAttempts {
  /** A completion or pass: a later attempt can only improve completed to passed. */
  status: 'completed' | 'passed' | null;
  /** The best score of the closed attempts. */
  scorePercent: number | null;
}

/**
 * The enrolment's summary after its open attempt moved from `before` to `after`. Status and
 * score follow the open attempt's latest rollup (a quiz that fails after a pass fails the
 * attempt; the score is the mean of the SCOs' latest scores), except that a completion or pass
 * of an earlier attempt stays until an administrator resets the enrolment, and an earlier
 * attempt's better score stays the enrolment's score. The time adds what the attempt added.
 */
export function nextEnrolmentSummary(
  current: EnrolmentSummary,
  earlier: EarlierAttempts,
  before: AttemptProgress,
  after: AttemptProgress,
  now: Date,
): EnrolmentSummary {
  let status: ProgressStatus = after.status === 'not_started' ? 'in_progress' : after.status;
  if (earlier.status === 'passed') status = 'passed';
  else if (earlier.status === 'completed' && status !== 'passed') status = 'completed';

  const reached = status === 'completed' || status === 'passed';
  const completedAt = reached ? (current.completedAt ?? now) : null;
  const scorePercent =
    after.scorePercent === null ? earlier.scorePercent : earlier.scorePercent === null ? after.scorePercent : Math.max(earlier.scorePercent, after.scorePercent);
  const timeSpentSeconds = current.timeSpentSeconds + Math.max(0, after.timeSpentSeconds - before.timeSpentSeconds);
  return { status, scorePercent, timeSpentSeconds, completedAt };
}

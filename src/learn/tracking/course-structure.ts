import type { PackageItem, PackageManifest, PackageOrganization, Sequencing } from '../packages/manifest.types.js';
import type { RollupNode } from '../progress/rollup.js';
import type { ScoRules } from './progress-mapping.js';

/** One entry of the player's table of contents. */
export interface TocEntry {
  identifier: string;
  title: string;
  /** Null for a cluster (a folder of other items). */
  launchHref: string | null;
  scormType: 'sco' | 'asset' | null;
  isVisible: boolean;
  children: TocEntry[];
}

/**
 * A sequencing rule of a launchable item as the player applies it (SCORM 2004 pre- and
 * post-condition rules). A condition about another objective of the item than its primary one
 * carries that objective's id (its status comes from the SCO's `cmi.objectives` or from the
 * shared objective it reads).
 */
export interface ItemSequencingRule {
  kind: 'pre' | 'post';
  conditionCombination: 'all' | 'any';
  conditions: { condition: string; operator: 'noOp' | 'not'; measureThreshold: number | null; otherObjective: string | null }[];
  action: string;
}

/**
 * An objective of a launchable item with its maps to shared (global) objectives: a SCO's
 * result can be written to one, and another item's rules can read it (a pretest passed lets
 * the lesson it covers be skipped).
 */
export interface ItemObjective {
  /** The objective's id as the SCO reports it in `cmi.objectives`; null for an unnamed primary objective. */
  id: string | null;
  primary: boolean;
  maps: { target: string; readSatisfied: boolean; readMeasure: boolean; writeSatisfied: boolean; writeMeasure: boolean }[];
}

/** A cluster's pre-condition rules and objectives, for the items inside it. */
export interface ClusterSequencing {
  identifier: string;
  sequencingRules: ItemSequencingRule[];
  objectives: ItemObjective[];
}

/** A launchable item of the package, in flow order, with what judging and rollup need. */
export interface PlayableItem {
  identifier: string;
  title: string;
  launchHref: string;
  scormType: 'sco' | 'asset';
  rules: ScoRules;
  sequencingRules: ItemSequencingRule[];
  /**
   * The navigation that applies to this item: it may be chosen when every cluster above it
   * allows choice; flow (next/previous) and forward-only are its parent cluster's.
   */
  navigation: Navigation;
  objectives: ItemObjective[];
  /** The clusters above the item that have pre-condition rules (outermost first): a cluster skipped, disabled or hidden takes its items with it. */
  clusters: ClusterSequencing[];
  dataFromLms: string | null;
  maxTimeAllowed: string | null;
  timeLimitAction: string | null;
}

export interface Navigation {
  /** The learner may pick any item in the table of contents. */
  choice: boolean;
  /** Next/previous (continue/previous) navigation is offered. */
  flow: boolean;
  /** Previous is not offered. */
  forwardOnly: boolean;
}

export interface CourseStructure {
  scormVersion: PackageManifest['scormVersion'];
  title: string;
  toc: TocEntry[];
  /** Launchable items in flow (pre-order) order. */
  playable: PlayableItem[];
  rollup: RollupNode;
  navigation: Navigation;
}

function tocOf(items: PackageItem[]): TocEntry[] {
  return items.map((item) => ({
    identifier: item.identifier,
    title: item.title,
    launchHref: item.launchHref,
    scormType: item.launchHref ? (item.scormType ?? 'sco') : null,
    isVisible: item.isVisible,
    children: tocOf(item.children),
  }));
}

function scaledPassingScore(sequencing: Sequencing | null): number | null {
  const primary = sequencing?.objectives.find((objective) => objective.primary);
  return primary?.satisfiedByMeasure ? primary.minNormalizedMeasure : null;
}

function itemSequencingRules(sequencing: Sequencing | null): ItemSequencingRule[] {
  const own = sequencing?.objectives.find((objective) => objective.primary)?.id ?? null;
  const rules: ItemSequencingRule[] = [];
  for (const rule of sequencing?.sequencingRules ?? []) {
    if (rule.kind === 'exit') continue;
    rules.push({
      kind: rule.kind,
      conditionCombination: rule.conditionCombination,
      conditions: rule.conditions.map(({ condition, operator, measureThreshold, referencedObjective }) => ({
        condition,
        operator,
        measureThreshold,
        otherObjective: referencedObjective && referencedObjective !== own ? referencedObjective : null,
      })),
      action: rule.action,
    });
  }
  return rules;
}

function completionThreshold(item: PackageItem, scormVersion: PackageManifest['scormVersion']): number | null {
  const threshold = item.completionThreshold;
  if (!threshold) return null;
  // The 3rd edition always judges by progress; the 4th only with completedByMeasure.
  return scormVersion === '2004-3rd' || threshold.completedByMeasure ? threshold.minProgressMeasure : null;
}

/** A SCORM 2004 cluster's control mode with the schema's defaults (choice on, flow off, forward-only off). */
function controlModeOf(sequencing: Sequencing | null): Navigation {
  const mode = sequencing?.controlMode ?? null;
  return { choice: mode?.choice ?? true, flow: mode?.flow ?? false, forwardOnly: mode?.forwardOnly ?? false };
}

function itemObjectives(sequencing: Sequencing | null): ItemObjective[] {
  return (sequencing?.objectives ?? [])
    // Every objective the manifest names: the SCO finds each in cmi.objectives (RTE 4.2.17), mapped or not.
    .filter((objective) => objective.mapInfo.length > 0 || objective.primary || objective.id !== null)
    .map((objective) => ({
      id: objective.id,
      primary: objective.primary,
      maps: objective.mapInfo
        .filter((map) => map.targetObjectiveId !== '')
        .map((map) => ({
          target: map.targetObjectiveId,
          readSatisfied: map.readSatisfiedStatus,
          readMeasure: map.readNormalizedMeasure,
          writeSatisfied: map.writeSatisfiedStatus,
          writeMeasure: map.writeNormalizedMeasure,
        })),
    }));
}

function playableOf(
  items: PackageItem[],
  manifest: PackageManifest,
  into: PlayableItem[],
  parent: Navigation,
  clusters: ClusterSequencing[] = [],
): PlayableItem[] {
  for (const item of items) {
    if (item.launchHref) {
      const scormType = item.scormType ?? 'sco';
      const sequencing = item.sequencing;
      into.push({
        identifier: item.identifier,
        title: item.title,
        launchHref: item.launchHref,
        scormType,
        rules: {
          masteryScore: manifest.scormVersion === '1.2' ? item.masteryScore : null,
          completionThreshold: manifest.scormVersion === '1.2' ? null : completionThreshold(item, manifest.scormVersion),
          scaledPassingScore: manifest.scormVersion === '1.2' ? null : scaledPassingScore(sequencing),
        },
        sequencingRules: itemSequencingRules(sequencing),
        navigation: parent,
        objectives: itemObjectives(sequencing),
        clusters,
        dataFromLms: item.dataFromLms,
        maxTimeAllowed: item.maxTimeAllowed,
        timeLimitAction: item.timeLimitAction,
      });
    } else if (manifest.scormVersion !== '1.2') {
      const own = controlModeOf(item.sequencing);
      const preRules = itemSequencingRules(item.sequencing).filter((rule) => rule.kind === 'pre');
      const inside = preRules.length > 0 ? [...clusters, { identifier: item.identifier, sequencingRules: preRules, objectives: itemObjectives(item.sequencing) }] : clusters;
      playableOf(item.children, manifest, into, { choice: parent.choice && own.choice, flow: own.flow, forwardOnly: own.forwardOnly }, inside);
      continue;
    }
    playableOf(item.children, manifest, into, parent, clusters);
  }
  return into;
}

function rollupNodeOf(identifier: string, sequencing: Sequencing | null, leaf: boolean, tracked: boolean, children: RollupNode[]): RollupNode {
  return {
    identifier,
    leaf,
    tracked: tracked && (sequencing?.deliveryControls?.tracked ?? true),
    rollupSatisfied: sequencing?.rollupRules?.rollupObjectiveSatisfied ?? true,
    rollupCompletion: sequencing?.rollupRules?.rollupProgressCompletion ?? true,
    measureWeight: sequencing?.rollupRules?.objectiveMeasureWeight ?? 1,
    rules: leaf ? [] : (sequencing?.rollupRules?.rules ?? []),
    satisfiedByMeasure: leaf ? null : scaledPassingScore(sequencing),
    children,
  };
}

function rollupTreeOf(items: PackageItem[], assetsTracked: boolean): RollupNode[] {
  return items.map((item) =>
    item.launchHref
      ? rollupNodeOf(item.identifier, item.sequencing, true, assetsTracked || (item.scormType ?? 'sco') === 'sco', [])
      : rollupNodeOf(item.identifier, item.sequencing, false, true, rollupTreeOf(item.children, assetsTracked)),
  );
}

function hasSco(items: PackageItem[]): boolean {
  return items.some((item) => (item.launchHref !== null && (item.scormType ?? 'sco') === 'sco') || hasSco(item.children));
}

/**
 * The rollup tree of an organization (a SCORM 1.2 one has no sequencing: the default rules everywhere).
 * An organization of assets only would never complete, so there each asset counts, completed once opened.
 */
export function rollupTree(organization: PackageOrganization | undefined): RollupNode {
  const items = organization?.items ?? [];
  return rollupNodeOf(organization?.identifier ?? '', organization?.sequencing ?? null, false, true, rollupTreeOf(items, !hasSco(items)));
}

/**
 * The player's view of a package: the default organization's items as a table of contents,
 * the launchable items in flow order, and the navigation the organization allows (SCORM 2004
 * control mode of the root; its defaults are choice on, flow off. SCORM 1.2 has no
 * sequencing: choice and flow are both offered).
 */
export function courseStructure(manifest: PackageManifest): CourseStructure {
  const organization = manifest.organizations.find((org) => org.identifier === manifest.defaultOrganization) ?? manifest.organizations[0];
  const items = organization?.items ?? [];
  const navigation: Navigation = manifest.scormVersion === '1.2' ? { choice: true, flow: true, forwardOnly: false } : controlModeOf(organization?.sequencing ?? null);
  return {
    scormVersion: manifest.scormVersion,
    title: manifest.title,
    toc: tocOf(items),
    playable: playableOf(items, manifest, [], navigation),
    rollup: rollupTree(organization),
    navigation,
  };
}

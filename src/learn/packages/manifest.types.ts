import type { LocalisedText } from '../../platform/http/index.js';
import type { PackageErrorCode, PackageWarningCode } from './packages.errors.js';

export type ScormVersion = '1.2' | '2004-2nd' | '2004-3rd' | '2004-4th';

/** What imsmanifest.xml says about a package, with every launch address resolved and checked. */
export interface PackageManifest {
  scormVersion: ScormVersion;
  identifier: string;
  /** The default organization's title, else the LOM title, else the identifier. */
  title: string;
  /** Identifier of the organization a learner starts in (always one of `organizations`). */
  defaultOrganization: string;
  organizations: PackageOrganization[];
  resources: PackageResource[];
  /** SCORM 2004 `imsss:sequencingCollection`, by ID; items referring to one get it merged in already. */
  sequencingCollection: Record<string, Sequencing>;
}

export interface PackageOrganization {
  identifier: string;
  title: string;
  /** SCORM 2004: `adlseq:objectivesGlobalToSystem` (default true). */
  objectivesGlobalToSystem: boolean;
  /** SCORM 2004 4th: `adlcp:sharedDataGlobalToSystem` (default true). */
  sharedDataGlobalToSystem: boolean;
  sequencing: Sequencing | null;
  items: PackageItem[];
}

export interface PackageItem {
  identifier: string;
  title: string;
  identifierref: string | null;
  isVisible: boolean;
  /** The item's `parameters` attribute as written. */
  parameters: string | null;
  /**
   * Where the player opens the item, relative to the package root: the resource href under its
   * xml:base chain, with `parameters` merged in. An absolute URL for an external asset.
   * Null for an item that launches nothing (a cluster / folder item).
   */
  launchHref: string | null;
  /** The file `launchHref` names inside the package (percent-decoded, no query); null when external or none. */
  launchPath: string | null;
  scormType: 'sco' | 'asset' | null;
  /** SCORM 1.2 `adlcp:masteryscore` (0–100). */
  masteryScore: number | null;
  /** `adlcp:datafromlms` (1.2) / `adlcp:dataFromLMS` (2004). */
  dataFromLms: string | null;
  /** `adlcp:timelimitaction` / `adlcp:timeLimitAction`: exit,message | exit,no message | continue,message | continue,no message. */
  timeLimitAction: string | null;
  /** SCORM 1.2 `adlcp:maxtimeallowed` (HHHH:MM:SS.SS); SCORM 2004: the attempt's absolute duration limit (ISO 8601). */
  maxTimeAllowed: string | null;
  /** SCORM 1.2 `adlcp:prerequisites`, as written. */
  prerequisites: string | null;
  /** SCORM 2004 `adlcp:completionThreshold`. */
  completionThreshold: CompletionThreshold | null;
  /** SCORM 2004 `adlnav:hideLMSUI` values (previous, continue, exit, exitAll, abandon, abandonAll, suspendAll). */
  hideLmsUi: string[];
  sequencing: Sequencing | null;
  children: PackageItem[];
}

export interface CompletionThreshold {
  minProgressMeasure: number;
  /** 4th edition attribute; in the 3rd edition a threshold always judges completion by progress. */
  completedByMeasure: boolean;
  progressWeight: number;
}

export interface PackageResource {
  identifier: string;
  type: string;
  scormType: 'sco' | 'asset';
  /** The href as written. */
  href: string | null;
  /** The resolved xml:base chain (manifest, resources, resource), relative to the package root; '' for none. */
  base: string;
  /** href under `base`, relative to the package root (or an absolute URL when external); no parameters. */
  launchHref: string | null;
  launchPath: string | null;
  external: boolean;
  files: { href: string; path: string | null }[];
  dependencies: string[];
}

export interface Sequencing {
  /** The ID of an entry of the sequencing collection; null inside an item. */
  id: string | null;
  controlMode: ControlMode | null;
  sequencingRules: SequencingRule[];
  limitConditions: { attemptLimit: number | null; attemptAbsoluteDurationLimit: string | null } | null;
  objectives: SequencingObjective[];
  rollupRules: RollupRules | null;
  deliveryControls: { tracked: boolean; completionSetByContent: boolean; objectiveSetByContent: boolean } | null;
  randomizationControls: { randomizationTiming: string; selectCount: number | null; reorderChildren: boolean; selectionTiming: string } | null;
  constrainedChoiceConsiderations: { preventActivation: boolean; constrainChoice: boolean } | null;
}

export interface ControlMode {
  choice: boolean;
  choiceExit: boolean;
  flow: boolean;
  forwardOnly: boolean;
  useCurrentAttemptObjectiveInfo: boolean;
  useCurrentAttemptProgressInfo: boolean;
}

export interface SequencingRule {
  kind: 'pre' | 'exit' | 'post';
  conditionCombination: 'all' | 'any';
  conditions: { condition: string; operator: 'noOp' | 'not'; referencedObjective: string | null; measureThreshold: number | null }[];
  action: string;
}

export interface SequencingObjective {
  /** `objectiveID`; may be null for a primary objective that is not shared. */
  id: string | null;
  primary: boolean;
  satisfiedByMeasure: boolean;
  minNormalizedMeasure: number;
  mapInfo: {
    targetObjectiveId: string;
    readSatisfiedStatus: boolean;
    readNormalizedMeasure: boolean;
    writeSatisfiedStatus: boolean;
    writeNormalizedMeasure: boolean;
  }[];
}

/** A summary of `imsss:rollupRules`: the flags and each rule's set, conditions and action. */
export interface RollupRules {
  rollupObjectiveSatisfied: boolean;
  rollupProgressCompletion: boolean;
  objectiveMeasureWeight: number;
  rules: {
    childActivitySet: string;
    minimumCount: number;
    minimumPercent: number;
    conditionCombination: 'all' | 'any';
    conditions: { condition: string; operator: 'noOp' | 'not' }[];
    action: string;
  }[];
}

export interface ReportItem {
  code: PackageErrorCode | PackageWarningCode;
  message: LocalisedText;
  /** Where in the package: "imsmanifest.xml", "item SCO-1", "resource RES-2 file a/b.html", … */
  where: string;
  /** The value at fault (a path, an identifier, a parser message), when there is one. */
  detail?: string;
}

/** Errors stop an import; warnings are shown to the uploader and do not. */
export interface ValidationReport {
  errors: ReportItem[];
  warnings: ReportItem[];
}

import { z } from 'zod';
import { PROGRESS_STATUSES } from '../enrolments/enrolments.schema.js';

/** The largest `cmi.suspend_data` accepted (authoring tools exceed the 4,096 characters of SCORM 1.2 by far). */
export const MAX_SUSPEND_DATA_CHARS = 256 * 1024;

export const progressStatus = z.enum(PROGRESS_STATUSES);

export const enrolmentParams = z.object({ enrolmentId: z.uuid() });
export const attemptParams = z.object({ attemptId: z.uuid() });
export const versionParams = z.object({ versionId: z.uuid() });

export const launchInput = z
  .object({
    /** Start a new attempt (on the current version) when the open one is finished. */
    newAttempt: z.boolean().optional(),
  })
  .optional();

const tocEntry = z.object({
  identifier: z.string(),
  title: z.string(),
  /** Depth in the tree, 0 for the organization's top-level items. */
  level: z.number().int(),
  launchHref: z.string().nullable(),
  scormType: z.enum(['sco', 'asset']).nullable(),
  isVisible: z.boolean(),
});

const navigation = z.object({ choice: z.boolean(), flow: z.boolean(), forwardOnly: z.boolean() });

const sequencingRule = z.object({
  kind: z.enum(['pre', 'post']),
  conditionCombination: z.enum(['all', 'any']),
  conditions: z.array(
    z.object({
      condition: z.string(),
      operator: z.enum(['noOp', 'not']),
      measureThreshold: z.number().nullable(),
      /** The item's own objective the condition is about, when it is not its primary objective. */
      otherObjective: z.string().nullable(),
    }),
  ),
  action: z.string(),
});

const itemObjective = z.object({
  id: z.string().nullable(),
  primary: z.boolean(),
  maps: z.array(z.object({ target: z.string(), readSatisfied: z.boolean(), readMeasure: z.boolean(), writeSatisfied: z.boolean(), writeMeasure: z.boolean() })),
});

export const launchResponse = z.object({
  preview: z.boolean(),
  /** Null in a preview, which records nothing. */
  attemptId: z.uuid().nullable(),
  attemptNumber: z.number().int().nullable(),
  attemptStatus: progressStatus,
  versionId: z.uuid(),
  scormVersion: z.string(),
  title: z.string(),
  /**
   * The content frame's address: the launch page on the content origin, with the credential of
   * this attempt (or preview) in its path; the frame loads each SCO from the same origin. Course
   * content never runs on the app's own origin.
   */
  launchUrl: z.string(),
  /** The content origin: the only origin the player takes messages from. */
  contentOrigin: z.string(),
  /** The table of contents in document order (a flattened tree). */
  toc: z.array(tocEntry),
  /** Launchable items in flow order. */
  playable: z.array(
    z.object({
      identifier: z.string(),
      title: z.string(),
      launchHref: z.string(),
      scormType: z.enum(['sco', 'asset']),
      /** A cmi5 AU whose launchMethod is OwnWindow: it opens in a browser window of its own, not in the player's frame (cmi5 8.1.2). */
      ownWindow: z.boolean(),
      /** SCORM 2004 pre-condition rules (skip, disabled, hidden from choice, stop forward traversal) and post-condition rules (continue, previous, exit all, ...). */
      sequencingRules: z.array(sequencingRule),
      /** The navigation for this item: choice when every cluster above allows it; flow and forward-only of its parent cluster. */
      navigation,
      /** Its objectives that map to shared (global) objectives, read by other items' sequencing rules. */
      objectives: z.array(itemObjective),
      /** The clusters above it with pre-condition rules (outermost first), which apply to it too. */
      clusters: z.array(z.object({ identifier: z.string(), sequencingRules: z.array(sequencingRule), objectives: z.array(itemObjective) })),
    }),
  ),
  /** The organization's navigation (its control mode). */
  navigation,
  /** Where the learner left off (the SCO used last), else the first launchable item. */
  startScoId: z.string().nullable(),
  /** Per launchable item: the data to load before the SCO initialises and the last acknowledged sequence number. */
  states: z.record(z.string(), z.object({ seq: z.number().int(), status: progressStatus.nullable(), cmi: z.record(z.string(), z.unknown()) })),
});
export type LaunchData = z.infer<typeof launchResponse>;

export const commitInput = z.object({
  scoId: z.string().min(1).max(255),
  /** Increases with every commit of the player; a commit at or below the stored one is ignored. */
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** The SCO's run-time data as the SCORM API holds it (the `cmi` object). */
  cmi: z.record(z.string(), z.unknown()),
});
export type CommitInput = z.infer<typeof commitInput>;

export const commitResponse = z.object({
  seq: z.number().int(),
  /** False when the commit was stale or repeated: the stored data was newer and stays. */
  accepted: z.boolean(),
});
export type CommitResponse = z.infer<typeof commitResponse>;

export const resetResponse = z.object({
  enrolmentId: z.uuid(),
  status: progressStatus,
  /** The attempt that was closed, or null when there was none open. */
  closedAttemptId: z.uuid().nullable(),
});

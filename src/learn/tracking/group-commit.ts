import { isDeadlock, type Db } from '../../platform/db/index.js';
import { rememberVerifiedSessions, sessionCacheTicket, sessionsDueForTouch, type VerifiedSession } from '../../platform/identity/index.js';
import { enrolmentCompleted, type EnrolmentCompletedData } from '../enrolments/enrolment-events.js';
import { publishEvent } from '../../platform/events/index.js';
import type { ActivityResult } from '../progress/activity-result.js';
import { planAttemptProgress, type ObservationOutcome, type ProgressObservation } from '../progress/progress-plan.js';
import {
  lockEnrolments,
  readAttemptProgress,
  writeAttemptProgress,
  type ActivityStateWrite,
  type AttemptProgressRow,
  type AttemptWrite,
  type EnrolmentWrite,
} from '../progress/progress.repository.js';
import type { RollupNode } from '../progress/rollup.js';
import { AttemptStateCache } from './attempt-state-cache.js';
import type { CommitSession } from './commit-session.js';

/** How often a batch is written again after a deadlock, under the enrolments' locks, before it fails. */
const MAX_DEADLOCK_RETRIES = 3;

/** What became of one commit: stored, older than (or equal to) what is stored, or refused. */
export type CommitOutcome = ObservationOutcome | 'signed-out';

export interface PendingCommit {
  attemptId: string;
  enrolmentId: string;
  /** The learner of the attempt: the session must be theirs. */
  userId: string;
  session: CommitSession;
  scoId: string;
  seq: number;
  cmi: Record<string, unknown>;
  /** The commit's data mapped to a result (before merging with the stored one). */
  result: ActivityResult;
  /** The activity tree of the attempt's version, for the rollup. */
  rollup: RollupNode;
}

/** An attempt of the batch changed between its read and its write (another node, a launch, a reset). */
class BatchConflict extends Error {}

/** A session checked in the batch's write did not pass: the batch is done again on a read, which sorts out whose commit stores nothing. */
class SessionRecheck extends Error {}

/**
 * How a batch is written. `known`: with what this node knows of its attempts, sessions checked
 * in the write itself, so a batch of attempts seen before is one statement. `read`: every
 * attempt and session read first. `locked`: the same after locking the enrolments.
 */
type WriteMode = 'known' | 'read' | 'locked';

interface Waiting extends PendingCommit {
  done: (outcome: CommitOutcome) => void;
  fail: (error: unknown) => void;
}

interface TenantQueue {
  waiting: Waiting[];
  running: number;
  scheduled: boolean;
}

export interface GroupCommitOptions {
  /** Batches of one tenant written at the same time (PGlite has one connection: 1). */
  concurrency: number;
  /** The most commits in one transaction. */
  maxBatch: number;
}

const sessionKey = (commit: PendingCommit) => commit.session.idHash;

/**
 * Group commit: the commits that arrive while a batch is being written wait for the next
 * batch, which writes all of them in one transaction per tenant: one read of the attempts and
 * of the sessions to check (skipped when this node knows every attempt of the batch and no
 * session needs a check), one multi-row write (checked against the attempts' and enrolments'
 * row versions; on a conflict the batch is read and written again after locking its
 * enrolments). Each commit is answered only after its batch's COMMIT, so an answer means
 * durable. Under little load a batch holds one commit and nothing waits.
 */
export class GroupCommitWriter {
  private readonly queues = new Map<string, TenantQueue>();
  private readonly known = new AttemptStateCache();

  constructor(
    private readonly db: Db,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(tenantId: string, commit: PendingCommit): Promise<CommitOutcome> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(tenantId);
      if (!queue) {
        queue = { waiting: [], running: 0, scheduled: false };
        this.queues.set(tenantId, queue);
      }
      queue.waiting.push({ ...commit, done: resolve, fail: reject });
      this.schedule(tenantId, queue);
    });
  }

  /** Starts batches on the next turn of the event loop, so commits parsed in the same turn share one. */
  private schedule(tenantId: string, queue: TenantQueue): void {
    if (queue.scheduled) return;
    queue.scheduled = true;
    setImmediate(() => {
      queue.scheduled = false;
      this.pump(tenantId, queue);
    });
  }

  private pump(tenantId: string, queue: TenantQueue): void {
    while (queue.running < this.options.concurrency && queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, this.options.maxBatch);
      queue.running += 1;
      void this.writeWithFallback(tenantId, batch).finally(() => {
        queue.running -= 1;
        if (queue.waiting.length > 0) this.pump(tenantId, queue);
        else if (queue.running === 0 && !queue.scheduled) this.queues.delete(tenantId);
      });
    }
  }

  /**
   * A batch is first written optimistically (no locks: its write applies only if no attempt
   * changed since it was read or last written here); a session that fails its check sends it
   * through a read, a changed row through a read under row locks, and so does a deadlock with
   * another batch written optimistically at the same time (their rows locked in different
   * orders; under the enrolments' locks, taken in id order, none can arise). A failing batch is
   * retried one commit at a time, so one bad commit cannot fail the others.
   */
  private async writeWithFallback(tenantId: string, batch: Waiting[]): Promise<void> {
    const write = async (commits: Waiting[]) => {
      let mode: WriteMode = 'known';
      let deadlocks = 0;
      for (;;) {
        try {
          return await this.writeBatch(tenantId, commits, mode);
        } catch (error) {
          for (const commit of commits) this.known.delete(commit.attemptId);
          if (error instanceof SessionRecheck && mode === 'known') mode = 'read';
          else if (error instanceof BatchConflict && mode !== 'locked') mode = 'locked';
          // A batch under the locks can still be chosen to give way to an optimistic one that
          // holds rows it needs; that one retries under the locks too, so the next try gets through.
          else if (isDeadlock(error) && ++deadlocks <= MAX_DEADLOCK_RETRIES) mode = 'locked';
          else throw error;
        }
      }
    };
    try {
      const outcomes = await write(batch);
      batch.forEach((commit, index) => commit.done(outcomes[index]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.fail(error);
        return;
      }
      for (const commit of batch) {
        try {
          const [outcome] = await write([commit]);
          commit.done(outcome!);
        } catch (single) {
          commit.fail(single);
        }
      }
    }
  }

  private async writeBatch(tenantId: string, batch: Waiting[], mode: WriteMode): Promise<CommitOutcome[]> {
    const toVerify = [...new Set(batch.filter((commit) => commit.session.verify).map(sessionKey))];
    const now = new Date();
    const ticket = sessionCacheTicket();

    const { outcomes, liveSessions, nextRows, gone } = await this.db.withTenant(tenantId, async (tx) => {
      // Every change of an attempt takes its enrolment's lock first (launch, reset): in id order, no deadlock.
      if (mode === 'locked') await lockEnrolments(tx, [...new Set(batch.map((commit) => commit.enrolmentId))]);
      const attemptIds = [...new Set(batch.map((commit) => commit.attemptId))];
      const known = mode === 'known' ? attemptIds.map((id) => this.known.get(tenantId, id)).filter((row) => row !== undefined) : [];
      const knownIds = new Set(known.map((row) => row.id));
      const toRead = attemptIds.filter((id) => !knownIds.has(id));
      // The sessions are checked in the batch's first statement: the read when there is one, else the write.
      const verifyInRead = mode !== 'known' || toRead.length > 0;
      const state =
        toRead.length > 0 || (verifyInRead && toVerify.length > 0) ? await readAttemptProgress(tx, toRead, verifyInRead ? toVerify : []) : { attempts: [], sessions: [] };
      const outcomes = new Map<Waiting, CommitOutcome>();

      // A commit whose session ended or went idle, or is someone else's, stores nothing.
      const admitted = verifyInRead ? admit(batch, state.sessions, now, outcomes) : batch;

      const byAttempt = new Map([...known, ...state.attempts].map((row) => [row.id, row]));
      const admittedByAttempt = new Map<string, Waiting[]>();
      for (const commit of admitted) {
        const list = admittedByAttempt.get(commit.attemptId);
        if (list) list.push(commit);
        else admittedByAttempt.set(commit.attemptId, [commit]);
      }
      const stateWrites: ActivityStateWrite[] = [];
      const attemptWrites: AttemptWrite[] = [];
      const enrolmentWrites: EnrolmentWrite[] = [];
      const completions: EnrolmentCompletedData[] = [];
      // What this node will know of each attempt once the batch is durable (row versions filled in after the write).
      const nextRows: AttemptProgressRow[] = [];
      const gone: string[] = [];
      for (const attemptId of attemptIds) {
        const commits = admittedByAttempt.get(attemptId);
        if (!commits) continue;
        const plan = planAttemptProgress(byAttempt.get(attemptId), commits[0]!.rollup, commits.map(observationOf), now);
        commits.forEach((commit, index) => outcomes.set(commit, plan.outcomes[index]!));
        stateWrites.push(...plan.states);
        if (plan.attempt) attemptWrites.push(plan.attempt);
        if (plan.enrolment) enrolmentWrites.push(plan.enrolment);
        if (plan.completion) completions.push(plan.completion);
        if (plan.next) nextRows.push(plan.next);
        else gone.push(attemptId);
      }

      // A commit is activity: a checked session whose last write is due is touched; never one
      // idle past the limit, which stays ended (in a write that checks its sessions, such a one
      // fails the check and the whole write is rolled back).
      const touchSessions = verifyInRead ? sessionsDueForTouch(state.sessions, now.getTime(), batch[0]!.session.idleMs) : toVerify;
      let liveSessions = state.sessions;
      if (stateWrites.length > 0 || touchSessions.length > 0) {
        const written = await writeAttemptProgress(tx, {
          states: stateWrites,
          attempts: attemptWrites,
          enrolments: enrolmentWrites,
          verifySessions: verifyInRead ? [] : toVerify,
          touchSessions,
        });
        if (!written) throw new BatchConflict('an attempt or enrolment changed while the batch was written');
        // In the batch's transaction: a completion is announced exactly when its progress is stored.
        for (const completion of completions) await publishEvent(tx, enrolmentCompleted, completion);
        if (!verifyInRead) {
          if (admit(batch, written.sessions, now, outcomes).length !== batch.length) throw new SessionRecheck('a session of the batch did not pass its check');
          liveSessions = written.sessions;
        }
        for (const [index, row] of nextRows.entries()) {
          nextRows[index] = {
            ...row,
            version: written.attempts.get(row.id) ?? row.version,
            enrolmentVersion: written.enrolments.get(row.enrolmentId) ?? row.enrolmentVersion,
          };
        }
      }
      return { outcomes, liveSessions, nextRows, gone };
    });

    for (const row of nextRows) this.known.set(tenantId, row);
    for (const attemptId of gone) this.known.delete(attemptId);

    // Sessions checked here need no check of their own for a while (as after any signed-in request).
    rememberVerifiedSessions(liveSessions, now.getTime(), batch[0]!.session.idleMs, ticket);
    return batch.map((commit) => outcomes.get(commit)!);
  }
}

/**
 * The commits whose session, where it needs a check, is among the live ones, not idle past the
 * tenant's limit and the attempt's learner's; the others are marked as refused in `outcomes`.
 */
function admit(batch: Waiting[], live: VerifiedSession[], now: Date, outcomes: Map<Waiting, CommitOutcome>): Waiting[] {
  const byIdHash = new Map(live.map((session) => [session.idHash, session]));
  return batch.filter((commit) => {
    const { session } = commit;
    if (!session.verify) return true;
    const row = byIdHash.get(session.idHash);
    if (!row || now.getTime() - row.lastSeenAt.getTime() > session.idleMs) {
      outcomes.set(commit, 'signed-out');
      return false;
    }
    if (row.user.id !== commit.userId) {
      outcomes.set(commit, 'missing');
      return false;
    }
    return true;
  });
}

/** A SCORM commit as progress sees it: the SCO is the activity, the player's sequence number orders, the CMI data is kept. */
const observationOf = (commit: PendingCommit): ProgressObservation => ({ activityId: commit.scoId, seq: commit.seq, result: commit.result, payload: commit.cmi });

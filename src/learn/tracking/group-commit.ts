import type { Db } from '../../platform/db/client.js';
import { rememberSession } from '../../platform/identity/session-cache.js';
import type { User } from '../../platform/identity/users.repository.js';
import type { ProgressStatus } from '../enrolments/enrolments.schema.js';
import type { CommitSession } from './commit-session.js';
import { TOUCH_INTERVAL_MS } from './commit-session.js';
import type { PlayableItem } from './course-structure.js';
import { mergeScoResult, type ScoResult } from './progress-mapping.js';
import { FINISHED_STATUSES, nextEnrolmentSummary, rollupAttempt, type AttemptProgress } from './rollup.js';
import { lockEnrolments, readBatchState, writeBatch, type AttemptWrite, type EnrolmentWrite, type LiveSessionRow, type ScoStateWrite } from './tracking.repository.js';

/** What became of one commit: stored, older than (or equal to) what is stored, or refused. */
export type CommitOutcome = 'accepted' | 'stale' | 'closed' | 'missing' | 'signed-out';

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
  result: ScoResult;
  /** The launchable items of the attempt's version, for the rollup. */
  items: PlayableItem[];
}

/** An attempt of the batch changed between its read and its write (another node, a launch, a reset). */
class BatchConflict extends Error {}

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
 * of the sessions to check, one multi-row write (checked against the attempts' row versions;
 * on a conflict the batch is written again after locking its enrolments). Each
 * commit is answered only after its batch's COMMIT, so an answer means durable. Under little
 * load a batch holds one commit and nothing waits.
 */
export class GroupCommitWriter {
  private readonly queues = new Map<string, TenantQueue>();

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
   * changed since its read); on a conflict it is written again under row locks. A failing
   * batch is retried one commit at a time, so one bad commit cannot fail the others.
   */
  private async writeWithFallback(tenantId: string, batch: Waiting[]): Promise<void> {
    const write = async (commits: Waiting[]) => {
      try {
        return await this.writeBatch(tenantId, commits, false);
      } catch (error) {
        if (!(error instanceof BatchConflict)) throw error;
        return this.writeBatch(tenantId, commits, true);
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

  private async writeBatch(tenantId: string, batch: Waiting[], lock: boolean): Promise<CommitOutcome[]> {
    const toVerify = [...new Set(batch.filter((commit) => commit.session.verify).map(sessionKey))];
    const now = new Date();

    const { outcomes, liveSessions, touched } = await this.db.withTenant(tenantId, async (tx) => {
      // Every change of an attempt takes its enrolment's lock first (launch, reset): in id order, no deadlock.
      if (lock) await lockEnrolments(tx, [...new Set(batch.map((commit) => commit.enrolmentId))]);
      const attemptIds = [...new Set(batch.map((commit) => commit.attemptId))];
      const state = await readBatchState(tx, attemptIds, toVerify);
      const live = new Map(state.sessions.map((session) => [session.idHash, session]));
      const outcomes = new Map<Waiting, CommitOutcome>();

      // The session first: a commit whose session ended or went idle, or is someone else's, stores nothing.
      const admitted: Waiting[] = [];
      for (const commit of batch) {
        const { session } = commit;
        if (session.verify) {
          const row = live.get(session.idHash);
          if (!row || now.getTime() - row.lastSeenAt.getTime() > session.idleMs) {
            outcomes.set(commit, 'signed-out');
            continue;
          }
          if (row.user.id !== commit.userId) {
            outcomes.set(commit, 'missing');
            continue;
          }
        }
        admitted.push(commit);
      }

      // Within a batch only the highest sequence number of a SCO can win.
      const winners = new Map<string, Waiting>();
      for (const commit of admitted) {
        const key = `${commit.attemptId}\u0000${commit.scoId}`;
        const current = winners.get(key);
        if (!current || commit.seq > current.seq) winners.set(key, commit);
      }
      for (const commit of admitted) {
        const winner = winners.get(`${commit.attemptId}\u0000${commit.scoId}`)!;
        if (winner !== commit) outcomes.set(commit, 'stale');
      }

      const byAttempt = new Map(state.attempts.map((row) => [row.id, row]));
      const stateWrites: ScoStateWrite[] = [];
      const attemptWrites: AttemptWrite[] = [];
      const enrolmentWrites: EnrolmentWrite[] = [];
      for (const attemptId of attemptIds) {
        const row = byAttempt.get(attemptId);
        const commits = [...winners.values()].filter((commit) => commit.attemptId === attemptId);
        if (commits.length === 0) continue;
        if (!row || row.closed) {
          for (const commit of commits) outcomes.set(commit, row ? 'closed' : 'missing');
          continue;
        }
        const states = new Map<string, ScoResult & { seq: number }>(
          row.states.map((stored) => [
            stored.scoId,
            { seq: Number(stored.seq), completion: stored.completion, success: stored.success, scorePercent: stored.scorePercent, totalTimeSeconds: stored.totalTimeSeconds },
          ]),
        );
        let changed = false;
        for (const commit of commits) {
          const stored = states.get(commit.scoId);
          if (stored && stored.seq >= commit.seq) {
            outcomes.set(commit, 'stale');
            continue;
          }
          const merged = mergeScoResult(stored ?? null, commit.result);
          states.set(commit.scoId, { ...merged, seq: commit.seq });
          stateWrites.push({
            attempt_id: attemptId,
            sco_id: commit.scoId,
            seq: commit.seq,
            cmi: commit.cmi,
            completion_status: merged.completion,
            success_status: merged.success,
            score_percent: merged.scorePercent,
            total_time_seconds: merged.totalTimeSeconds,
          });
          outcomes.set(commit, 'accepted');
          changed = true;
        }
        if (!changed) continue;

        const before: AttemptProgress = { status: row.status, scorePercent: row.scorePercent, timeSpentSeconds: row.timeSpentSeconds };
        const after = rollupAttempt(commits[0]!.items, states);
        attemptWrites.push({
          id: attemptId,
          version: row.version,
          status: after.status,
          score_percent: after.scorePercent,
          time_spent_seconds: after.timeSpentSeconds,
          completed_at: FINISHED_STATUSES.includes(after.status) ? (row.completedAt ?? now).toISOString() : null,
        });
        const summary = nextEnrolmentSummary(
          {
            status: row.enrolmentStatus as ProgressStatus,
            scorePercent: row.enrolmentScorePercent,
            timeSpentSeconds: row.enrolmentTimeSpentSeconds,
            completedAt: row.enrolmentCompletedAt,
          },
          before,
          after,
          now,
        );
        enrolmentWrites.push({
          id: row.enrolmentId,
          status: summary.status,
          score_percent: summary.scorePercent,
          time_spent_seconds: summary.timeSpentSeconds,
          completed_at: summary.completedAt?.toISOString() ?? null,
        });
      }

      // A commit is activity: the sessions checked here whose last write is due are touched.
      const touched = new Set(
        state.sessions.filter((session) => now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS).map((session) => session.idHash),
      );
      if ((stateWrites.length > 0 || touched.size > 0) && !(await writeBatch(tx, stateWrites, attemptWrites, enrolmentWrites, [...touched]))) {
        throw new BatchConflict('an attempt changed while the batch was written');
      }
      return { outcomes, liveSessions: state.sessions, touched };
    });

    // Sessions checked here need no check of their own for a while (as after any signed-in request).
    const idleMs = batch[0]!.session.idleMs;
    for (const session of liveSessions) {
      if (now.getTime() - session.lastSeenAt.getTime() <= idleMs) remember(session, touched.has(session.idHash) ? now : session.lastSeenAt, now);
    }
    return batch.map((commit) => outcomes.get(commit)!);
  }
}

function remember(session: LiveSessionRow, lastSeen: Date, now: Date): void {
  rememberSession(session.idHash, {
    user: session.user as User,
    mfaEnabled: session.mfaEnabled,
    lastSeenAt: lastSeen.getTime(),
    expiresAt: session.expiresAt,
    checkedAt: now.getTime(),
  });
}

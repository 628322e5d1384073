import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Orm } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import { siteUrlOf, type Tenant } from '../../platform/tenancy/index.js';
import type { LearnDeps } from '../learn-deps.js';
import type { CompiledVersion, TrackingContext } from '../tracking/tracking-context.js';
import { putLmsStateDocument, storeLmsStatements, XapiError } from '../../lrs/index.js';
import { cmi5Aus, type Cmi5Au, type Cmi5Block, type Cmi5Course, type MoveOn } from '../packages/cmi5-xml.js';
import type { ActivityResult } from '../progress/activity-result.js';
import { recordProgress } from '../progress/record-progress.js';
import type { RollupNode } from '../progress/rollup.js';
import { launchRefusal } from '../tracking/launch-refusals.js';
import { findActivitySeq } from '../tracking/tracking.repository.js';
import { durationSeconds, scorePercentOf } from '../tracking/xapi-statements.js';
import { learnerAgent, type LearnerAgent } from '../tracking/xapi-launch.js';
import type { Cmi5LaunchMode } from './cmi5.schema.js';
import { countSessions, findLearnerName, insertSession, listActivityStates, lockOpenSessions, saveActivityState, updateSession, type Cmi5ActivityStateRow, type Cmi5SessionRow } from './cmi5.repository.js';
import { isCmi5Defined, nextSessionFacts, refusalOfAuStatement, verbOf, type Cmi5Refusal, type SessionFacts } from './cmi5-rules.js';
import { abandonedStatement, launchedStatement, satisfiedStatement, waivedStatement, type RegistrationOf } from './cmi5-statements.js';
import { EXTENSION, LAUNCH_DATA_STATE_ID, VERB, type WaiveReason } from './cmi5-vocabulary.js';

/*
 * One learner's cmi5 registration (the attempt): launching an AU (a session, the launched
 * statement, LMS.LaunchData), the AU's statements checked against the rules and turned into
 * progress, blocks and the course satisfied as their AUs are, sessions abandoned and AUs waived.
 * Everything runs in the caller's transaction under the enrolment's lock (recordProgress takes it),
 * so one registration's records change one after the other.
 */

type Json = Record<string, unknown>;

export interface Cmi5Registration {
  tenant: Tenant;
  siteUrl: string;
  attemptId: string;
  learner: LearnerAgent;
  course: Cmi5Course;
  /** The version's rollup tree (its AUs are the tracked leaves). */
  tree: RollupNode;
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The registration of an attempt of a cmi5 version: what its launches and statements are recorded against. */
export async function registrationOf(context: TrackingContext, config: LearnDeps['config'], grant: { tenant: Tenant; attemptId: string; userId: string }, version: CompiledVersion, tx?: Orm): Promise<Cmi5Registration> {
  const siteUrl = siteUrlOf(grant.tenant, config);
  const name = (tx ? await findLearnerName(tx, grant.userId) : await context.db.withTenant(grant.tenant.id, (t) => findLearnerName(t, grant.userId))) ?? '';
  return { tenant: grant.tenant, siteUrl, attemptId: grant.attemptId, learner: learnerAgent(siteUrl, grant.userId, name), course: version.cmi5!, tree: version.structure.rollup };
}

const recorderOf = (registration: Cmi5Registration) => ({ tenant: registration.tenant, siteUrl: registration.siteUrl, authorityKey: `launch:${registration.attemptId}` });
const ofRegistration = (registration: Cmi5Registration): RegistrationOf => ({ learner: registration.learner, registration: registration.attemptId });

type ActivityState = Pick<Cmi5ActivityStateRow, 'completed' | 'passed' | 'failed' | 'waived' | 'satisfied' | 'timeSeconds'>;
const EMPTY_STATE: ActivityState = { completed: false, passed: false, failed: false, waived: false, satisfied: false, timeSeconds: 0 };

/** Whether an AU's moveOn is met by what it recorded (a waived AU is satisfied). */
export function moveOnMet(moveOn: MoveOn, state: Pick<ActivityState, 'completed' | 'passed' | 'waived'>): boolean {
  if (state.waived) return true;
  switch (moveOn) {
    case 'Completed':
      return state.completed;
    case 'Passed':
      return state.passed;
    case 'CompletedAndPassed':
      return state.completed && state.passed;
    case 'CompletedOrPassed':
      return state.completed || state.passed;
    case 'NotApplicable':
      return true;
  }
}

/** The registration's states by activity id, with changes kept until they are written. */
class RegistrationStates {
  private readonly changed = new Set<string>();
  private constructor(private readonly states: Map<string, ActivityState>) {}

  static async read(tx: Orm, attemptId: string): Promise<RegistrationStates> {
    return new RegistrationStates(new Map((await listActivityStates(tx, attemptId)).map((row) => [row.activityId, row])));
  }

  of(activityId: string): ActivityState {
    return this.states.get(activityId) ?? EMPTY_STATE;
  }

  set(activityId: string, state: ActivityState): void {
    this.states.set(activityId, state);
    this.changed.add(activityId);
  }

  async write(tx: Orm, attemptId: string): Promise<string[]> {
    const ids = [...this.changed];
    for (const id of ids) await saveActivityState(tx, attemptId, id, this.of(id));
    this.changed.clear();
    return ids;
  }
}

/**
 * Marks satisfied the AUs whose moveOn is met and then every block and the course whose children
 * all are (innermost first), and returns the satisfied statements for the blocks and the course
 * that became so (the LMS issues none for an AU: 9.3.9).
 */
function satisfy(registration: Cmi5Registration, states: RegistrationStates, sessionId: string): Json[] {
  const statements: Json[] = [];
  const visit = (node: Cmi5Block | Cmi5Course): boolean => {
    let all = true;
    for (const child of node.children) {
      if (child.kind === 'au') {
        const state = states.of(child.lmsId);
        if (!state.satisfied && moveOnMet(child.moveOn, state)) states.set(child.lmsId, { ...state, satisfied: true });
        all &&= states.of(child.lmsId).satisfied;
      } else all = visit(child) && all;
    }
    const state = states.of(node.lmsId);
    if (all && !state.satisfied) {
      states.set(node.lmsId, { ...state, satisfied: true });
      statements.push(satisfiedStatement(ofRegistration(registration), node, sessionId));
    }
    return all;
  };
  visit(registration.course);
  return statements;
}

/** Records the AUs' progress through Learn's progress model, so dashboards and reports need no special case. */
async function recordAuProgress(tx: Orm, registration: Cmi5Registration, states: RegistrationStates, auIds: readonly string[], scores: ReadonlyMap<string, number | null>): Promise<void> {
  const aus = new Map(cmi5Aus(registration.course).map((au) => [au.lmsId, au]));
  const observations = [];
  for (const id of auIds) {
    if (!aus.has(id)) continue;
    const state = states.of(id);
    const result: ActivityResult = {
      completion: state.satisfied || state.completed ? 'completed' : 'incomplete',
      success: state.passed ? 'passed' : state.failed ? 'failed' : 'unknown',
      scorePercent: scores.get(id) ?? null,
      progressMeasure: null,
      totalTimeSeconds: state.timeSeconds,
    };
    const previous = await findActivitySeq(tx, registration.attemptId, id);
    observations.push({ activityId: id, seq: Math.max(previous + 1, Date.now()), result, payload: { cmi5: true } });
  }
  if (observations.length === 0) return;
  const recorded = await recordProgress({ tx }, { attemptId: registration.attemptId, tree: registration.tree, observations });
  if (recorded.outcomes.some((outcome) => outcome === 'closed' || outcome === 'missing')) {
    throw launchRefusal('LEARN_LAUNCH_ENDED');
  }
}

const secondsBetween = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

/** Abandons the registration's open sessions (a new launch, or an administrator): an abandoned statement each, its time counted. */
async function abandonOpenSessions(tx: Orm, registration: Cmi5Registration, states: RegistrationStates): Promise<Json[]> {
  const aus = new Map(cmi5Aus(registration.course).map((au) => [au.lmsId, au]));
  const statements: Json[] = [];
  const now = new Date();
  for (const session of await lockOpenSessions(tx, registration.attemptId)) {
    await updateSession(tx, session.id, { abandonedAt: now });
    const au = aus.get(session.auId);
    if (!au) continue;
    const seconds = secondsBetween(session.launchedAt, session.lastActivityAt);
    statements.push(abandonedStatement(ofRegistration(registration), au, session.id, seconds));
    const state = states.of(au.lmsId);
    states.set(au.lmsId, { ...state, timeSeconds: Math.min(2_147_483_647, state.timeSeconds + Math.round(seconds)) });
  }
  return statements;
}

/** What the AU is launched with: its session and the one-time token of its fetch URL. */
export interface AuLaunch {
  sessionId: string;
  fetchToken: string;
}

/** The LMS.LaunchData state document of an AU's session (cmi5 10.2.1). */
export function launchDataOf(au: Cmi5Au, session: { sessionId: string; launchMode: Cmi5LaunchMode; returnUrl: string | null }): Json {
  return {
    contextTemplate: { contextActivities: { grouping: [{ id: au.publisherId }] }, extensions: { [EXTENSION.sessionId]: session.sessionId } },
    launchMode: session.launchMode,
    launchMethod: au.launchMethod,
    moveOn: au.moveOn,
    ...(au.launchParameters !== null ? { launchParameters: au.launchParameters } : {}),
    ...(au.masteryScore !== null ? { masteryScore: au.masteryScore } : {}),
    ...(au.entitlementKey !== null ? { entitlementKey: { courseStructure: au.entitlementKey } } : {}),
    ...(session.returnUrl !== null ? { returnURL: session.returnUrl } : {}),
  };
}

/**
 * Launches an AU (cmi5 8 and 10): abandons the registration's open sessions, satisfies what needs
 * no launch when the registration is new (NotApplicable AUs and the blocks and course they
 * complete), opens a session with a one-time fetch token, writes LMS.LaunchData to the State
 * resource and records the launched statement.
 */
export async function launchAu(tx: Orm, registration: Cmi5Registration, au: Cmi5Au, launch: { launchMode: Cmi5LaunchMode; launchUrl: string; returnUrl: string | null }): Promise<AuLaunch> {
  const states = await RegistrationStates.read(tx, registration.attemptId);
  const fresh = (await countSessions(tx, registration.attemptId)) === 0;
  const statements = await abandonOpenSessions(tx, registration, states);
  const sessionId = randomUUID();
  if (fresh) statements.push(...satisfy(registration, states, sessionId));
  const fetchToken = randomBytes(32).toString('base64url');
  await insertSession(tx, { id: sessionId, attemptId: registration.attemptId, auId: au.lmsId, launchMode: launch.launchMode, fetchTokenHash: hashToken(fetchToken) });
  const launchData = launchDataOf(au, { sessionId, launchMode: launch.launchMode, returnUrl: launch.returnUrl });
  await putLmsStateDocument(tx, { activityId: au.lmsId, agent: registration.learner as unknown as Json, registration: registration.attemptId, stateId: LAUNCH_DATA_STATE_ID }, launchData);
  statements.push(launchedStatement(ofRegistration(registration), au, { sessionId, launchMode: launch.launchMode, launchUrl: launch.launchUrl }));
  await storeLmsStatements(tx, recorderOf(registration), statements);
  const changed = await states.write(tx, registration.attemptId);
  await recordAuProgress(tx, registration, states, changed, new Map());
  return { sessionId, fetchToken };
}

/** The 403 of a statement that breaks a cmi5 rule; in a batch, the field names its index. */
export function ruleBroken(refusal: Cmi5Refusal, index: number, count: number): XapiError {
  return new XapiError(403, refusal.code, { en: refusal.en, de: refusal.de }, `${count > 1 ? `${index}.` : ''}${refusal.field}`);
}

/** Checks the statements an AU sends in its session before any is stored (403 with the rule they break). */
export function checkAuStatements(statements: readonly Json[], rules: Parameters<typeof refusalOfAuStatement>[1]): void {
  for (const [index, statement] of statements.entries()) {
    const refusal = refusalOfAuStatement(statement, rules);
    if (refusal) throw ruleBroken(refusal, index, statements.length);
  }
}

/**
 * Takes the statements an AU stored in its session (in the storing transaction, the session
 * locked): checks their order against the session and the registration, records what they say
 * of the AU, satisfies what their AU's moveOn completes (satisfied statements after them) and
 * records progress. A rule broken refuses the whole batch.
 */
export async function takeAuStatements(tx: Orm, registration: Cmi5Registration, session: Cmi5SessionRow, statements: readonly Json[]): Promise<void> {
  const au = cmi5Aus(registration.course).find((candidate) => candidate.lmsId === session.auId);
  if (!au) throw new XapiError(403, 'LRS_CMI5_SESSION', { en: 'This session belongs to no AU of the course.', de: 'Diese Sitzung gehört zu keiner AU des Kurses.' });
  const states = await RegistrationStates.read(tx, registration.attemptId);
  let state = states.of(au.lmsId);
  let facts: SessionFacts = {
    preferencesRead: session.preferencesReadAt !== null,
    initialized: session.initializedAt !== null,
    terminated: session.terminatedAt !== null,
    judged: session.judged,
    completed: state.completed,
    passed: state.passed,
  };
  let score: number | null = null;
  for (const [index, statement] of statements.entries()) {
    const step = nextSessionFacts(statement, facts, au.lmsId);
    if ('refusal' in step) throw ruleBroken(step.refusal, index, statements.length);
    facts = step.facts;
    // What a "cmi5 allowed" statement says (a video's completed, say) is none of the AU's record.
    if (!isCmi5Defined(statement, au.lmsId)) continue;
    const verb = verbOf(statement);
    const result = typeof statement.result === 'object' && statement.result !== null ? (statement.result as Json) : {};
    if (verb === VERB.passed || verb === VERB.failed) score = scorePercentOf(result.score) ?? score;
    if (verb === VERB.failed) state = { ...state, failed: true };
    if (verb === VERB.terminated) state = { ...state, timeSeconds: Math.min(2_147_483_647, state.timeSeconds + (durationSeconds(result.duration) ?? 0)) };
  }
  state = { ...state, completed: facts.completed, passed: facts.passed };
  const now = new Date();
  await updateSession(tx, session.id, {
    initializedAt: facts.initialized && session.initializedAt === null ? now : session.initializedAt,
    terminatedAt: facts.terminated && session.terminatedAt === null ? now : session.terminatedAt,
    judged: facts.judged,
  });
  const before = states.of(au.lmsId);
  const unchanged = (['completed', 'passed', 'failed', 'timeSeconds'] as const).every((field) => before[field] === state[field]);
  if (unchanged && score === null) return;
  states.set(au.lmsId, state);
  await storeLmsStatements(tx, recorderOf(registration), satisfy(registration, states, session.id));
  const changed = await states.write(tx, registration.attemptId);
  await recordAuProgress(tx, registration, states, [...new Set([...changed, au.lmsId])], new Map([[au.lmsId, score]]));
}

/**
 * Waives an AU for the learner (cmi5 9.3.7): the waived statement with the reason, the AU counted
 * as satisfied, and the blocks and course it completes. An AU satisfied already is not waived.
 */
export async function waiveAu(tx: Orm, registration: Cmi5Registration, au: Cmi5Au, reason: WaiveReason): Promise<void> {
  const states = await RegistrationStates.read(tx, registration.attemptId);
  const state = states.of(au.lmsId);
  if (state.satisfied) throw new AppError('LEARN_CMI5_AU_SATISFIED', [{ field: 'auId', message: { en: 'satisfied already', de: 'bereits erfüllt' } }]);
  states.set(au.lmsId, { ...state, waived: true });
  const sessionId = randomUUID();
  await storeLmsStatements(tx, recorderOf(registration), [waivedStatement(ofRegistration(registration), au, sessionId, reason), ...satisfy(registration, states, sessionId)]);
  const changed = await states.write(tx, registration.attemptId);
  await recordAuProgress(tx, registration, states, changed, new Map());
}

/** Abandons the registration's open sessions (an administrator ends what a learner left open); returns how many. */
export async function abandonSessions(tx: Orm, registration: Cmi5Registration): Promise<number> {
  const states = await RegistrationStates.read(tx, registration.attemptId);
  const statements = await abandonOpenSessions(tx, registration, states);
  await storeLmsStatements(tx, recorderOf(registration), statements);
  const changed = await states.write(tx, registration.attemptId);
  await recordAuProgress(tx, registration, states, changed, new Map());
  return statements.length;
}

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Orm } from '../../platform/db/index.js';
import { siteUrlOf, type Tenant } from '../../platform/tenancy/index.js';
import { siteAuthority, xapiContentRoutes, xapiPolicy, XapiError, type StatementGate, type XapiAction, type XapiAuthenticator, type XapiClient } from '../../lrs/index.js';
import { attemptGrantOf, type GrantGuard } from '../launch/grant-guard.js';
import type { LearnDeps } from '../learn-deps.js';
import { lockEnrolmentsOfAttempts } from '../progress/progress.repository.js';
import { recordProgress } from '../progress/record-progress.js';
import { findSession } from '../cmi5/cmi5.repository.js';
import { registrationOf } from '../cmi5/cmi5-registration.js';
import { cmi5DocumentGate, cmi5StatementGate, sessionAdmits, sessionCredentialOf, sessionEnded } from '../cmi5/cmi5-gate.js';
import { areaSessionClient } from '../cmi5/cmi5-area.js';
import type { TrackingContext } from './tracking-context.js';
import { findActivitySeq } from './tracking.repository.js';
import { areaRegistrationOf, tokenOfXapiAuthorization } from './xapi-launch.js';
import { statementsToArea, type AreaCommitSink } from './area-commits.js';
import { courseReportOf } from './xapi-statements.js';
import { launchRefusal, refuseStatementsOfOthers } from './launch-refusals.js';

type Json = Record<string, unknown>;

/** The attempt a launched xAPI course reports for. */
export interface XapiLaunch {
  tenant: Tenant;
  attemptId: string;
  userId: string;
  /** The attempt's registration: its id. */
  registration: string;
  siteUrl: string;
  activityId: string;
  versionId: string;
}

/**
 * The rules of a launched xAPI course's statements (StatementGate): before they are stored, each
 * must be the learner's own (their agent, the attempt's registration when one is given); in the
 * storing transaction, what they say about the course activity is recorded as the attempt's
 * progress through Learn's progress model, so dashboards and reports need no special case.
 */
export function xapiLaunchGate(context: TrackingContext, launch: XapiLaunch): StatementGate {
  return {
    async admit(statements) {
      refuseStatementsOfOthers(statements, launch);
    },
    async stored(tx: Orm, statements) {
      const report = courseReportOf(statements as readonly Json[], launch.activityId);
      if (!report) return;
      const version = await context.version(launch.tenant.id, launch.versionId, tx);
      if (!version) return;
      // Under the enrolment's lock (recordProgress takes it again): statements of one attempt are recorded one batch after the other.
      await lockEnrolmentsOfAttempts(tx, [launch.attemptId]);
      const previous = await findActivitySeq(tx, launch.attemptId, launch.activityId);
      const storedAt = report.payload.stored === null ? Date.now() : Date.parse(report.payload.stored);
      // Statements never go stale: each batch is merged after the one before, ordered by when it was stored.
      const seq = Math.max(previous + 1, Number.isFinite(storedAt) ? storedAt : Date.now());
      const recorded = await recordProgress({ tx }, { attemptId: launch.attemptId, tree: version.structure.rollup, observations: [{ activityId: launch.activityId, seq, result: report.result, payload: report.payload }] });
      // A closed attempt takes nothing: the statements are refused with it (the course must open again).
      if (recorded.outcomes[0] === 'closed' || recorded.outcomes[0] === 'missing') {
        throw launchRefusal('LEARN_LAUNCH_ENDED');
      }
    },
  };
}

/**
 * Who a request to the content origin's LRS is: the attempt of the launch credential in its path
 * (`/launch/:token/xapi/…`), checked like a file request of it (live, attempt open, session live,
 * the content host it was issued for). The `Authorization` the course sends back from the launch's
 * `auth` parameter is accepted when it names the same credential; another one is refused. Only an
 * attempt's credential of an xAPI course records anything (xapi.policy), or an area viewer's, whose
 * statements go to the area (`statementsToArea`); a preview's is refused.
 */
export function launchAuthenticator(deps: Pick<LearnDeps, 'config'>, guard: GrantGuard, context: TrackingContext, areaSinks: ReadonlyMap<string, AreaCommitSink>): XapiAuthenticator {
  return async (request: FastifyRequest, authorization: string | undefined, action: XapiAction): Promise<XapiClient> => {
    const token = (request.params as { token?: string }).token ?? '';
    const session = sessionCredentialOf(authorization);
    // A cmi5 AU sends its session's auth token; any other course the launch credential of its path.
    if (authorization !== undefined && !session && tokenOfXapiAuthorization(authorization) !== token) throw launchRefusal('LEARN_LAUNCH_INVALID');
    const grant = await guard.admit(request, 'files');
    const actor = { kind: 'launch' as const, userId: grant.userId, credential: grant.kind };
    const version = await context.version(grant.tenant.id, grant.versionId);
    // A cmi5 AU may also keep its learner's preferences (an Agent Profile; its document gate holds it to that learner and that profile kind).
    const allowed = xapiPolicy.can(actor, action) || (action === 'profile.write' && Boolean(version?.cmi5));
    const siteUrl = siteUrlOf(grant.tenant, deps.config);
    const clientAs = (authorityKey: string) => ({ tenant: grant.tenant, actor, authorityKey, ownStatementsOnly: true, authority: siteAuthority(grant.tenant, siteUrl), siteUrl, requestId: request.id, ip: request.ip });
    // Another area's viewer of an xAPI course: checked as a learner's statements are, then handed to that area; the LRS keeps nothing of it.
    if (grant.kind === 'area' && allowed && version?.xapi && !version.cmi5 && !session && grant.areaRef) {
      const agent = { siteUrl, userId: grant.areaRef, registration: areaRegistrationOf(grant.areaRef) };
      return {
        ...clientAs(`area:${grant.areaRef}`),
        gate: { admit: async (statements) => refuseStatementsOfOthers(statements, agent), stored: async () => {} },
        handOff: (statements) => statementsToArea(context, areaSinks, grant, statements),
      };
    }
    // Another area's viewer of a cmi5 course: only their session's credential, while it lives; its statements go to that area, by AU.
    if (grant.kind === 'area' && allowed && version?.cmi5 && grant.areaRef) {
      const areaRef = grant.areaRef;
      if (!session) throw sessionEnded();
      const row = await context.db.withTenant(grant.tenant.id, (tx) => findSession(tx, session.sessionId));
      if (!sessionAdmits(row, { grantId: grant.id }, session.secret)) throw sessionEnded();
      return { ...clientAs(`area:${areaRef}`), ...areaSessionClient(context, areaSinks, { ...grant, areaRef }, version, row, siteUrl) };
    }
    if (grant.kind !== 'attempt' || !allowed) throw launchRefusal('LEARN_LAUNCH_PREVIEW');
    const { attemptId, userId } = attemptGrantOf(grant);
    const client = clientAs(`launch:${attemptId}`);
    if (version?.cmi5) {
      // Only the session's own credential, while the session lives: the launch credential alone records nothing for a cmi5 course.
      if (!session) throw sessionEnded();
      const { registration, row } = await context.db.withTenant(grant.tenant.id, async (tx) => ({
        registration: await registrationOf(context, deps.config, { tenant: grant.tenant, attemptId, userId }, version, tx),
        row: await findSession(tx, session.sessionId),
      }));
      if (!sessionAdmits(row, { attemptId }, session.secret)) throw sessionEnded();
      return { ...client, gate: cmi5StatementGate(registration, row), documents: cmi5DocumentGate(context.db, registration, row) };
    }
    if (session) throw launchRefusal('LEARN_LAUNCH_INVALID');
    if (!version?.xapi) throw new XapiError(403, 'LRS_LAUNCH_NOT_XAPI', { en: 'This course does not report to the LRS.', de: 'Dieser Kurs berichtet nicht an den LRS.' });
    const launch: XapiLaunch = {
      tenant: grant.tenant,
      attemptId,
      userId,
      registration: attemptId,
      siteUrl,
      activityId: version.xapi.activityId,
      versionId: grant.versionId,
    };
    return { ...client, gate: xapiLaunchGate(context, launch) };
  };
}

/** The LRS on the content origin, under each launch credential's path. */
export function xapiLaunchRoutes(deps: LearnDeps, guard: GrantGuard, context: TrackingContext, areaSinks: ReadonlyMap<string, AreaCommitSink>): FastifyPluginAsync {
  return async (app) => {
    await app.register(xapiContentRoutes(deps, launchAuthenticator(deps, guard, context, areaSinks)), { prefix: '/launch/:token/xapi' });
  };
}

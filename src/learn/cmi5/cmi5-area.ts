import { randomBytes, randomUUID } from 'node:crypto';
import type { Orm } from '../../platform/db/index.js';
import { agentKeyOfAgent, type XapiClient } from '../../lrs/index.js';
import type { LaunchGrant } from '../launch/launch-grants.service.js';
import { cmi5Aus, type Cmi5Au } from '../packages/cmi5-xml.js';
import { statementsToArea, type AreaCommitSink } from '../tracking/area-commits.js';
import { refuseStatementsOfOthers } from '../tracking/launch-refusals.js';
import type { CompiledVersion, TrackingContext } from '../tracking/tracking-context.js';
import { areaRegistrationOf, learnerAgent, type LearnerAgent } from '../tracking/xapi-launch.js';
import { insertSession, lockOpenSessionsOfGrant, lockSession, updateSession, type Cmi5SessionRow } from './cmi5.repository.js';
import type { Cmi5LaunchMode } from './cmi5.schema.js';
import { cmi5DocumentGate, sessionEnded } from './cmi5-gate.js';
import { checkAuStatements, hashToken, launchDataOf, ruleBroken, type AuLaunch } from './cmi5-registration.js';
import { nextSessionFacts, type SessionFacts } from './cmi5-rules.js';
import { LAUNCH_DATA_STATE_ID } from './cmi5-vocabulary.js';

/*
 * cmi5 for another area's viewer (a Space share link's visitor, who has no account and no
 * attempt): the AU runs as it does for a learner (a session, the one-time fetch URL, its auth
 * token, LMS.LaunchData, the statements checked by cmi5's rules in order), but the session
 * belongs to the viewer's launch grant and nothing reaches Learn's records or the LRS: the
 * statements go to the area that issued the grant (`statementsToArea`, per AU), and
 * LMS.LaunchData is answered from the session, not stored.
 *
 * What the LRS keeps of a learner's registration (an AU completed or passed once stays so, 9.3)
 * is not kept here: the order within a session is checked (initialized first, one judgement,
 * nothing after terminated), but a completed or passed is not refused for coming again; the AU
 * reads no statements back either, so to it each session is its first.
 */

type Json = Record<string, unknown>;

/** The agent an area viewer plays as: the site's account named by the area's reference, like an xAPI course's area viewer. */
export const areaAgentOf = (siteUrl: string, areaRef: string): LearnerAgent => learnerAgent(siteUrl, areaRef, '');

/** Opens a session of the AU for the area grant; the grant's sessions still open are abandoned (a new launch ends the last). */
export async function launchAreaAu(tx: Orm, grantId: string, au: Cmi5Au, launchMode: Cmi5LaunchMode): Promise<AuLaunch> {
  const now = new Date();
  for (const open of await lockOpenSessionsOfGrant(tx, grantId)) await updateSession(tx, open.id, { abandonedAt: now });
  const sessionId = randomUUID();
  const fetchToken = randomBytes(32).toString('base64url');
  await insertSession(tx, { id: sessionId, grantId, auId: au.lmsId, launchMode, fetchTokenHash: hashToken(fetchToken) });
  return { sessionId, fetchToken };
}

/** What an area viewer's session may do through the content origin's LRS, and where its statements go. */
export interface AreaSessionClient {
  gate: NonNullable<XapiClient['gate']>;
  documents: NonNullable<XapiClient['documents']>;
  handOff: NonNullable<XapiClient['handOff']>;
}

export function areaSessionClient(
  context: TrackingContext,
  sinks: ReadonlyMap<string, AreaCommitSink>,
  grant: LaunchGrant & { areaRef: string },
  version: CompiledVersion,
  session: Cmi5SessionRow,
  siteUrl: string,
): AreaSessionClient {
  const au = cmi5Aus(version.cmi5!).find((candidate) => candidate.lmsId === session.auId);
  if (!au) throw sessionEnded();
  const registration = areaRegistrationOf(grant.areaRef);
  const learner = areaAgentOf(siteUrl, grant.areaRef);
  const learnerKey = agentKeyOfAgent(learner as unknown as Json);
  const rules = { auId: au.lmsId, registration, sessionId: session.id, masteryScore: au.masteryScore, launchMode: session.launchMode };
  const launchData = Buffer.from(JSON.stringify(launchDataOf(au, { sessionId: session.id, launchMode: session.launchMode, returnUrl: null })), 'utf8');
  const documents = cmi5DocumentGate(context.db, { tenant: grant.tenant, learner }, session);
  return {
    gate: {
      async admit(statements) {
        refuseStatementsOfOthers(statements, { siteUrl, userId: grant.areaRef, registration });
        checkAuStatements(statements as readonly Json[], rules);
      },
      // Never called: the statements are handed off, not stored.
      async stored() {},
    },
    documents: {
      admit: (request) => documents.admit(request),
      given: (request) =>
        request.kind === 'state' && request.documentId === LAUNCH_DATA_STATE_ID && request.activityId === au.lmsId && request.registration === registration && request.agentKey === learnerKey
          ? { contentType: 'application/json', content: launchData, updatedAt: session.launchedAt }
          : undefined,
    },
    async handOff(statements) {
      // The session's order (initialized first, nothing after terminated, one judgement) is checked batch after batch under its lock.
      await context.db.withTenant(grant.tenant.id, async (tx) => {
        const locked = await lockSession(tx, session.id);
        if (!locked || locked.terminatedAt !== null || locked.abandonedAt !== null) throw sessionEnded();
        let facts: SessionFacts = { preferencesRead: locked.preferencesReadAt !== null, initialized: locked.initializedAt !== null, terminated: false, judged: locked.judged, completed: false, passed: false };
        for (const [index, statement] of statements.entries()) {
          const step = nextSessionFacts(statement, facts, au.lmsId);
          if ('refusal' in step) throw ruleBroken(step.refusal, index, statements.length);
          facts = step.facts;
        }
        const now = new Date();
        await updateSession(tx, session.id, {
          initializedAt: facts.initialized && locked.initializedAt === null ? now : locked.initializedAt,
          terminatedAt: facts.terminated ? now : null,
          judged: facts.judged,
        });
      });
      await statementsToArea(context, sinks, grant, statements, { auId: au.lmsId });
    },
  };
}

import type { Db, Orm } from '../../platform/db/index.js';
import { cmi5Aus } from '../packages/cmi5-xml.js';
import { agentKeyOfAgent, XapiError, type DocumentGate, type DocumentRequest, type StatementGate } from '../../lrs/index.js';
import { refuseStatementsOfOthers } from '../tracking/launch-refusals.js';
import { lockSession, updateSession, type Cmi5SessionRow } from './cmi5.repository.js';
import { checkAuStatements, hashToken, takeAuStatements, type Cmi5Registration } from './cmi5-registration.js';
import { LAUNCH_DATA_STATE_ID, LEARNER_PREFERENCES_PROFILE_ID } from './cmi5-vocabulary.js';

/*
 * What an AU may do through the LRS with its session's credential (the auth token its fetch URL
 * handed out): statements by cmi5's rules, its learner's documents only, LMS.LaunchData read-only,
 * learner preferences well-formed. Refusals are 403, as cmi5 and ADL's test suite expect.
 */

type Json = Record<string, unknown>;

const SESSION_USER = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The session id and secret of an AU's `Authorization` (Basic, the auth token the fetch URL gave), else undefined. */
export function sessionCredentialOf(authorization: string | undefined): { sessionId: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const sessionId = decoded.slice(0, colon);
  if (colon < 0 || !SESSION_USER.test(sessionId)) return undefined;
  return { sessionId: sessionId.toLowerCase(), secret: decoded.slice(colon + 1) };
}

/** The auth token of a session: what the AU puts after `Basic `. */
export const authTokenOf = (sessionId: string, secret: string) => Buffer.from(`${sessionId}:${secret}`, 'utf8').toString('base64');

export const sessionEnded = () =>
  new XapiError(401, 'LRS_CMI5_SESSION_ENDED', {
    en: 'This cmi5 session has ended (terminated or abandoned), or its credential is not valid. Launch the AU again.',
    de: 'Diese cmi5-Sitzung ist beendet (terminated oder abandoned), oder ihre Zugangsdaten sind ungültig. Starten Sie die AU erneut.',
  });

/** Whom a session belongs to: a learner's attempt, or an area viewer's launch grant. */
export type SessionHolder = { attemptId: string } | { grantId: string };

/** Whether the session is the holder's. */
export function sessionOf(session: Cmi5SessionRow, holder: SessionHolder): boolean {
  return 'attemptId' in holder ? session.attemptId === holder.attemptId : session.grantId === holder.grantId;
}

/** Whether the session is the holder's, live, and the secret is its own. */
export function sessionAdmits(session: Cmi5SessionRow | undefined, holder: SessionHolder, secret: string): session is Cmi5SessionRow {
  return session !== undefined && sessionOf(session, holder) && session.authSecretHash !== null && session.authSecretHash === hashToken(secret) && session.terminatedAt === null && session.abandonedAt === null;
}

export function cmi5StatementGate(registration: Cmi5Registration, session: Cmi5SessionRow): StatementGate {
  const rules = { auId: session.auId, registration: registration.attemptId, sessionId: session.id, masteryScore: masteryOf(registration, session.auId), launchMode: session.launchMode };
  return {
    async admit(statements) {
      refuseStatementsOfOthers(statements, { siteUrl: registration.siteUrl, userId: registration.learner.account.name, registration: registration.attemptId });
      checkAuStatements(statements as readonly Json[], rules);
    },
    async stored(tx: Orm, statements) {
      const locked = await lockSession(tx, session.id);
      if (!locked || locked.terminatedAt !== null || locked.abandonedAt !== null) throw sessionEnded();
      await takeAuStatements(tx, registration, locked, statements as readonly Json[]);
    },
  };
}

const masteryOf = (registration: Cmi5Registration, auId: string) => cmi5Aus(registration.course).find((au) => au.lmsId === auId)?.masteryScore ?? null;

const forbidden = (code: string, en: string, de: string, field?: string) => new XapiError(403, code, { en, de }, field);

const LANGUAGE_TAG = /^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$/;

/** Learner preferences as cmi5 11 defines them: a JSON object with a language list and audio on or off. */
function preferencesProblem(request: DocumentRequest): string | null {
  if (request.contentType === undefined || !/^\s*application\/json\s*(;|$)/i.test(request.contentType)) return 'Content-Type application/json';
  let value: unknown;
  try {
    value = JSON.parse(request.body.toString('utf8'));
  } catch {
    return 'a JSON object';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a JSON object';
  const { languagePreference, audioPreference } = value as Json;
  if (typeof languagePreference !== 'string' || languagePreference === '' || !languagePreference.split(',').every((tag) => LANGUAGE_TAG.test(tag.trim()))) return 'languagePreference, a list of language codes';
  if (audioPreference !== 'on' && audioPreference !== 'off') return 'audioPreference "on" or "off"';
  return null;
}

/** The document rules of a session, for its learner (a registration's, or an area viewer's agent). */
export function cmi5DocumentGate(db: Db, registration: Pick<Cmi5Registration, 'tenant' | 'learner'>, session: Cmi5SessionRow): DocumentGate {
  const learnerKey = agentKeyOfAgent(registration.learner as unknown as Json);
  return {
    async admit(request) {
      const reading = request.method === 'GET' || request.method === 'HEAD';
      if (request.agentKey !== null && request.agentKey !== learnerKey) {
        throw forbidden('LRS_CMI5_AGENT', "A course reads and writes only its learner's documents.", 'Ein Kurs liest und schreibt nur die Dokumente seiner lernenden Person.', 'agent');
      }
      if (request.kind === 'activity_profile' && !reading) {
        throw forbidden('LRS_CMI5_ACTIVITY_PROFILE', "An activity's profile is shared by all its learners: a course does not write it.", 'Das Profil einer Aktivität teilen alle ihre Lernenden: ein Kurs schreibt es nicht.', 'activityId');
      }
      if (request.kind === 'state' && !reading && (request.documentId === LAUNCH_DATA_STATE_ID || request.documentId === undefined)) {
        throw forbidden('LRS_CMI5_LAUNCH_DATA', 'LMS.LaunchData is written by the LMS only.', 'LMS.LaunchData schreibt nur das LMS.', 'stateId');
      }
      if (request.kind === 'agent_profile' && request.documentId === LEARNER_PREFERENCES_PROFILE_ID) {
        if (reading) {
          if (session.preferencesReadAt === null) {
            await db.withTenant(registration.tenant.id, (tx) => updateSession(tx, session.id, { preferencesReadAt: new Date() }));
            session.preferencesReadAt = new Date();
          }
          return;
        }
        if (request.method === 'DELETE') throw forbidden('LRS_CMI5_PREFERENCES', 'Learner preferences are not deleted by a course.', 'Lernendeneinstellungen löscht kein Kurs.', 'profileId');
        const problem = preferencesProblem(request);
        if (problem) throw forbidden('LRS_CMI5_PREFERENCES', `Learner preferences need ${problem}.`, `Lernendeneinstellungen brauchen ${problem}.`, 'content');
      }
    },
  };
}

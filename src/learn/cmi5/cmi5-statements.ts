import { randomUUID } from 'node:crypto';
import type { Cmi5Au, Cmi5Block, Cmi5Course } from '../packages/cmi5-xml.js';
import type { LearnerAgent } from '../tracking/xapi-launch.js';
import type { Cmi5LaunchMode } from './cmi5.schema.js';
import { ACTIVITY_TYPE, CATEGORY, EXTENSION, VERB, type WaiveReason } from './cmi5-vocabulary.js';

/*
 * The statements the LMS issues for a cmi5 registration (cmi5 9.3 and 9.6): launched when an AU is
 * launched, satisfied when a block or the course has every AU's moveOn met, abandoned when a
 * session ended without terminated, waived when an administrator waives an AU.
 */

type Json = Record<string, unknown>;

/** Whose registration the statements are about. */
export interface RegistrationOf {
  learner: LearnerAgent;
  registration: string;
}

/** An ISO 8601 duration of whole and hundredth seconds (`PT1H2M3.5S`). */
export function isoDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds * 100) / 100);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = Math.round((total % 60) * 100) / 100;
  return `PT${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}${rest}S`;
}

function statementOf(of: RegistrationOf, verb: string, display: string, object: Json, sessionId: string, context: { publisherId: string; moveOn?: boolean; extensions?: Json }, result?: Json): Json {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    actor: of.learner,
    verb: { id: verb, display: { 'en-US': display } },
    object,
    ...(result ? { result } : {}),
    context: {
      registration: of.registration,
      contextActivities: {
        category: [{ id: CATEGORY.cmi5 }, ...(context.moveOn ? [{ id: CATEGORY.moveOn }] : [])],
        grouping: [{ id: context.publisherId }],
      },
      extensions: { [EXTENSION.sessionId]: sessionId, ...context.extensions },
    },
  };
}

function activityOf(node: { lmsId: string; title: Record<string, string>; description: Record<string, string> }, type: string | null): Json {
  const definition: Json = {};
  if (Object.keys(node.title).length > 0) definition.name = node.title;
  if (Object.keys(node.description).length > 0) definition.description = node.description;
  if (type) definition.type = type;
  return { objectType: 'Activity', id: node.lmsId, definition };
}

export function launchedStatement(of: RegistrationOf, au: Cmi5Au, launch: { sessionId: string; launchMode: Cmi5LaunchMode; launchUrl: string }): Json {
  const extensions: Json = { [EXTENSION.launchMode]: launch.launchMode, [EXTENSION.launchUrl]: launch.launchUrl, [EXTENSION.moveOn]: au.moveOn };
  if (au.launchParameters !== null) extensions[EXTENSION.launchParameters] = au.launchParameters;
  if (au.masteryScore !== null) extensions[EXTENSION.masteryScore] = au.masteryScore;
  return statementOf(of, VERB.launched, 'Launched', activityOf(au, au.activityType), launch.sessionId, { publisherId: au.publisherId, extensions });
}

export function satisfiedStatement(of: RegistrationOf, node: Cmi5Block | Cmi5Course, sessionId: string): Json {
  const type = 'kind' in node ? ACTIVITY_TYPE.block : ACTIVITY_TYPE.course;
  return statementOf(of, VERB.satisfied, 'Satisfied', activityOf(node, type), sessionId, { publisherId: node.publisherId });
}

export function abandonedStatement(of: RegistrationOf, au: Cmi5Au, sessionId: string, seconds: number): Json {
  return statementOf(of, VERB.abandoned, 'Abandoned', activityOf(au, au.activityType), sessionId, { publisherId: au.publisherId }, { duration: isoDuration(seconds) });
}

export function waivedStatement(of: RegistrationOf, au: Cmi5Au, sessionId: string, reason: WaiveReason): Json {
  return statementOf(of, VERB.waived, 'Waived', activityOf(au, au.activityType), sessionId, { publisherId: au.publisherId, moveOn: true }, { success: true, completion: true, extensions: { [EXTENSION.reason]: reason } });
}

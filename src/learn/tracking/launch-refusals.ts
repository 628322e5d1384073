import { XapiError } from '../../lrs/index.js';
import { launchErrors } from '../launch/launch.errors.js';
import { refusalOfLaunchStatements } from './xapi-statements.js';

/** A launch refusal of the catalogue (`LEARN_LAUNCH_*`) in the LRS's answer shape, with the same status and words. */
export function launchRefusal(code: 'LEARN_LAUNCH_INVALID' | 'LEARN_LAUNCH_ENDED' | 'LEARN_LAUNCH_PREVIEW'): XapiError {
  const { status, en, de } = launchErrors[code];
  return new XapiError(status, code, { en, de });
}

/**
 * Refuses (403) statements a launched course may not record: about anybody but its learner, or
 * with another registration than its attempt's. The field names the statement in a batch.
 */
export function refuseStatementsOfOthers(statements: readonly unknown[], launch: { siteUrl: string; userId: string; registration: string }): void {
  const refusal = refusalOfLaunchStatements(statements, launch);
  if (!refusal) return;
  const field = `${statements.length > 1 ? `${refusal.index}.` : ''}${refusal.problem === 'actor' ? 'actor' : 'context.registration'}`;
  if (refusal.problem === 'actor') {
    throw new XapiError(403, 'LRS_LAUNCH_ACTOR', { en: "A course may record statements only about its own learner (the launch's actor).", de: 'Ein Kurs darf nur Aussagen über die eigene lernende Person speichern (den Akteur des Starts).' }, field);
  }
  throw new XapiError(403, 'LRS_LAUNCH_REGISTRATION', { en: "A course may record statements only with its attempt's registration.", de: 'Ein Kurs darf Aussagen nur mit der Registrierung seines Versuchs speichern.' }, field);
}

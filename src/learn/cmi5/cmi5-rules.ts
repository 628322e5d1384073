import type { Cmi5LaunchMode } from './cmi5.schema.js';
import { AU_DEFINED_VERBS, CATEGORY, EXTENSION, LMS_VERBS, VERB } from './cmi5-vocabulary.js';

/*
 * The rules of cmi5 (section 9) for what an AU records in its session: what each statement must
 * carry on its own (refusalOfAuStatement), and what the session and registration allow given what
 * came before (nextSessionFacts). A statement that breaks one is refused with 403, as the
 * specification and ADL's test suite expect; the AU learns why from the message.
 */

type Json = Record<string, unknown>;

export interface Cmi5Refusal {
  code: string;
  field: string;
  en: string;
  de: string;
}

/** What an AU's session was launched with. */
export interface AuSessionRules {
  /** The AU's LMS id: the object of its cmi5 defined statements. */
  auId: string;
  registration: string;
  sessionId: string;
  masteryScore: number | null;
  launchMode: Cmi5LaunchMode;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const refusal = (code: string, field: string, en: string, de: string): Cmi5Refusal => ({ code, field, en, de });

export const verbOf = (statement: Json): string => (isObject(statement.verb) && typeof statement.verb.id === 'string' ? statement.verb.id : '');

function categoryIds(context: Json): string[] {
  const activities = isObject(context.contextActivities) ? context.contextActivities : {};
  const category = activities.category;
  const list = Array.isArray(category) ? category : isObject(category) ? [category] : [];
  return list.flatMap((activity) => (isObject(activity) && typeof activity.id === 'string' ? [activity.id] : []));
}

/**
 * Whether a statement is "cmi5 defined" (7.1.3): a verb cmi5 defines for the AU, in the cmi5 category
 * or about the AU itself. The same verb about something else and without the category (a video's
 * initialized or completed, as the xAPI video profile records them) is "cmi5 allowed".
 */
export function isCmi5Defined(statement: Json, auId: string): boolean {
  if (!AU_DEFINED_VERBS.includes(verbOf(statement))) return false;
  const context = isObject(statement.context) ? statement.context : {};
  return categoryIds(context).includes(CATEGORY.cmi5) || (isObject(statement.object) && statement.object.id === auId);
}

/** UTC as cmi5 9.7 requires: `Z` or a zero offset. */
const isUtc = (timestamp: string) => /(Z|[+-]00:?00)$/i.test(timestamp.trim());

/**
 * What a statement must carry by itself: an id and a UTC timestamp, the launch's registration and
 * session id, no LMS verb and no voiding; a cmi5 defined statement is about the AU, in the cmi5
 * category, with the result its verb requires (9.5) and the moveOn category exactly on completed,
 * passed and failed (9.6.2.2). The actor is checked by the launch's own rule before this.
 */
export function refusalOfAuStatement(statement: Json, rules: AuSessionRules): Cmi5Refusal | null {
  const verb = verbOf(statement);
  if (typeof statement.id !== 'string') return refusal('LRS_CMI5_STATEMENT_ID', 'id', 'A cmi5 AU gives each statement its id.', 'Eine cmi5-AU gibt jeder Aussage ihre ID.');
  if (typeof statement.timestamp !== 'string') return refusal('LRS_CMI5_TIMESTAMP', 'timestamp', 'A cmi5 AU gives each statement its timestamp.', 'Eine cmi5-AU gibt jeder Aussage ihren Zeitstempel.');
  if (!isUtc(statement.timestamp)) return refusal('LRS_CMI5_TIMESTAMP', 'timestamp', 'A cmi5 statement is timestamped in UTC (ending in Z).', 'Eine cmi5-Aussage trägt ihren Zeitstempel in UTC (mit Z am Ende).');
  if (LMS_VERBS.includes(verb)) return refusal('LRS_CMI5_LMS_VERB', 'verb.id', 'Only the LMS records launched, satisfied, abandoned and waived.', 'Nur das LMS speichert launched, satisfied, abandoned und waived.');
  if (verb === VERB.voided) return refusal('LRS_CMI5_VOIDING', 'verb.id', 'A cmi5 AU may not void statements.', 'Eine cmi5-AU darf keine Aussagen ungültig machen.');
  const context = statement.context;
  if (!isObject(context)) return refusal('LRS_CMI5_CONTEXT', 'context', 'A cmi5 statement carries the context of its launch.', 'Eine cmi5-Aussage trägt den Kontext ihres Starts.');
  if (typeof context.registration !== 'string' || context.registration.toLowerCase() !== rules.registration.toLowerCase()) {
    return refusal('LRS_CMI5_REGISTRATION', 'context.registration', "A cmi5 statement carries its launch's registration.", 'Eine cmi5-Aussage trägt die Registrierung ihres Starts.');
  }
  const extensions = isObject(context.extensions) ? context.extensions : {};
  if (extensions[EXTENSION.sessionId] !== rules.sessionId) {
    return refusal('LRS_CMI5_SESSION', `context.extensions.${EXTENSION.sessionId}`, "A cmi5 statement carries its session's id.", 'Eine cmi5-Aussage trägt die ID ihrer Sitzung.');
  }
  const categories = categoryIds(context);
  const defined = isCmi5Defined(statement, rules.auId);
  const judging = defined && (verb === VERB.completed || verb === VERB.passed || verb === VERB.failed);
  if (!judging && categories.includes(CATEGORY.moveOn)) {
    return refusal('LRS_CMI5_MOVE_ON_CATEGORY', 'context.contextActivities.category', 'Only completed, passed and failed carry the moveOn category.', 'Nur completed, passed und failed tragen die Kategorie moveOn.');
  }
  if (!defined) return null;

  const object = statement.object;
  if (!isObject(object) || (object.objectType !== undefined && object.objectType !== 'Activity') || object.id !== rules.auId) {
    return refusal('LRS_CMI5_OBJECT', 'object.id', "A cmi5 defined statement is about the AU (the launch's activityId).", 'Eine von cmi5 definierte Aussage handelt von der AU (der activityId des Starts).');
  }
  if (!categories.includes(CATEGORY.cmi5)) {
    return refusal('LRS_CMI5_CATEGORY', 'context.contextActivities.category', 'A cmi5 defined statement carries the cmi5 category.', 'Eine von cmi5 definierte Aussage trägt die Kategorie cmi5.');
  }
  if (judging && !categories.includes(CATEGORY.moveOn)) {
    return refusal('LRS_CMI5_MOVE_ON_CATEGORY', 'context.contextActivities.category', 'completed, passed and failed carry the moveOn category.', 'completed, passed und failed tragen die Kategorie moveOn.');
  }
  if (judging && rules.launchMode !== 'Normal') {
    return refusal('LRS_CMI5_LAUNCH_MODE', 'verb.id', `A session launched in ${rules.launchMode} mode records no completion or judgement.`, `Eine im Modus ${rules.launchMode} gestartete Sitzung speichert keinen Abschluss und kein Urteil.`);
  }
  const result = isObject(statement.result) ? statement.result : undefined;
  if ((judging || verb === VERB.terminated) && typeof result?.duration !== 'string') {
    return refusal('LRS_CMI5_DURATION', 'result.duration', `${verb.slice(verb.lastIndexOf('/') + 1)} carries the session's duration.`, `${verb.slice(verb.lastIndexOf('/') + 1)} trägt die Dauer der Sitzung.`);
  }
  if (verb === VERB.completed) return refusalOfCompleted(result);
  if (verb === VERB.passed || verb === VERB.failed) return refusalOfJudgement(verb === VERB.passed, result, extensions, rules.masteryScore);
  return null;
}

function refusalOfCompleted(result: Json | undefined): Cmi5Refusal | null {
  if (result?.completion !== true) return refusal('LRS_CMI5_RESULT', 'result.completion', 'completed carries result.completion true.', 'completed trägt result.completion true.');
  if (result.success !== undefined) return refusal('LRS_CMI5_RESULT', 'result.success', 'completed carries no result.success.', 'completed trägt kein result.success.');
  if (result.score !== undefined) return refusal('LRS_CMI5_RESULT', 'result.score', 'completed carries no score.', 'completed trägt keine Punktzahl.');
  return null;
}

function refusalOfJudgement(passed: boolean, result: Json | undefined, extensions: Json, masteryScore: number | null): Cmi5Refusal | null {
  const verb = passed ? 'passed' : 'failed';
  if (result?.success !== passed) return refusal('LRS_CMI5_RESULT', 'result.success', `${verb} carries result.success ${passed}.`, `${verb} trägt result.success ${passed}.`);
  if (result.completion !== undefined) return refusal('LRS_CMI5_RESULT', 'result.completion', `${verb} carries no result.completion.`, `${verb} trägt kein result.completion.`);
  const score = isObject(result.score) ? result.score : undefined;
  if (score && score.raw !== undefined && (typeof score.min !== 'number' || typeof score.max !== 'number')) {
    return refusal('LRS_CMI5_SCORE', 'result.score', 'A raw score comes with min and max.', 'Eine Rohpunktzahl kommt mit min und max.');
  }
  if (masteryScore === null) return null;
  // A judgement with a score names the masteryScore it was made by (9.6.3.2-2); one without a score
  // need not, and one that names it names the launch's.
  const named = extensions[EXTENSION.masteryScore];
  if ((score !== undefined || named !== undefined) && named !== masteryScore) {
    return refusal('LRS_CMI5_MASTERY_SCORE', `context.extensions.${EXTENSION.masteryScore}`, `${verb} carries the launch's masteryScore (${masteryScore}).`, `${verb} trägt den masteryScore des Starts (${masteryScore}).`);
  }
  // A scaled score agrees with the verb (9.3.4.0-2, 9.3.5.0-2); passed or failed without one is the AU's own judgement.
  const scaled = typeof score?.scaled === 'number' ? score.scaled : undefined;
  if (scaled === undefined) return null;
  if (passed && scaled < masteryScore) return refusal('LRS_CMI5_SCORE', 'result.score.scaled', `passed needs a score of at least ${masteryScore}.`, `passed verlangt eine Punktzahl von mindestens ${masteryScore}.`);
  if (!passed && scaled >= masteryScore) return refusal('LRS_CMI5_SCORE', 'result.score.scaled', `failed needs a score below ${masteryScore}.`, `failed verlangt eine Punktzahl unter ${masteryScore}.`);
  return null;
}

/** What a session and its registration have recorded so far, as the rules of order need it. */
export interface SessionFacts {
  preferencesRead: boolean;
  initialized: boolean;
  terminated: boolean;
  /** passed or failed in this session. */
  judged: boolean;
  /** In the registration (any session). */
  completed: boolean;
  passed: boolean;
}

/**
 * The rules of order (9.3): initialized first and once (after the learner preferences were read,
 * 11.0), nothing after terminated, completed once per registration, passed or failed once per
 * session and neither after passed. Returns the facts after the statement, or why it is refused.
 * Given the AU's id, a "cmi5 allowed" statement with a verb cmi5 defines (isCmi5Defined) is an
 * allowed one like any other: between initialized and terminated, changing nothing.
 */
export function nextSessionFacts(statement: Json, facts: SessionFacts, auId?: string): { facts: SessionFacts } | { refusal: Cmi5Refusal } {
  const verb = auId === undefined || isCmi5Defined(statement, auId) ? verbOf(statement) : '';
  const refuse = (code: string, en: string, de: string) => ({ refusal: refusal(code, 'verb.id', en, de) });
  if (facts.terminated) return refuse('LRS_CMI5_AFTER_TERMINATED', 'The session has terminated: it records nothing more.', 'Die Sitzung ist beendet: sie speichert nichts mehr.');
  if (verb === VERB.initialized) {
    if (facts.initialized) return refuse('LRS_CMI5_INITIALIZED_TWICE', 'The session is initialized already.', 'Die Sitzung ist bereits initialisiert.');
    if (!facts.preferencesRead) return refuse('LRS_CMI5_PREFERENCES_FIRST', 'An AU reads the learner preferences (cmi5LearnerPreferences) before it initializes.', 'Eine AU liest die Lernendeneinstellungen (cmi5LearnerPreferences), bevor sie initialisiert.');
    return { facts: { ...facts, initialized: true } };
  }
  if (!facts.initialized) return refuse('LRS_CMI5_NOT_INITIALIZED', 'The session records nothing before initialized.', 'Die Sitzung speichert nichts vor initialized.');
  if (verb === VERB.completed) {
    if (facts.completed) return refuse('LRS_CMI5_COMPLETED_TWICE', 'The AU is completed in this registration already.', 'Die AU ist in dieser Registrierung bereits abgeschlossen.');
    return { facts: { ...facts, completed: true } };
  }
  if (verb === VERB.passed || verb === VERB.failed) {
    if (facts.passed) return refuse('LRS_CMI5_PASSED_ALREADY', 'The AU is passed in this registration already.', 'Die AU ist in dieser Registrierung bereits bestanden.');
    if (facts.judged) return refuse('LRS_CMI5_JUDGED_TWICE', 'The session has recorded passed or failed already.', 'Die Sitzung hat bereits passed oder failed gespeichert.');
    return { facts: { ...facts, judged: true, passed: verb === VERB.passed } };
  }
  if (verb === VERB.terminated) return { facts: { ...facts, terminated: true } };
  return { facts };
}

import { Scorm12API, Scorm2004API } from 'scorm-again';
import { formatIsoDuration, formatScorm12Time, parseIsoDuration, parseScorm12Time } from '../../../src/learn/tracking/scorm-time';

/** The largest suspend data the player accepts (the server takes the same); SCORM 1.2 says 4,096, tools write far more. */
export const MAX_SUSPEND_DATA_CHARS = 256 * 1024;

export interface RuntimeOptions {
  scormVersion: string;
  /** The data to load before the SCO initialises (from the launch). */
  cmi: Record<string, unknown>;
  /** Called with the SCO's complete data on each Commit / Terminate; omitted in a preview. */
  onCommit?: (cmi: Record<string, unknown>) => void;
  /** A navigation request the SCO made when it terminated (continue, previous, choice, …). */
  onNavigationRequest?: (request: string, target: string | undefined) => void;
  /** The SCO called LMSFinish / Terminate. */
  onTerminate?: () => void;
  /**
   * The SCO ended itself (not the player finishing it), called once its Terminate is done;
   * `navigationRequested` tells whether it asked to go somewhere (then onNavigationRequest has that).
   */
  onEnded?: (navigationRequested: boolean) => void;
}

export interface ScormRuntime {
  readonly api: Scorm12API | Scorm2004API;
  /** Ends the SCO's session if the SCO did not (so its last data is committed), and detaches the API. */
  finish(): void;
  /** Commits what the SCO set so far, if its session is open (the page is going away). */
  commitNow(): void;
}

type RuntimeWindow = { API?: unknown; API_1484_11?: unknown };

/** scorm-again validates suspend_data at 64,000 characters; the runtime here takes up to MAX_SUSPEND_DATA_CHARS. */
function widenSuspendData(holder: object): void {
  let value = '';
  Object.defineProperty(holder, 'suspend_data', {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (next: unknown) => {
      if (typeof next === 'string' && next.length <= MAX_SUSPEND_DATA_CHARS) value = next;
    },
  });
}

/**
 * One SCO's run-time API (scorm-again, which validates the data model), loaded with the SCO's
 * previous data, published as `window.API` (1.2) or `window.API_1484_11` (2004) for the SCO in
 * the frame below. Commits are handed to `onCommit` at once and return success to the SCO:
 * the commit client takes care of getting them to the server.
 */
export function createScormRuntime(options: RuntimeOptions, target: RuntimeWindow = globalThis as RuntimeWindow, now: () => number = Date.now): ScormRuntime {
  const is12 = options.scormVersion === '1.2';
  // A SCO that never reports its session time still spends the learner's time: the player counts it.
  const playerTime = sessionClock(is12, options.cmi, now);
  const httpService = {
    processHttpRequest(_url: string, params: unknown) {
      const cmi = (params as { cmi?: Record<string, unknown> } | undefined)?.cmi;
      if (cmi && options.onCommit) options.onCommit(playerTime.applyTo(cmi));
      return { result: true, errorCode: 0 };
    },
    updateSettings() {},
  };
  const settings = {
    ...(options.onCommit ? { lmsCommitUrl: '/commit', httpService } : {}),
    autocommit: true,
    autocommitSeconds: 30,
    alwaysSendTotalTime: true,
    sendFullCommit: true,
    logLevel: 5 as const,
  };
  const api = is12 ? new Scorm12API(settings as ConstructorParameters<typeof Scorm12API>[0]) : new Scorm2004API(settings as ConstructorParameters<typeof Scorm2004API>[0]);
  widenSuspendData(is12 ? (api as Scorm12API).cmi.core : (api as Scorm2004API).cmi);
  api.loadFromJSON(options.cmi);

  let terminated = false;
  let finishing = false;
  let navigationRequested = false;
  // scorm-again announces no event for adl.nav.request=suspendAll on Terminate: the runtime watches the request itself.
  let requestedSuspendAll = false;
  if (!is12) api.on('SetValue.adl.nav.request', (_element: unknown, value: unknown) => (requestedSuspendAll = value === 'suspendAll'));
  const onTerminate = () => {
    terminated = true;
    options.onTerminate?.();
    if (requestedSuspendAll) {
      // The learner leaves and comes back later where they were (the attempt stays open): the player closes.
      navigationRequested = true;
      setTimeout(() => options.onNavigationRequest?.('suspendAll', undefined), 0);
    }
    // Navigation requests are announced within the same Terminate call: decide after it.
    if (!finishing) setTimeout(() => options.onEnded?.(navigationRequested), 0);
  };
  api.on(is12 ? 'LMSFinish' : 'Terminate', onTerminate);
  api.on(is12 ? 'LMSInitialize' : 'Initialize', () => playerTime.started());
  api.on(is12 ? 'LMSSetValue.cmi.core.session_time' : 'SetValue.cmi.session_time', () => playerTime.reportedBySco());
  if (is12) completeUnstatedFinish(api as Scorm12API);
  const navigationEvents: Record<string, string> = {
    SequenceNext: 'continue',
    SequencePrevious: 'previous',
    SequenceChoice: 'choice',
    SequenceJump: 'jump',
    SequenceExit: 'exit',
    SequenceExitAll: 'exitAll',
    SequenceAbandon: 'abandon',
    SequenceAbandonAll: 'abandonAll',
  };
  for (const [event, request] of Object.entries(navigationEvents)) {
    api.on(event, (_element: unknown, value: unknown) => {
      navigationRequested = true;
      // Let the SCO's Terminate finish before the frame changes.
      setTimeout(() => options.onNavigationRequest?.(request, typeof value === 'string' && value !== '' && value !== 'next' ? value : undefined), 0);
    });
  }

  if (is12) target.API = api;
  else target.API_1484_11 = api;

  return {
    api,
    commitNow() {
      if (terminated || !api.isInitialized()) return;
      if (is12) (api as Scorm12API).LMSCommit('');
      else (api as Scorm2004API).Commit('');
    },
    finish() {
      finishing = true;
      if (!terminated && api.isInitialized()) {
        if (is12) (api as Scorm12API).LMSFinish('');
        else (api as Scorm2004API).Terminate('');
      }
      if (is12 && target.API === api) delete target.API;
      if (!is12 && target.API_1484_11 === api) delete target.API_1484_11;
    },
  };
}

/**
 * The data to load when the learner opens a SCO again in the same visit, from what the SCO
 * committed last: its time so far becomes the total, the session starts over, and it resumes
 * when it exited with "suspend" (the same the server does at launch).
 */
export function resumeData(scormVersion: string, launched: Record<string, unknown>, committed: Record<string, unknown>): Record<string, unknown> {
  if (scormVersion === '1.2') {
    const core = { ...((committed.core ?? {}) as Record<string, unknown>) };
    const launchedCore = (launched.core ?? {}) as Record<string, unknown>;
    const entry = core.exit === 'suspend' ? 'resume' : '';
    const totalTime = core.total_time ?? launchedCore.total_time;
    delete core.session_time;
    delete core.exit;
    const { interactions: _interactions, ...rest } = committed;
    return { ...rest, core: { ...core, entry, total_time: totalTime } };
  }
  const data = { ...committed };
  const entry = data.exit === 'suspend' || data.exit === 'logout' ? 'resume' : '';
  data.total_time = data.total_time ?? launched.total_time;
  delete data.session_time;
  delete data.exit;
  return { ...data, entry };
}

/**
 * SCORM 1.2: a SCO that finishes without ever setting lesson_status is completed (RTE 3.4.4;
 * minimal SCOs such as Rustici's "minimum calls" samples rely on it). scorm-again's own
 * setting for this does not fire when the status starts as "not attempted", so the player
 * applies the rule just before the final commit.
 */
function completeUnstatedFinish(api: Scorm12API): void {
  let statusSet = false;
  api.on('LMSSetValue.cmi.core.lesson_status', () => {
    statusSet = true;
  });
  api.on('BeforeTerminate', () => {
    if (!statusSet && api.cmi.core.lesson_status === 'not attempted') api.cmi.core.lesson_status = 'completed';
  });
}

/**
 * The time a SCO is open, counted by the player from its Initialize: when the SCO reports no
 * session time of its own, each commit's total time is the launch's total plus this (SCORM
 * leaves session time to the SCO; many never set it, and their learners would show 0 minutes).
 */
function sessionClock(is12: boolean, launched: Record<string, unknown>, now: () => number) {
  const launchedTime = is12 ? (launched.core as Record<string, unknown> | undefined)?.total_time : launched.total_time;
  const launchedTotal = typeof launchedTime === 'string' ? (is12 ? parseScorm12Time(launchedTime) : parseIsoDuration(launchedTime)) : 0;
  let startedAt: number | null = null;
  let scoReports = false;
  return {
    started() {
      startedAt ??= now();
    },
    reportedBySco() {
      scoReports = true;
    },
    applyTo(cmi: Record<string, unknown>): Record<string, unknown> {
      if (scoReports || startedAt === null) return cmi;
      const total = launchedTotal + Math.max(0, (now() - startedAt) / 1000);
      if (is12) return { ...cmi, core: { ...((cmi.core ?? {}) as Record<string, unknown>), total_time: formatScorm12Time(total) } };
      return { ...cmi, total_time: formatIsoDuration(total) };
    },
  };
}

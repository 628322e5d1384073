import type { CommitState } from './commit-client';

/**
 * The messages between the player page (the app's origin) and its launch frame (the content
 * origin, where the SCORM API and the SCO run). Course content shares the launch frame's origin,
 * so whatever the frame says may have been written by the content: each side takes only these
 * shapes, from the one window and origin it expects, and nothing in them reaches beyond the
 * player of this one attempt.
 */

const MARK = 'lectern-player';

/** The player page to the launch frame. */
export type FrameCommand =
  | { type: 'init'; scormVersion: string; lastSeq: number }
  /** `asset`: a page that does not talk to the LMS; opening it is what counts. */
  | { type: 'open'; scoId: string; href: string; title: string; scormType: 'sco' | 'asset'; cmi: Record<string, unknown> }
  | { type: 'close' };

/** The launch frame to the player page. */
export type FrameEvent =
  | { type: 'ready' }
  | { type: 'committed'; scoId: string; cmi: Record<string, unknown> }
  | { type: 'navigation'; scoId: string; request: NavigationRequestName; target: string | null }
  | { type: 'ended'; scoId: string; navigationRequested: boolean }
  | { type: 'save-state'; state: CommitState }
  | { type: 'closed'; pending: boolean }
  /** The content's page policy blocked something from another origin (only the origin, never the address). */
  | { type: 'blocked'; origin: string };

export const NAVIGATION_REQUESTS = ['continue', 'previous', 'choice', 'jump', 'exit', 'exitAll', 'abandon', 'abandonAll', 'suspendAll'] as const;
export type NavigationRequestName = (typeof NAVIGATION_REQUESTS)[number];
const SAVE_STATES: readonly CommitState[] = ['saved', 'saving', 'retrying', 'closed', 'signed-out', 'refused'];

export function envelope<T extends FrameCommand | FrameEvent>(message: T): T & { [MARK]: 1 } {
  return { ...message, [MARK]: 1 };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 255;

/** A launch frame event, or null for anything else (another script's message, a malformed one). */
export function readFrameEvent(data: unknown): FrameEvent | null {
  if (!isRecord(data) || data[MARK] !== 1) return null;
  switch (data.type) {
    case 'ready':
      return { type: 'ready' };
    case 'committed':
      return isName(data.scoId) && isRecord(data.cmi) ? { type: 'committed', scoId: data.scoId, cmi: data.cmi } : null;
    case 'navigation':
      if (!isName(data.scoId) || !NAVIGATION_REQUESTS.includes(data.request as NavigationRequestName)) return null;
      return { type: 'navigation', scoId: data.scoId, request: data.request as NavigationRequestName, target: isName(data.target) ? data.target : null };
    case 'ended':
      return isName(data.scoId) && typeof data.navigationRequested === 'boolean' ? { type: 'ended', scoId: data.scoId, navigationRequested: data.navigationRequested } : null;
    case 'save-state':
      return SAVE_STATES.includes(data.state as CommitState) ? { type: 'save-state', state: data.state as CommitState } : null;
    case 'closed':
      return typeof data.pending === 'boolean' ? { type: 'closed', pending: data.pending } : null;
    case 'blocked':
      return isBlockedOrigin(data.origin) ? { type: 'blocked', origin: data.origin.toLowerCase() } : null;
    default:
      return null;
  }
}

/** An origin the frame may report blocked: http(s), a host name or IP address, maybe a port; nothing more. */
function isBlockedOrigin(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 300 && /^https?:\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(value);
}

/**
 * The origin of an address the page policy blocked (a SecurityPolicyViolationEvent's
 * blockedURI), or null when it names none: 'inline', 'eval', data:, the frame's own files.
 */
export function blockedOriginOf(blockedURI: string, ownOrigin: string): string | null {
  let url: URL;
  try {
    url = new URL(blockedURI);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin === ownOrigin) return null;
  return isBlockedOrigin(url.origin) ? url.origin : null;
}

/** A player page command, or null for anything else. */
export function readFrameCommand(data: unknown): FrameCommand | null {
  if (!isRecord(data) || data[MARK] !== 1) return null;
  switch (data.type) {
    case 'init':
      return typeof data.scormVersion === 'string' && Number.isSafeInteger(data.lastSeq)
        ? { type: 'init', scormVersion: data.scormVersion, lastSeq: data.lastSeq as number }
        : null;
    case 'open':
      return isName(data.scoId) && typeof data.href === 'string' && typeof data.title === 'string' && (data.scormType === 'sco' || data.scormType === 'asset') && isRecord(data.cmi)
        ? { type: 'open', scoId: data.scoId, href: data.href, title: data.title, scormType: data.scormType, cmi: data.cmi }
        : null;
    case 'close':
      return { type: 'close' };
    default:
      return null;
  }
}

/** Who a message must come from: one window (the frame's, or the parent's) at one origin. */
export interface ExpectedSender {
  origin: string | undefined;
  source: unknown;
}

/**
 * The event of a message from the launch frame, or null when it came from any other window or
 * origin (course content runs on the frame's origin in windows of its own), or has another shape.
 */
export function frameEventOf(message: Pick<MessageEvent, 'origin' | 'source' | 'data'>, expected: ExpectedSender): FrameEvent | null {
  return fromExpected(message, expected) ? readFrameEvent(message.data) : null;
}

/** The command of a message from the player page that opened the frame, or null for anything else. */
export function frameCommandOf(message: Pick<MessageEvent, 'origin' | 'source' | 'data'>, expected: ExpectedSender): FrameCommand | null {
  return fromExpected(message, expected) ? readFrameCommand(message.data) : null;
}

function fromExpected(message: Pick<MessageEvent, 'origin' | 'source'>, expected: ExpectedSender): boolean {
  return expected.origin !== undefined && expected.source != null && message.origin === expected.origin && message.source === expected.source;
}

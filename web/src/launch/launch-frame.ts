import './launch-frame.css';
import { CommitClient, retryAfterMs } from '../player/commit-client';
import { blockedOriginOf, envelope, frameCommandOf, type FrameCommand, type FrameEvent } from '../player/launch-protocol';
import { watchBlockedContent } from './blocked-content';
import { createScormRuntime, type ScormRuntime } from '../player/scorm-runtime';

/**
 * The launch frame: it runs on the content origin, holds the SCORM API for the SCO framed
 * inside it (same origin, so the SCO finds `window.parent.API`), sends the SCO's data to the
 * server under the launch credential in its own address, and tells the player page (the app's
 * origin) what happens, by messages only. It has no app session and can reach no app route.
 */

/** How long the player may wait for everything to be acknowledged when the learner exits. */
const CLOSE_WAIT_MS = 5_000;

const token = location.pathname.split('/')[2] ?? '';
const base = `/launch/${token}`;
const contentBase = `/c/${token}/`;

interface Info {
  /** `attempt` commits to Learn; `area` (a share link's visitor) commits to the link's analytics; `preview` commits nothing. */
  kind: 'attempt' | 'preview' | 'area';
  appOrigin: string;
  allowedOrigins: string[];
}

let info: Info | null = null;
let scormVersion = '1.2';
let client: CommitClient | null = null;
let runtime: ScormRuntime | null = null;
let scoFrame: HTMLIFrameElement | null = null;

function tell(event: FrameEvent): void {
  if (info) window.parent.postMessage(envelope(event), info.appOrigin);
}

/**
 * Removes the SCO's frame (its own unload handler runs now, still on its own API, and may set
 * its exit data and terminate), then finishes what it left open, so its last data is committed.
 */
function closeSco(): void {
  scoFrame?.remove();
  scoFrame = null;
  runtime?.finish();
  runtime = null;
}

function open(command: Extract<FrameCommand, { type: 'open' }>): void {
  closeSco();
  const { scoId } = command;
  runtime = createScormRuntime({
    scormVersion,
    cmi: command.cmi,
    onCommit: (cmi) => {
      client?.commit(scoId, cmi);
      tell({ type: 'committed', scoId, cmi });
    },
    onNavigationRequest: (request, target) => tell({ type: 'navigation', scoId, request: request as never, target: target ?? null }),
    onEnded: (navigationRequested) => tell({ type: 'ended', scoId, navigationRequested }),
  });
  // Only the package's own files, or a cmi5 AU's launch under this frame's own credential: an absolute or protocol-relative address would leave the content origin.
  const href = command.href.replace(/^\/+/, '');
  const cmi5Launch = command.href.startsWith(`${base}/cmi5/au/`) && /^\/launch\/[^/]+\/cmi5\/au\/\d+$/.test(command.href);
  scoFrame = document.createElement('iframe');
  scoFrame.title = command.title;
  scoFrame.allow = 'fullscreen; autoplay';
  scoFrame.allowFullscreen = true;
  scoFrame.src = cmi5Launch ? command.href : /^[a-z][a-z0-9+.-]*:/i.test(href) ? 'about:blank' : `${contentBase}${href}`;
  document.body.append(scoFrame);
  watchBlockedContent(scoFrame, reportBlocked, (origin) => origin === location.origin || (info?.allowedOrigins ?? []).includes(origin));
  // An asset never talks to the LMS: the server counts it completed on this commit of its data, unchanged.
  if (command.scormType === 'asset' && client) {
    client.commit(scoId, command.cmi);
    tell({ type: 'committed', scoId, cmi: command.cmi });
  }
}

async function close(): Promise<void> {
  closeSco();
  if (client) await Promise.race([client.whenIdle(), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS))]);
  tell({ type: 'closed', pending: client?.pending ?? false });
}

function handle(command: FrameCommand): void {
  if (command.type === 'init') {
    scormVersion = command.scormVersion;
    if ((info?.kind === 'attempt' || info?.kind === 'area') && !client) {
      client = new CommitClient({
        url: `${base}/commits`,
        lastSeq: command.lastSeq,
        onState: (state) => tell({ type: 'save-state', state }),
        sendBeacon: typeof navigator.sendBeacon === 'function' ? (url, body) => navigator.sendBeacon(url, body) : undefined,
      });
    }
  } else if (command.type === 'open') open(command);
  else void close();
}

/** Tells the player once per origin that the page policy blocked something from it (the origin only). */
const reported = new Set<string>();
function reportBlocked(blockedURI: string): void {
  const origin = blockedOriginOf(blockedURI, location.origin);
  if (origin === null || reported.has(origin)) return;
  reported.add(origin);
  tell({ type: 'blocked', origin });
}
document.addEventListener('securitypolicyviolation', (event) => reportBlocked(event.blockedURI));

// Whatever is not acknowledged leaves with requests that outlive the page; what the SCO set
// but did not commit yet leaves too (the SCO's own unload, which runs after this, may add more).
window.addEventListener('pagehide', () => {
  client?.flushOnPageHide();
  runtime?.commitNow();
});
window.addEventListener('pageshow', (event) => {
  if (event.persisted) client?.pageShown();
});

window.addEventListener('message', (event) => {
  // Only the player page that opened this frame, from the app origin its credential names.
  const command = frameCommandOf(event, { origin: info?.appOrigin, source: window.parent });
  if (command) handle(command);
});

/** What the frame's credential is for; asked again when a rate limit or a node shedding load says when. */
async function fetchInfo(): Promise<Info | null> {
  for (;;) {
    const response = await fetch(`${base}/info`, { credentials: 'omit', headers: { Accept: 'application/json' } });
    if (response.ok) return (await response.json()) as Info;
    const wait = retryAfterMs(response);
    if (wait === undefined) return null;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

void (async () => {
  info = await fetchInfo();
  if (info) tell({ type: 'ready' });
})();

/** Elements whose address the page loads (a link `<a href>` only navigates). */
const LOADING = 'script[src], link[rel~="stylesheet"][href], link[rel~="preload"][href], link[rel~="modulepreload"][href], link[rel~="icon"][href], img[src], iframe[src], frame[src], video[src], audio[src], source[src], track[src], embed[src], object[data], input[type="image"][src]';

/**
 * The addresses of other origins a document's markup loads that the page policy does not let
 * through: what it blocked before anyone could listen (a script in its head).
 */
function blockedInMarkup(doc: Document, permitted: (origin: string) => boolean): string[] {
  const found: string[] = [];
  for (const element of doc.querySelectorAll(LOADING)) {
    const value = element.getAttribute(element.tagName === 'OBJECT' ? 'data' : element.tagName === 'LINK' ? 'href' : 'src');
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value, doc.baseURI);
    } catch {
      continue;
    }
    if ((url.protocol === 'https:' || url.protocol === 'http:') && !permitted(url.origin)) found.push(url.href);
  }
  return found;
}

/**
 * Listens for what the page policy blocks in the SCO's frame: each document the frame shows
 * (a SCO may move between pages of its own) gets a `securitypolicyviolation` listener as soon as
 * the launch frame can reach it, and once it has loaded, its markup is read for what was blocked
 * before that. Same-origin frames only: a document the launch frame cannot reach is not watched.
 */
export function watchBlockedContent(frame: HTMLIFrameElement, report: (blockedURI: string) => void, permitted: (origin: string) => boolean): void {
  const watched = new WeakSet<Document>();
  let timer: ReturnType<typeof setInterval> | undefined;
  /** The page being left: it stays the frame's document for a moment and is not the one looked for. */
  let leaving: Document | null = null;
  const reachable = (): Document | null => {
    try {
      return frame.contentDocument;
    } catch {
      return null;
    }
  };
  const stopLooking = () => {
    clearInterval(timer);
    timer = undefined;
  };
  /** Attaches to the frame's page; true once it has one (the empty page a frame starts with does not count). */
  const attach = (): boolean => {
    const doc = reachable();
    if (!doc || doc === leaving || doc.location.href === 'about:blank') return false;
    if (watched.has(doc)) return true;
    watched.add(doc);
    doc.addEventListener('securitypolicyviolation', (event) => report(event.blockedURI), true);
    // Leaving this page: look for the next one from its first moment.
    doc.defaultView?.addEventListener('pagehide', () => {
      leaving = doc;
      startLooking();
    });
    return true;
  };
  // A page's document exists before it has loaded: look for it often, but only until it is found.
  function startLooking() {
    if (timer !== undefined) return;
    timer = setInterval(() => {
      if (!frame.isConnected || attach()) stopLooking();
    }, 10);
  }
  frame.addEventListener('load', () => {
    attach();
    stopLooking();
    const doc = reachable();
    if (doc) blockedInMarkup(doc, permitted).forEach(report);
  });
  if (!attach()) startLooking();
}

/**
 * Listens for what the page policy blocks in the SCO's frame: each document the frame shows
 * (a SCO may move between pages of its own) gets a `securitypolicyviolation` listener as soon as
 * the launch frame can reach it, and once it has loaded. Same-origin frames only: a document the
 * launch frame cannot reach is not watched.
 */
export function watchBlockedContent(frame: HTMLIFrameElement, report: (blockedURI: string) => void): void {
  const watched = new WeakSet<Document>();
  const attach = () => {
    let doc: Document | null;
    try {
      doc = frame.contentDocument;
    } catch {
      return;
    }
    if (!doc || watched.has(doc)) return;
    watched.add(doc);
    doc.addEventListener('securitypolicyviolation', (event) => report(event.blockedURI), true);
  };
  frame.addEventListener('load', attach);
  // The document of a page exists before it has loaded (and before its first scripts run): look for it often while the frame is there.
  const timer = setInterval(() => {
    if (!frame.isConnected) clearInterval(timer);
    else attach();
  }, 10);
  attach();
}

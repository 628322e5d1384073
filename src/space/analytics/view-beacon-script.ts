import { MAX_PDF_PAGES } from './analytics.contract.js';

/**
 * The script of a shared file's page (served from the site's own origin, which the strict CSP
 * allows): every 15 seconds while the page is visible, and when it is hidden or left, it reports the
 * seconds it was visible since the last report and, for a video or audio, the ranges played so far;
 * for a PDF, the pages the PDF viewer counted as seen so far (its holder's `data-pages-seen`).
 * It reads where to report from its own `data-beacon`; the server trusts none of it beyond its caps.
 */
export const VIEW_BEACON_SCRIPT = `(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute('data-beacon');
  if (!url || !navigator.sendBeacon) return;
  var media = document.querySelector('video, audio');
  var pdf = document.querySelector('[data-pdf-src]');
  var since = document.visibilityState === 'visible' ? Date.now() : null;
  var owed = 0;
  function take() {
    if (since !== null) { var now = Date.now(); owed += (now - since) / 1000; since = now; }
    var whole = Math.min(3600, Math.floor(owed));
    owed -= whole;
    return whole;
  }
  function report() {
    var body = { seconds: take() };
    if (media && isFinite(media.duration) && media.duration > 0) {
      body.duration = media.duration;
      body.played = [];
      for (var i = 0; i < media.played.length && i < 500; i++) body.played.push([media.played.start(i), media.played.end(i)]);
    }
    var pageCount = pdf && Number(pdf.getAttribute('data-page-count'));
    // A document longer than anyone reads page by page (the server's cap) reports only its time.
    if (pageCount > 0 && pageCount <= ${MAX_PDF_PAGES}) {
      body.pageCount = pageCount;
      body.pagesSeen = (pdf.getAttribute('data-pages-seen') || '').split(' ').filter(Boolean).map(Number).slice(0, ${MAX_PDF_PAGES});
    }
    navigator.sendBeacon(url, new Blob([JSON.stringify(body)], { type: 'application/json' }));
  }
  setInterval(function () { if (document.visibilityState === 'visible') report(); }, 15000);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') { report(); since = null; } else { since = Date.now(); }
  });
  window.addEventListener('pagehide', report);
})();
`;

import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';

/** How long the part keeps being brought into view while the page around it is still loading. */
const FOLLOW_MS = 2000;

/**
 * A link to a part of a page (`/account#two-factor`, `/my-courses#certificates` from the bell)
 * shows that part once `ready`: when what comes before it is on the page, so it stays in view.
 * What loads after that (a list below, without which the page is too short to bring the part to
 * the top; images above) would move it: for a moment the part is brought into view again whenever
 * the page changes size, until the reader scrolls or types themselves.
 */
export function useScrollToHash(ready = true): void {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || hash.length <= 1) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    target.scrollIntoView();
    const follow = new ResizeObserver(() => {
      target.scrollIntoView();
    });
    const readerMoves = ['wheel', 'touchstart', 'keydown'] as const;
    const stop = () => {
      follow.disconnect();
      window.clearTimeout(timer);
      for (const event of readerMoves) window.removeEventListener(event, stop);
    };
    const timer = window.setTimeout(stop, FOLLOW_MS);
    for (const event of readerMoves) window.addEventListener(event, stop, { passive: true });
    follow.observe(document.body);
    return stop;
  }, [hash, ready]);
}

import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * A link to a part of a page (`/account#two-factor`, `/my-courses#certificates` from the bell)
 * shows that part once `ready`: when what comes before it is on the page, so it stays in view.
 */
export function useScrollToHash(ready = true): void {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || hash.length <= 1) return;
    document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView();
  }, [hash, ready]);
}

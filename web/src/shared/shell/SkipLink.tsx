import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './shell.module.css';

export const MAIN_CONTENT_ID = 'main-content';

/** First focusable element of the page: jumps over header and navigation. */
export function SkipLink() {
  const { t } = useTranslation();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    const main = document.getElementById(MAIN_CONTENT_ID);
    if (!main) return;
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  };
  return (
    <a href={`#${MAIN_CONTENT_ID}`} className={classes.skipLink} onClick={onClick}>
      {t('shell.skipToContent')}
    </a>
  );
}

import { Anchor, Stack } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './library.module.css';
import { loadPdfViewer, PDF_VIEWER_STYLE_PATH } from './pdfViewer';

/**
 * A PDF's pages in the page, one below the other in a scrolling window of their own, drawn by the
 * site's PDF viewer (pages near the window drawn, far ones let go, their text for screen readers);
 * `shownPage` brings a page into view (a comment's). The file itself opens in a new tab too.
 */
export function PdfPages({ src, shownPage }: { src: string; shownPage: { page: number } | null }) {
  const { t } = useTranslation();
  const holder = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = holder.current!;
    let stop: (() => void) | undefined;
    let cancelled = false;
    void loadPdfViewer()
      .then(async (viewer) => {
        if (cancelled) return;
        stop = await viewer.showPdf(element, { root: element });
        if (cancelled) stop();
      })
      .catch(() => {
        const status = element.querySelector<HTMLElement>('[data-pdf-status]');
        if (!status || cancelled) return;
        status.hidden = false;
        status.textContent = t('space.preview.pdfFailed');
        status.setAttribute('role', 'alert');
      });
    return () => {
      cancelled = true;
      stop?.();
      element.querySelector('.pdf-pages')?.remove();
    };
  }, [src, t]);
  useEffect(() => {
    if (shownPage) holder.current?.querySelector(`[data-page="${String(shownPage.page)}"]`)?.scrollIntoView({ block: 'start' });
  }, [shownPage]);

  return (
    <Stack gap="xs">
      <link rel="stylesheet" href={PDF_VIEWER_STYLE_PATH} precedence="default" />
      <section
        ref={holder}
        className={classes.pdfWindow}
        tabIndex={0}
        aria-label={t('space.preview.pdfPagesLabel')}
        data-pdf-src={src}
        data-pdf-manual=""
        data-page-label={t('space.preview.pdfPage')}
        data-link-page-label={t('space.preview.pdfGoToPage')}
        data-loading={t('space.preview.pdfLoading')}
        data-failed={t('space.preview.pdfFailed')}
      >
        <p data-pdf-status hidden />
      </section>
      <Anchor href={src} target="_blank" rel="noopener noreferrer" size="sm">
        {t('space.preview.openPdf')}
      </Anchor>
    </Stack>
  );
}

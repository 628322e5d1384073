import { Alert, Anchor, Stack, Text } from '@mantine/core';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './library.module.css';
import { loadPdfjs, PDF_OPTIONS } from './pdfjs';

type Pdfjs = Awaited<ReturnType<typeof loadPdfjs>>;
/** The server's stylesheet of PDF pages (src/space/pdf-viewer/pdf-viewer-style.ts). */
const PDF_VIEWER_STYLE = '/s/pdf-viewer.css';
interface OpenDocument {
  pdfjs: Pdfjs;
  doc: PDFDocumentProxy;
  /** Height over width of the first page: every page's shape until it is drawn. */
  shape: number;
}

/**
 * One page: drawn when it comes near the viewer's window (its picture, and its text laid over it
 * for screen readers and selection), let go again when far from it, so a long document holds the
 * pixels of a few pages only.
 */
function PdfPage({ open, number, label, root }: { open: OpenDocument; number: number; label: string; root: HTMLElement }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const holder = ref.current!;
    let held: { width: number; task: RenderTask | null } | null = null;
    const draw = async () => {
      if (held) return;
      const mine = { width: 0, task: null as RenderTask | null };
      held = mine;
      const page = await open.doc.getPage(number);
      if (held !== mine) return;
      const unscaled = page.getViewport({ scale: 1 });
      holder.style.aspectRatio = `${unscaled.width} / ${unscaled.height}`;
      const viewport = page.getViewport({ scale: holder.clientWidth / unscaled.width });
      const ratio = Math.min(window.devicePixelRatio || 1, 2);
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.setAttribute('aria-hidden', 'true');
      const text = document.createElement('div');
      text.className = 'textLayer';
      holder.style.setProperty('--total-scale-factor', String(viewport.scale));
      holder.append(canvas, text);
      mine.width = unscaled.width;
      mine.task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      try {
        await mine.task.promise;
        await new open.pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
      } catch {
        // Let go of before it was drawn.
      }
    };
    const letGo = () => {
      if (!held) return;
      held.task?.cancel();
      held = null;
      holder.replaceChildren();
    };
    const near = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) void draw();
        else letGo();
      }
    }, { root, rootMargin: '200% 0px' });
    near.observe(holder);
    const resize = new ResizeObserver(() => {
      if (held?.width) holder.style.setProperty('--total-scale-factor', String(holder.clientWidth / held.width));
    });
    resize.observe(holder);
    return () => {
      near.disconnect();
      resize.disconnect();
      letGo();
    };
  }, [open, number, root]);
  return <div ref={ref} role="group" aria-label={label} data-page={number} className="pdf-page" style={{ aspectRatio: `1 / ${open.shape}` }} />;
}

/**
 * A PDF's pages in the page, one below the other in a scrolling window of their own, drawn by
 * PDF.js; `shownPage` brings a page into view (a comment's). The file itself opens in a new tab too.
 */
export function PdfPages({ src, shownPage }: { src: string; shownPage: { page: number } | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<OpenDocument | 'failed' | null>(null);
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  useEffect(() => {
    let cancelled = false;
    let loading: ReturnType<Pdfjs['getDocument']> | undefined;
    void (async () => {
      const pdfjs = await loadPdfjs();
      loading = pdfjs.getDocument({ url: src, ...PDF_OPTIONS });
      const doc = await loading.promise;
      const first = (await doc.getPage(1)).getViewport({ scale: 1 });
      if (!cancelled) setOpen({ pdfjs, doc, shape: first.height / first.width });
    })().catch(() => {
      if (!cancelled) setOpen('failed');
    });
    return () => {
      cancelled = true;
      void loading?.destroy();
    };
  }, [src]);
  useEffect(() => {
    if (!shownPage || !root) return;
    root.querySelector(`[data-page="${String(shownPage.page)}"]`)?.scrollIntoView({ block: 'start' });
  }, [shownPage, root]);

  const link = (
    <Anchor href={src} target="_blank" rel="noopener noreferrer" size="sm">
      {t('space.preview.openPdf')}
    </Anchor>
  );
  if (open === 'failed')
    return (
      <Stack gap="xs" align="flex-start">
        <Alert color="red" role="alert">
          {t('space.preview.pdfFailed')}
        </Alert>
        {link}
      </Stack>
    );
  if (!open)
    return (
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('space.preview.pdfLoading')}</Text>
        {link}
      </Stack>
    );
  const count = open.doc.numPages;
  return (
    <Stack gap="xs">
      {/* The pages' and text layer's styles, shared with the visitors' viewer. */}
      <link rel="stylesheet" href={PDF_VIEWER_STYLE} precedence="default" />
      <div ref={setRoot} className={`${classes.pdfWindow} pdf-pages`} tabIndex={0} role="region" aria-label={t('space.preview.pdfPages', { count })}>
        {root &&
          Array.from({ length: count }, (_, index) => (
            <PdfPage key={index + 1} open={open} number={index + 1} root={root} label={t('space.preview.pdfPage', { page: index + 1, pages: count })} />
          ))}
      </div>
      {link}
    </Stack>
  );
}

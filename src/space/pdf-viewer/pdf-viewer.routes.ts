import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { publicRoute } from '../../platform/access/index.js';
import { PDF_VIEWER_SCRIPT_PATH, PDF_VIEWER_STYLE_PATH, PDFJS_BASE, PDFJS_FILES, PDFJS_ROOT } from './pdf-viewer-assets.js';
import { PDF_VIEWER_SCRIPT } from './pdf-viewer-script.js';
import { PDF_VIEWER_STYLE } from './pdf-viewer-style.js';

const TYPES: Record<string, string> = { '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.ttf': 'font/ttf' };
const FOREVER = 'public, max-age=31536000, immutable';

const notFound = (reply: FastifyReply) => reply.status(404).type('text/plain; charset=utf-8').send('Not found');

/** The PDF viewer of visitors' pages: its script and styles, and the files of PDF.js it loads (the same for everybody). */
export const pdfViewerRoutes: FastifyPluginAsync = async (app) => {
  const assetRoute = publicRoute("the PDF viewer of shared files' and guest reviews' pages, the same for everybody");
  app.get(PDF_VIEWER_SCRIPT_PATH, { onRequest: assetRoute, schema: { hide: true } }, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PDF_VIEWER_SCRIPT),
  );
  app.get(PDF_VIEWER_STYLE_PATH, { onRequest: assetRoute, schema: { hide: true } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PDF_VIEWER_STYLE),
  );
  // Only the files the viewer needs, by a pattern that admits no other directory; the version is in the address.
  app.get(`${PDFJS_BASE}*`, { onRequest: assetRoute, schema: { hide: true } }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (!PDFJS_FILES.test(file)) return notFound(reply);
    const found = await stat(path.join(PDFJS_ROOT, file)).catch(() => undefined);
    if (!found?.isFile()) return notFound(reply);
    return reply
      .type(TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', FOREVER)
      .send(createReadStream(path.join(PDFJS_ROOT, file)));
  });
};

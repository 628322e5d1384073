import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { spaceMembers } from '../workspace/member-guard.js';
import { requestContextOf, runUseCase, type UseCase } from '../../platform/access/index.js';
import { userOf } from '../../platform/identity/index.js';
import { readingBody } from '../../platform/http/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { accessOf, changeItem, contentOf, copyItem, createFolder, getItem, listLibrary, moveItem, purgeItem, renditionOf, restoreItem, restoreVersion, setAccess, trashItem, trashOf, versionsOf } from './items.service.js';
import { accessViewOf, breadcrumbOf, itemViewOf, spaceUploadViewOf, versionViewOf } from './items.views.js';
import { accessView, copyItemInput, createFolderInput, createSpaceUploadInput, itemListQuery, itemListView, itemView, moveItemInput, setAccessInput, spaceUploadView, updateItemInput, versionListView } from './library.contract.js';
import { sendStoredFile, sendStoredPicture } from './send-file.js';
import { thumbnailBlob } from './thumbnails.service.js';
import { cancelSpaceUpload, completeSpaceUpload, createSpaceUpload, getSpaceUpload, receiveSpaceChunk } from './uploads.service.js';

const TAGS = ['space: library'];
const idParams = z.object({ id: z.uuid() });
/** The library: folders, files, versions, the trash, access, resumable uploads and the files' bytes. */
export function libraryRoutes(deps: AreaRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const members = spaceMembers(db);
  return async (app) => {
    const run = <T>(request: Parameters<typeof requestContextOf>[0], work: (useCase: UseCase) => Promise<T>) => runUseCase(db, requestContextOf(request), work);

    app.get('/api/space/items', { onRequest: members.read, schema: { tags: TAGS, summary: "A folder's entries, or a search of the whole library", querystring: itemListQuery, response: { 200: itemListView } } }, async (request) =>
      run(request, async (useCase) => {
        const page = await listLibrary(useCase, request.query);
        return { items: page.items.map(itemViewOf), total: page.total, folder: page.folder ? itemViewOf(page.folder) : null, path: page.path.map(breadcrumbOf) };
      }),
    );

    app.post('/api/space/folders', { onRequest: members.write, schema: { tags: TAGS, summary: 'Make a folder or a project', body: createFolderInput, response: { 201: itemView } } }, async (request, reply) =>
      reply.status(201).send(itemViewOf(await run(request, (useCase) => createFolder(useCase, request.body)))),
    );

    app.get('/api/space/items/:id', { onRequest: members.read, schema: { tags: TAGS, summary: 'One item', params: idParams, response: { 200: itemView } } }, async (request) =>
      itemViewOf(await run(request, (useCase) => getItem(useCase, request.params.id))),
    );

    app.get(
      '/api/space/items/:id/rendition',
      { onRequest: members.read, schema: { tags: TAGS, summary: "An Office file's PDF rendition: the PDF uploaded beside it (same folder, same name), if the member may see it", params: idParams, response: { 200: z.object({ rendition: itemView.nullable() }) } } },
      async (request) => {
        const rendition = await run(request, (useCase) => renditionOf(useCase, request.params.id));
        return { rendition: rendition ? itemViewOf(rendition) : null };
      },
    );

    app.patch('/api/space/items/:id', { onRequest: members.write, schema: { tags: TAGS, summary: 'Rename an item or change its tags', params: idParams, body: updateItemInput, response: { 200: itemView } } }, async (request) =>
      itemViewOf(await run(request, (useCase) => changeItem(useCase, request.params.id, request.body))),
    );

    app.post('/api/space/items/:id/move', { onRequest: members.write, schema: { tags: TAGS, summary: 'Move an item into another folder (null: the top)', params: idParams, body: moveItemInput, response: { 200: itemView } } }, async (request) =>
      itemViewOf(await run(request, (useCase) => moveItem(useCase, request.params.id, request.body))),
    );

    app.post('/api/space/items/:id/copy', { onRequest: members.write, schema: { tags: TAGS, summary: 'Copy a file or a folder with what is in it', params: idParams, body: copyItemInput, response: { 201: itemView } } }, async (request, reply) =>
      reply.status(201).send(itemViewOf(await run(request, (useCase) => copyItem(useCase, request.params.id, request.body)))),
    );

    app.delete('/api/space/items/:id', { onRequest: members.write, schema: { tags: TAGS, summary: 'Move an item (and what is in it) to the trash', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      await run(request, (useCase) => trashItem(useCase, request.params.id));
      return reply.status(204).send(null);
    });

    app.post('/api/space/items/:id/restore', { onRequest: members.write, schema: { tags: TAGS, summary: 'Bring an item back from the trash', params: idParams, response: { 200: itemView } } }, async (request) =>
      itemViewOf(await run(request, (useCase) => restoreItem(useCase, request.params.id))),
    );

    app.get('/api/space/trash', { onRequest: members.read, schema: { tags: TAGS, summary: 'What is in the trash (purged 30 days after it went there)', response: { 200: itemListView } } }, async (request) =>
      run(request, async (useCase) => {
        const items = await trashOf(useCase);
        return { items: items.map(itemViewOf), total: items.length, folder: null, path: [] };
      }),
    );

    app.delete('/api/space/trash/:id', { onRequest: members.write, schema: { tags: TAGS, summary: 'Delete an item from the trash for good', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      await run(request, (useCase) => purgeItem(useCase, request.params.id));
      return reply.status(204).send(null);
    });

    app.get('/api/space/items/:id/versions', { onRequest: members.read, schema: { tags: TAGS, summary: "A file's versions, newest first", params: idParams, response: { 200: versionListView } } }, async (request) =>
      run(request, async (useCase) => {
        const { item, versions } = await versionsOf(useCase, request.params.id);
        return { versions: versions.map((version) => versionViewOf(version, item.currentVersionId)) };
      }),
    );

    app.post(
      '/api/space/items/:id/versions/:number/restore',
      { onRequest: members.write, schema: { tags: TAGS, summary: 'Make an older version current again (as a new version)', params: z.object({ id: z.uuid(), number: z.coerce.number().int().min(1) }), response: { 200: itemView } } },
      async (request) => itemViewOf(await run(request, (useCase) => restoreVersion(useCase, request.params.id, request.params.number))),
    );

    app.get('/api/space/items/:id/access', { onRequest: members.read, schema: { tags: TAGS, summary: 'Who may reach an item', params: idParams, response: { 200: accessView } } }, async (request) =>
      run(request, async (useCase) => {
        const { item, rows, inheritedFrom } = await accessOf(useCase, request.params.id);
        return accessViewOf(item, rows, inheritedFrom);
      }),
    );

    app.put('/api/space/items/:id/access', { onRequest: members.write, schema: { tags: TAGS, summary: 'Restrict an item to named members and groups, or open it', params: idParams, body: setAccessInput, response: { 200: accessView } } }, async (request) =>
      run(request, async (useCase) => {
        await setAccess(useCase, request.params.id, request.body);
        const { item, rows, inheritedFrom } = await accessOf(useCase, request.params.id);
        return accessViewOf(item, rows, inheritedFrom);
      }),
    );

    // The bytes of a version (send-file.ts: ranges, and inline only what a browser shows safely).
    app.get(
      '/api/space/items/:id/content',
      {
        onRequest: members.read,
        schema: { tags: TAGS, summary: "A file's bytes (a version's with ?version=; ?download=1 as a download)", params: idParams, querystring: z.object({ version: z.coerce.number().int().min(1).optional(), download: z.enum(['0', '1']).optional() }) },
      },
      async (request, reply) => {
        const { version, chunks } = await run(request, (useCase) => contentOf(useCase, request.params.id, request.query.version));
        return sendStoredFile(deps, request, reply, { tenantId: tenantOf(request).id, version, chunks, download: request.query.download === '1' });
      },
    );

    // The list's small picture of an image (made the first time it is asked for; the address names the version, so it is cached long).
    app.get(
      '/api/space/items/:id/thumbnail',
      { onRequest: members.read, schema: { tags: TAGS, summary: "An image's small picture for lists (WebP, 160 × 160, cropped to the middle; ?version= names the version, the current one without)", params: idParams, querystring: z.object({ version: z.coerce.number().int().min(1).optional() }) } },
      async (request, reply) => {
        const tenantId = tenantOf(request).id;
        const { version, chunks } = await run(request, (useCase) => contentOf(useCase, request.params.id, request.query.version));
        const blobHash = await thumbnailBlob(deps, tenantId, version, chunks);
        return sendStoredPicture(deps, tenantId, reply, { blobHash, mediaType: 'image/webp', maxAgeSeconds: 86_400 });
      },
    );

    // Resumable uploads: start, PUT chunks with Content-Range, ask how far it got, complete.
    app.post('/api/space/uploads', { onRequest: members.write, schema: { tags: TAGS, summary: 'Start a resumable upload of a file (or of a new version of one)', body: createSpaceUploadInput, response: { 201: spaceUploadView } } }, async (request, reply) =>
      reply.status(201).send(spaceUploadViewOf(await run(request, (useCase) => createSpaceUpload(useCase, request.body)))),
    );

    app.get('/api/space/uploads/:id', { onRequest: members.read, schema: { tags: TAGS, summary: 'How many bytes of an upload have arrived', params: idParams, response: { 200: spaceUploadView } } }, async (request) =>
      spaceUploadViewOf(await getSpaceUpload(deps, tenantOf(request).id, userOf(request).id, request.params.id)),
    );

    app.post('/api/space/uploads/:id/complete', { onRequest: members.write, schema: { tags: TAGS, summary: 'Make the file of a fully received upload', params: idParams, response: { 201: itemView } } }, async (request, reply) => {
      const done = await completeSpaceUpload(deps, (work) => run(request, work), tenantOf(request).id, userOf(request).id, request.params.id);
      return reply.status(201).send(itemViewOf(done));
    });

    app.delete('/api/space/uploads/:id', { onRequest: members.write, schema: { tags: TAGS, summary: 'Abandon an upload', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      await cancelSpaceUpload(deps, tenantOf(request).id, userOf(request).id, request.params.id);
      return reply.status(204).send(null);
    });

    // Chunks, in a scope where a body of any type reaches the handler as a stream.
    const chunkRoutes: FastifyPluginAsyncZod = async (chunks) => {
      chunks.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
      chunks.put('/api/space/uploads/:id', { onRequest: members.write, schema: { tags: TAGS, summary: 'Send a chunk (Content-Type: application/octet-stream, Content-Range: bytes first-last/total)', params: idParams, response: { 200: spaceUploadView } } }, async (request, reply) =>
        readingBody(request, reply, async () =>
          spaceUploadViewOf(
            await receiveSpaceChunk(deps, tenantOf(request).id, userOf(request).id, request.params.id, { contentRange: request.headers['content-range'], contentLength: request.headers['content-length'] }, request.body as Readable),
          ),
        ),
      );
    };
    await app.register(chunkRoutes);
  };
}

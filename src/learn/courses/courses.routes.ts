import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError, readingBody } from '../../platform/http/index.js';
import { userOf } from '../../platform/identity/index.js';
import { clientOf } from '../../platform/identity/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { copyCourseInput, COVER_CONTENT_TYPES, courseListQuery, courseListView, courseStatusInput, courseView, createCourseInput, createUploadInput, importResultView, PACKAGE_CONTENT_TYPES, updateCourseInput, uploadView, versionListView, type ImportResultView, type UploadView } from './courses.contract.js';
import type { UploadRow } from './courses.repository.js';
import { changeCourseStatus, copyCourse, createCourse, deleteCourse, getCourse, getCourseVersions, listCoursesFor, updateCourseDetails } from './courses.service.js';
import { requestLanguage } from '../../platform/http/index.js';
import { courseViewOf, versionViewOf } from './courses.views.js';
import { deleteCover, readCover, replaceCover } from './cover-image.js';
import type { ImportedPackage } from './import-package.js';
import { cancelUpload, completeUpload, createUpload, getUpload, importPackageBody, receiveChunk } from './package-uploads.service.js';
import { allow } from '../../platform/access/index.js';
import { coursesPolicy } from './courses.policy.js';

const idParams = z.object({ id: z.uuid() });

function actorOf(request: FastifyRequest) {
  return { user: userOf(request), client: clientOf(request) };
}

function importView(imported: ImportedPackage): ImportResultView {
  return { course: courseViewOf(imported.course), version: versionViewOf(imported.version), warnings: imported.warnings };
}

function uploadViewOf(upload: UploadRow): UploadView {
  return {
    id: upload.id,
    courseId: upload.courseId,
    fileName: upload.fileName,
    totalBytes: Number(upload.totalBytes),
    receivedBytes: Number(upload.receivedBytes),
    status: upload.status,
    versionId: upload.versionId,
    expiresAt: upload.expiresAt.toISOString(),
  };
}

function mediaTypeOf(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The body of a binary route: the request stream, passed through unread by the parsers below. */
function bodyStream(request: FastifyRequest): Readable {
  return request.body as Readable;
}

/**
 * Cover images are handed to the handler as a stream, in this plugin's scope only; the handler
 * reads them with its own size limit. (Package bodies have a scope of their own, below.)
 */
function registerCoverParsers(app: FastifyInstance): void {
  app.addContentTypeParser([...COVER_CONTENT_TYPES], (_request, payload, done) => done(null, payload));
}

const fileNameQuery = z.object({ fileName: z.string().trim().min(1).max(255).optional() });

/** Courses, content items and versions: the admin API and the publish API for authoring tools. */
export function coursesRoutes(deps: LearnDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const publisher = allow(db, coursesPolicy, 'publish');
  return async (app) => {
    registerCoverParsers(app);

    app.get(
      '/api/learn/courses',
      {
        onRequest: allow(db, coursesPolicy, 'view'),
        schema: { tags: ['learn: courses'], summary: 'Courses of this site', querystring: courseListQuery, response: { 200: courseListView } },
      },
      async (request) => {
        const result = await listCoursesFor(db, tenantOf(request).id, userOf(request), request.query);
        return { courses: result.courses.map(courseViewOf), total: result.total };
      },
    );

    app.post(
      '/api/learn/courses',
      {
        onRequest: allow(db, coursesPolicy, 'manage'),
        schema: { tags: ['learn: courses'], summary: 'Create a course (draft)', body: createCourseInput, response: { 201: courseView } },
      },
      async (request, reply) => {
        const course = await createCourse(db, tenantOf(request).id, actorOf(request), request.body);
        return reply.status(201).send(courseViewOf(course));
      },
    );

    app.get(
      '/api/learn/courses/:id',
      {
        onRequest: allow(db, coursesPolicy, 'view'),
        schema: { tags: ['learn: courses'], summary: 'One course', params: idParams, response: { 200: courseView } },
      },
      async (request) => courseViewOf(await getCourse(db, tenantOf(request).id, userOf(request), request.params.id)),
    );

    app.patch(
      '/api/learn/courses/:id',
      {
        onRequest: allow(db, coursesPolicy, 'manage'),
        schema: { tags: ['learn: courses'], summary: 'Change the details of a course', params: idParams, body: updateCourseInput, response: { 200: courseView } },
      },
      async (request) => courseViewOf(await updateCourseDetails(db, tenantOf(request).id, actorOf(request), request.params.id, request.body)),
    );

    app.post(
      '/api/learn/courses/:id/status',
      {
        onRequest: allow(db, coursesPolicy, 'manage'),
        schema: {
          tags: ['learn: courses'],
          summary: 'Publish, archive or return a course to draft',
          params: idParams,
          body: courseStatusInput,
          response: { 200: courseView },
        },
      },
      async (request) => courseViewOf(await changeCourseStatus(db, tenantOf(request).id, actorOf(request), request.params.id, request.body.status)),
    );

    app.delete(
      '/api/learn/courses/:id',
      {
        onRequest: allow(db, coursesPolicy, 'manage'),
        schema: {
          tags: ['learn: courses'],
          summary: 'Delete a draft or archived course with its versions, enrolments, progress and certificates (a published one: archive it first)',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await deleteCourse(db, tenantOf(request).id, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/learn/courses/:id/copy',
      {
        onRequest: allow(db, coursesPolicy, 'manage'),
        schema: {
          tags: ['learn: courses'],
          summary: 'Copy a course as a new draft: details, cover and current content (the same files), no enrolments',
          params: idParams,
          body: copyCourseInput,
          response: { 201: courseView },
        },
      },
      async (request, reply) =>
        reply.status(201).send(courseViewOf(await copyCourse(db, tenantOf(request).id, actorOf(request), request.params.id, request.body, requestLanguage(request)))),
    );

    app.get(
      '/api/learn/courses/:id/versions',
      {
        onRequest: allow(db, coursesPolicy, 'view'),
        schema: { tags: ['learn: courses'], summary: 'The uploaded versions of a course, newest first', params: idParams, response: { 200: versionListView } },
      },
      async (request) => ({ versions: (await getCourseVersions(db, tenantOf(request).id, userOf(request), request.params.id)).map(versionViewOf) }),
    );

    // Package bodies, in a scope of their own where a body of any content type reaches the
    // handler: a wrong one is answered with LEARN_PACKAGE_CONTENT_TYPE, not the generic 415.
    const packageBodyRoutes: FastifyPluginAsyncZod = async (packages) => {
      // Zips and chunks stream to disk in the handler, with its own size limit.
      packages.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

      // Packages in one request: the zip is the body (Content-Type: application/zip).
      const importBody = (request: FastifyRequest, reply: FastifyReply, courseId: string | null, fileName: string | undefined) =>
        readingBody(request, reply, async () => {
          if (!(PACKAGE_CONTENT_TYPES as readonly string[]).includes(mediaTypeOf(request))) {
            throw new AppError('LEARN_PACKAGE_CONTENT_TYPE', [{ field: 'content-type', value: mediaTypeOf(request) || 'missing' }]);
          }
          const imported = await importPackageBody(deps, tenantOf(request).id, actorOf(request), bodyStream(request), {
            courseId,
            fileName: fileName ?? 'package.zip',
            contentLength: request.headers['content-length'],
          });
          return importView(imported);
        });

      packages.post(
        '/api/learn/courses/:id/packages',
        {
          onRequest: publisher,
          schema: {
            tags: ['learn: packages'],
            summary: 'Upload a SCORM zip as the new version of a course (body: the zip)',
            params: idParams,
            querystring: fileNameQuery,
            response: { 201: importResultView },
          },
        },
        async (request, reply) => reply.status(201).send(await importBody(request, reply, request.params.id, request.query.fileName)),
      );

      packages.post(
        '/api/learn/packages',
        {
          onRequest: publisher,
          schema: {
            tags: ['learn: packages'],
            summary: 'Upload a SCORM zip as a new course named after its manifest (body: the zip)',
            querystring: fileNameQuery,
            response: { 201: importResultView },
          },
        },
        async (request, reply) => reply.status(201).send(await importBody(request, reply, null, request.query.fileName)),
      );

      packages.put(
        '/api/learn/package-uploads/:id',
        {
          onRequest: publisher,
          schema: {
            tags: ['learn: packages'],
            summary: 'Send a chunk (Content-Type: application/octet-stream, Content-Range: bytes first-last/total)',
            params: idParams,
            response: { 200: uploadView },
          },
        },
        async (request, reply) =>
          readingBody(request, reply, async () => {
            if (mediaTypeOf(request) !== 'application/octet-stream') {
              throw new AppError('LEARN_PACKAGE_CONTENT_TYPE', [{ field: 'content-type', value: mediaTypeOf(request) || 'missing' }]);
            }
            const upload = await receiveChunk(
              deps,
              tenantOf(request).id,
              userOf(request),
              request.params.id,
              { contentRange: request.headers['content-range'], contentLength: request.headers['content-length'] },
              bodyStream(request),
            );
            return uploadViewOf(upload);
          }),
      );
    };
    await app.register(packageBodyRoutes);

    // Resumable uploads: create, PUT chunks with Content-Range, ask how far it got, complete.
    app.post(
      '/api/learn/package-uploads',
      {
        onRequest: publisher,
        schema: { tags: ['learn: packages'], summary: 'Start a resumable package upload', body: createUploadInput, response: { 201: uploadView } },
      },
      async (request, reply) => reply.status(201).send(uploadViewOf(await createUpload(deps, tenantOf(request).id, actorOf(request), request.body))),
    );

    app.get(
      '/api/learn/package-uploads/:id',
      {
        onRequest: publisher,
        schema: { tags: ['learn: packages'], summary: 'How many bytes of an upload have arrived', params: idParams, response: { 200: uploadView } },
      },
      async (request) => uploadViewOf(await getUpload(deps, tenantOf(request).id, userOf(request), request.params.id)),
    );

    app.post(
      '/api/learn/package-uploads/:id/complete',
      {
        onRequest: publisher,
        schema: { tags: ['learn: packages'], summary: 'Import a fully received upload', params: idParams, response: { 201: importResultView } },
      },
      async (request, reply) => reply.status(201).send(importView(await completeUpload(deps, tenantOf(request).id, actorOf(request), request.params.id))),
    );

    app.delete(
      '/api/learn/package-uploads/:id',
      {
        onRequest: publisher,
        schema: { tags: ['learn: packages'], summary: 'Abandon an upload', params: idParams, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await cancelUpload(deps, tenantOf(request).id, userOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    // Cover images.
    app.put(
      '/api/learn/courses/:id/cover',
      {
        onRequest: allow(db, coursesPolicy, 'manage'),
        schema: { tags: ['learn: courses'], summary: 'Set the cover image (body: PNG, JPEG or WebP)', params: idParams, response: { 200: courseView } },
      },
      async (request, reply) =>
        readingBody(request, reply, async () =>
          courseViewOf(await replaceCover(deps, tenantOf(request).id, actorOf(request), request.params.id, bodyStream(request), request.headers['content-length'])),
        ),
    );

    app.delete(
      '/api/learn/courses/:id/cover',
      {
        onRequest: allow(db, coursesPolicy, 'manage'),
        schema: { tags: ['learn: courses'], summary: 'Remove the cover image', params: idParams, response: { 200: courseView } },
      },
      async (request) => courseViewOf(await deleteCover(deps, tenantOf(request).id, actorOf(request), request.params.id)),
    );

    app.get(
      '/api/learn/courses/:id/cover',
      {
        onRequest: allow(db, coursesPolicy, 'viewCover'),
        schema: { tags: ['learn: courses'], summary: 'The cover image (any signed-in user of the site)', params: idParams },
      },
      async (request, reply) => {
        const cover = await readCover(deps, tenantOf(request).id, request.params.id);
        return reply.type(cover.mediaType).header('cache-control', 'private, max-age=300').send(cover.bytes);
      },
    );
  };
}

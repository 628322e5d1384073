import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { spaceMembers } from '../workspace/member-guard.js';
import { publicationListView, publicationView, publishInput, type PublicationView } from './publishing.contract.js';
import type { PublicationRow } from './publishing.repository.js';
import { publicationsOf, publishToLearn } from './publishing.service.js';

const TAGS = ['space: publishing'];
const idParams = z.object({ id: z.uuid() });

function publicationViewOf(row: PublicationRow): PublicationView {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    course: row.courseId ? { id: row.courseId, title: row.courseTitle, version: row.courseVersion } : null,
    errorCode: row.errorCode,
    publishedBy: row.publishedBy,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** "Publish to Learn" of a course package in the library, and where a file is published. */
export function publishingRoutes(db: Db): FastifyPluginAsyncZod {
  const members = spaceMembers(db);
  return async (app) => {
    app.post(
      '/api/space/items/:id/publish',
      { onRequest: members.write, schema: { tags: TAGS, summary: 'Publish a version of a course package to Learn (as a new course or a new version of one); carried out in the background', params: idParams, body: publishInput, response: { 202: publicationView } } },
      async (request, reply) => reply.status(202).send(publicationViewOf(await runUseCase(db, requestContextOf(request), (useCase) => publishToLearn(useCase, request.params.id, request.body)))),
    );
    app.get(
      '/api/space/items/:id/publications',
      { onRequest: members.read, schema: { tags: TAGS, summary: 'Where a file has been published in Learn, newest first', params: idParams, response: { 200: publicationListView } } },
      async (request) => ({ publications: (await runUseCase(db, requestContextOf(request), (useCase) => publicationsOf(useCase, request.params.id))).map(publicationViewOf) }),
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { LearnDeps } from '../learn-deps.js';
import {
  enrolGroupInPathInput,
  enrolGroupInPathResult,
  enrolInPathInput,
  enrolInPathResult,
  leavePathResult,
  myPathListView,
  pathEnrolmentListView,
  pathInput,
  pathListView,
  pathView,
} from './paths.contract.js';
import { pathsPolicy } from './paths.policy.js';
import { changePath, createPath, enrolGroupInPath, enrolInPath, getPath, leavePath, listPaths, myPaths, pathLearners, removeGroupFromPath, removePath } from './paths.service.js';

const TAGS = ['learn: learning paths'];
const pathParams = z.object({ pathId: z.uuid() });

/** Learning paths: built by those who build courses, filled by those who enrol people, followed by learners. */
export function pathsRoutes({ db }: LearnDeps): FastifyPluginAsyncZod {
  const viewers = allow(db, pathsPolicy, 'view');
  const builders = allow(db, pathsPolicy, 'manage');
  const enrollers = allow(db, pathsPolicy, 'enrol');
  return async (app) => {
    app.get(
      '/api/learn/paths',
      { onRequest: viewers, schema: { tags: TAGS, summary: "The site's learning paths, with their numbers of courses, learners and finishers", response: { 200: pathListView } } },
      async (request) => ({ paths: await runUseCase(db, requestContextOf(request), listPaths) }),
    );

    app.post(
      '/api/learn/paths',
      { onRequest: builders, schema: { tags: TAGS, summary: 'Create a learning path', body: pathInput, response: { 201: pathView } } },
      async (request, reply) => reply.status(201).send(await runUseCase(db, requestContextOf(request), (useCase) => createPath(useCase, request.body))),
    );

    app.get(
      '/api/learn/paths/:pathId',
      { onRequest: viewers, schema: { tags: TAGS, summary: 'A learning path with its courses and groups', params: pathParams, response: { 200: pathView } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => getPath(useCase, request.params.pathId)),
    );

    app.put(
      '/api/learn/paths/:pathId',
      {
        onRequest: builders,
        schema: { tags: TAGS, summary: "Replace a learning path's details and courses (its learners get the courses now open to them)", params: pathParams, body: pathInput, response: { 200: pathView } },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => changePath(useCase, request.params.pathId, request.body)),
    );

    app.delete(
      '/api/learn/paths/:pathId',
      {
        onRequest: builders,
        schema: { tags: TAGS, summary: 'Delete a learning path (course enrolments it made without progress go, the others stay)', params: pathParams, response: { 200: leavePathResult } },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => removePath(useCase, request.params.pathId)),
    );

    app.get(
      '/api/learn/paths/:pathId/enrolments',
      { onRequest: viewers, schema: { tags: TAGS, summary: "A learning path's learners with their progress", params: pathParams, response: { 200: pathEnrolmentListView } } },
      async (request) => ({ enrolments: await runUseCase(db, requestContextOf(request), (useCase) => pathLearners(useCase, request.params.pathId)) }),
    );

    app.post(
      '/api/learn/paths/:pathId/enrolments',
      { onRequest: enrollers, schema: { tags: TAGS, summary: 'Enrol users in a learning path (and in its courses as they open)', params: pathParams, body: enrolInPathInput, response: { 200: enrolInPathResult } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => enrolInPath(useCase, request.params.pathId, request.body.userIds)),
    );

    app.delete(
      '/api/learn/path-enrolments/:pathEnrolmentId',
      {
        onRequest: enrollers,
        schema: { tags: TAGS, summary: 'Take a user out of a learning path', params: z.object({ pathEnrolmentId: z.uuid() }), response: { 200: leavePathResult } },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => leavePath(useCase, request.params.pathEnrolmentId)),
    );

    app.post(
      '/api/learn/paths/:pathId/groups',
      { onRequest: enrollers, schema: { tags: TAGS, summary: 'Enrol a group in a learning path (its members now and later)', params: pathParams, body: enrolGroupInPathInput, response: { 200: enrolGroupInPathResult } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => enrolGroupInPath(useCase, request.params.pathId, request.body)),
    );

    app.delete(
      '/api/learn/path-groups/:pathGroupId',
      { onRequest: enrollers, schema: { tags: TAGS, summary: 'Remove a group from a learning path', params: z.object({ pathGroupId: z.uuid() }), response: { 200: leavePathResult } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => removeGroupFromPath(useCase, request.params.pathGroupId)),
    );

    app.get(
      '/api/learn/me/paths',
      { onRequest: allow(db, pathsPolicy, 'study'), schema: { tags: TAGS, summary: 'My learning paths, each course open, locked or not yet available', response: { 200: myPathListView } } },
      async (request) => ({ paths: await runUseCase(db, requestContextOf(request), (useCase) => myPaths(useCase)) }),
    );
  };
}

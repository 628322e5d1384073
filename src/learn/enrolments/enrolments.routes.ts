import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../../platform/identity/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { catalogueQuery, catalogueView, changeDueInput, courseEnrolmentsView, courseEnrolmentView, enrolGroupInput, enrolGroupResult, enrolUsersInput, enrolUsersResult, groupEnrolmentView, myEnrolmentsView, removeGroupEnrolmentResult, selfEnrolResult, updateGroupEnrolmentInput } from './enrolments.contract.js';
import type { CourseEnrolmentRow, GroupEnrolmentRow } from './enrolments.repository.js';
import { catalogue, changeDue, changeGroupEnrolment, courseEnrolments, enrolGroup, enrolUsers, myEnrolments, removeGroupEnrolment, selfEnrol, unenrol } from './enrolments.service.js';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import { enrolmentsPolicy } from './enrolments.policy.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

function enrolmentView(e: CourseEnrolmentRow, now: Date): z.infer<typeof courseEnrolmentView> {
  const done = e.status === 'completed' || e.status === 'passed';
  return {
    ...e,
    dueAt: iso(e.dueAt),
    overdue: !done && e.dueAt !== null && e.dueAt.getTime() < now.getTime(),
    enrolledAt: e.enrolledAt.toISOString(),
    lastAccessAt: iso(e.lastAccessAt),
    completedAt: iso(e.completedAt),
  };
}

function groupView({ courseId: _courseId, ...g }: GroupEnrolmentRow): z.infer<typeof groupEnrolmentView> {
  return { ...g, dueAt: iso(g.dueAt), createdAt: g.createdAt.toISOString() };
}


/**
 * Enrolments of users and groups, self-enrolment, the learner dashboard. Administrators and
 * managers enrol (managers assign training to their people); instructors may see who is enrolled.
 */
export function enrolmentsRoutes({ db }: LearnDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const enrollers = allow(db, enrolmentsPolicy, 'manage');
    const viewers = allow(db, enrolmentsPolicy, 'view');
    const learners = allow(db, enrolmentsPolicy, 'study');
    const courseParams = z.object({ courseId: z.uuid() });
    const enrolmentParams = z.object({ enrolmentId: z.uuid() });
    const groupEnrolmentParams = z.object({ groupEnrolmentId: z.uuid() });

    app.get(
      '/api/learn/courses/:courseId/enrolments',
      {
        onRequest: viewers,
        schema: { tags: ['enrolments'], summary: "A course's enrolled users and groups", params: courseParams, response: { 200: courseEnrolmentsView } },
      },
      async (request) => {
        const result = await courseEnrolments(db, tenantOf(request).id, request.params.courseId);
        const now = new Date();
        return { enrolments: result.enrolments.map((e) => enrolmentView(e, now)), groups: result.groups.map(groupView) };
      },
    );

    app.post(
      '/api/learn/courses/:courseId/enrolments',
      {
        onRequest: enrollers,
        schema: {
          tags: ['enrolments'],
          summary: 'Enrol users in a course, with an optional due date (all or none; enrolling again keeps progress)',
          params: courseParams,
          body: enrolUsersInput,
          response: { 200: enrolUsersResult },
        },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => enrolUsers(useCase, request.params.courseId, request.body.userIds, request.body.dueAt)),
    );

    app.patch(
      '/api/learn/enrolments/:enrolmentId',
      {
        onRequest: enrollers,
        schema: { tags: ['enrolments'], summary: "Change an enrolment's due date (null: none)", params: enrolmentParams, body: changeDueInput, response: { 200: courseEnrolmentView } },
      },
      async (request) => enrolmentView(await runUseCase(db, requestContextOf(request), (useCase) => changeDue(useCase, request.params.enrolmentId, request.body.dueAt)), new Date()),
    );

    app.delete(
      '/api/learn/enrolments/:enrolmentId',
      {
        onRequest: enrollers,
        schema: { tags: ['enrolments'], summary: 'Unenrol a user (not one a group brought in)', params: enrolmentParams, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await runUseCase(db, requestContextOf(request), (useCase) => unenrol(useCase, request.params.enrolmentId));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/learn/courses/:courseId/group-enrolments',
      {
        onRequest: enrollers,
        schema: {
          tags: ['enrolments'],
          summary: 'Enrol a group (and its sub-groups): its members, present and future, are enrolled',
          params: courseParams,
          body: enrolGroupInput,
          response: { 200: enrolGroupResult, 201: enrolGroupResult },
        },
      },
      async (request, reply) => {
        const result = await runUseCase(db, requestContextOf(request), (useCase) => enrolGroup(useCase, request.params.courseId, request.body));
        return reply.status(result.isNew ? 201 : 200).send({ groupEnrolment: groupView(result.groupEnrolment), created: result.created });
      },
    );

    app.patch(
      '/api/learn/group-enrolments/:groupEnrolmentId',
      {
        onRequest: enrollers,
        schema: {
          tags: ['enrolments'],
          summary: "Change a group enrolment's due date (for every enrolment it brought) or whether sub-groups are included",
          params: groupEnrolmentParams,
          body: updateGroupEnrolmentInput,
          response: { 200: groupEnrolmentView },
        },
      },
      async (request) => groupView(await runUseCase(db, requestContextOf(request), (useCase) => changeGroupEnrolment(useCase, request.params.groupEnrolmentId, request.body))),
    );

    app.delete(
      '/api/learn/group-enrolments/:groupEnrolmentId',
      {
        onRequest: enrollers,
        schema: {
          tags: ['enrolments'],
          summary: 'Remove a group enrolment: enrolments it brought without progress go, those with progress stay as direct ones',
          params: groupEnrolmentParams,
          response: { 200: removeGroupEnrolmentResult },
        },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => removeGroupEnrolment(useCase, request.params.groupEnrolmentId)),
    );

    app.get(
      '/api/learn/me/enrolments',
      {
        onRequest: learners,
        schema: {
          tags: ['enrolments'],
          summary: "The signed-in learner's courses: overdue, due soon, in progress, not started, completed",
          response: { 200: myEnrolmentsView },
        },
      },
      async (request) => {
        const rows = await myEnrolments(db, tenantOf(request).id, userOf(request).id);
        return {
          enrolments: rows.map((r) => ({
            id: r.id,
            courseId: r.courseId,
            courseTitle: r.courseTitle,
            courseDescription: r.courseDescription,
            source: r.source,
            status: r.status,
            scorePercent: r.scorePercent,
            progressPercent: r.progressPercent,
            dueAt: iso(r.dueAt),
            overdue: r.overdue,
            dueSoon: r.dueSoon,
            bucket: r.bucket,
            enrolledAt: r.enrolledAt.toISOString(),
            lastAccessAt: iso(r.lastAccessAt),
            completedAt: iso(r.completedAt),
            available: r.available,
            hasCover: r.hasCover,
          })),
        };
      },
    );

    app.get(
      '/api/learn/catalogue',
      {
        onRequest: learners,
        schema: {
          tags: ['enrolments'],
          summary: 'Published courses open to self-enrolment matching a search and a category, with the learner’s enrolment in each, and the categories to filter by',
          querystring: catalogueQuery,
          response: { 200: catalogueView },
        },
      },
      async (request) => catalogue(db, tenantOf(request).id, userOf(request).id, request.query),
    );

    app.post(
      '/api/learn/courses/:courseId/self-enrol',
      {
        onRequest: learners,
        schema: {
          tags: ['enrolments'],
          summary: 'Enrol yourself in a published course that allows self-enrolment',
          params: courseParams,
          response: { 200: selfEnrolResult, 201: selfEnrolResult },
        },
      },
      async (request, reply) => {
        const result = await runUseCase(db, requestContextOf(request), (useCase) => selfEnrol(useCase, request.params.courseId));
        return reply.status(result.created ? 201 : 200).send({ enrolmentId: result.id, created: result.created });
      },
    );
  };
}

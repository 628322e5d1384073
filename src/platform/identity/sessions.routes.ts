import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { sessionIdParam, sessionStatus, sessionSummary, type SessionStatus } from './identity.contract.js';
import { clientOf } from './session-cookie.js';
import { clearSessionCookie } from './session-cookie.js';
import { userOf } from './session-guard.js';
import { passwordConfirmationInput } from './account.contract.js';
import { endAllSessions, endAllSessionsOfSite, endOwnOtherSessions, endOwnSession, endSession, listSessions, sessionLimits } from './sessions.service.js';
import type { SessionSummary } from './sessions.repository.js';
import { getUser } from './users.service.js';
import { actorOf, allow } from '../access/policy-guard.js';
import { accountPolicy } from './account.policy.js';
import { usersPolicy } from './users.policy.js';

function statusOf(request: FastifyRequest): SessionStatus {
  if (!request.session) throw new AppError('AUTH_REQUIRED');
  const { times } = request.session;
  return {
    idleExpiresAt: times.idleExpiresAt.toISOString(),
    expiresAt: times.expiresAt.toISOString(),
    idleTimeoutSeconds: sessionLimits(tenantOf(request)).idleMs / 1000,
  };
}

function views(sessions: SessionSummary[], currentIdHash: string | undefined) {
  return sessions.map((s) => ({
    id: s.id,
    current: s.id === currentIdHash,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ip: s.ip,
    userAgent: s.userAgent,
  }));
}

const userIdParams = z.object({ id: z.uuid() });

export function sessionsRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/auth/session/status',
      {
        config: { openDuringPasswordChange: true },
        onRequest: allow(db, accountPolicy, 'manage', { touch: 'never' }),
        schema: {
          tags: ['sessions'],
          summary: 'When the current session ends; asking does not count as activity',
          response: { 200: sessionStatus },
        },
      },
      async (request) => statusOf(request),
    );

    app.post(
      '/api/auth/session/keep-alive',
      {
        config: { openDuringPasswordChange: true, openToReadOnlyStaff: true },
        onRequest: allow(db, accountPolicy, 'manage', { touch: 'always' }),
        schema: {
          tags: ['sessions'],
          summary: '"Stay signed in": counts as activity and moves the idle deadline',
          body: z.object({}).optional(),
          response: { 200: sessionStatus },
        },
      },
      async (request) => statusOf(request),
    );

    // Seeing and ending one's own sessions stays open while a required second factor waits to be
    // set up: it is how someone who suspects a stolen password throws the thief out.
    app.get(
      '/api/me/sessions',
      {
        config: { openDuringMfaEnrolment: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: { tags: ['sessions'], summary: 'My signed-in sessions', response: { 200: z.array(sessionSummary) } },
      },
      async (request) => views(await listSessions(db, tenantOf(request), userOf(request).id), request.session?.idHash),
    );

    app.delete(
      '/api/me/sessions/:sessionId',
      {
        config: { sensitive: true, openDuringMfaEnrolment: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: {
          tags: ['sessions'],
          summary: 'End one of my sessions (needs the current password; the current session signs me out)',
          params: z.object({ sessionId: sessionIdParam }),
          body: passwordConfirmationInput,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = { user: userOf(request), client: clientOf(request) };
        await endOwnSession(db, tenantOf(request), actor, request.params.sessionId, request.body.currentPassword);
        if (request.params.sessionId === request.session?.idHash) clearSessionCookie(request, reply);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/me/sessions/end-others',
      {
        config: { sensitive: true, openDuringMfaEnrolment: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: {
          tags: ['sessions'],
          summary: 'End all my sessions except this one (needs the current password)',
          body: passwordConfirmationInput,
          response: { 200: z.object({ ended: z.number().int() }) },
        },
      },
      async (request) => {
        const actor = { user: userOf(request), client: clientOf(request) };
        const ended = await endOwnOtherSessions(db, tenantOf(request), actor, request.session?.idHash, request.body.currentPassword);
        return { ended };
      },
    );

    app.post(
      '/api/admin/sessions/end-all',
      {
        onRequest: allow(db, usersPolicy, 'manageSessions'),
        schema: {
          tags: ['sessions'],
          summary: 'End every session of this site except your own (administrators)',
          body: z.object({}).optional(),
          response: { 200: z.object({ ended: z.number().int() }) },
        },
      },
      async (request) => {
        if (!request.session) throw new AppError('AUTH_REQUIRED');
        const actor = { user: userOf(request), client: clientOf(request) };
        return { ended: await endAllSessionsOfSite(db, tenantOf(request), actor, request.session.idHash) };
      },
    );

    app.get(
      '/api/admin/users/:id/sessions',
      {
        onRequest: allow(db, usersPolicy, 'manageSessions'),
        schema: {
          tags: ['sessions'],
          summary: "A user's sessions (administrators)",
          params: userIdParams,
          response: { 200: z.array(sessionSummary) },
        },
      },
      async (request) => {
        const tenant = tenantOf(request);
        const target = await getUser(db, tenant.id, actorOf(request), request.params.id);
        return views(await listSessions(db, tenant, target.id), request.session?.idHash);
      },
    );

    app.delete(
      '/api/admin/users/:id/sessions',
      {
        onRequest: allow(db, usersPolicy, 'manageSessions'),
        schema: {
          tags: ['sessions'],
          summary: "End all of a user's sessions (administrators)",
          params: userIdParams,
          response: { 200: z.object({ ended: z.number().int() }) },
        },
      },
      async (request) => {
        const tenant = tenantOf(request);
        const target = await getUser(db, tenant.id, actorOf(request), request.params.id);
        return { ended: await endAllSessions(db, tenant, { user: userOf(request), client: clientOf(request) }, target.id) };
      },
    );

    app.delete(
      '/api/admin/users/:id/sessions/:sessionId',
      {
        onRequest: allow(db, usersPolicy, 'manageSessions'),
        schema: {
          tags: ['sessions'],
          summary: "End one of a user's sessions (administrators)",
          params: userIdParams.extend({ sessionId: sessionIdParam }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const tenant = tenantOf(request);
        const target = await getUser(db, tenant.id, actorOf(request), request.params.id);
        await endSession(db, tenant, { user: userOf(request), client: clientOf(request) }, target.id, request.params.sessionId);
        return reply.status(204).send(null);
      },
    );
  };
}

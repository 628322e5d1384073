import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { PrivacyArea } from '../privacy/privacy-areas.js';
import { adminUserViewOf, toAdminUserView } from './admin-user-view.js';
import { deleteUserByAdmin, setUserActive, setUsersActive, updateUserByAdmin } from './admin-users.service.js';
import { flowContext } from './flow-context.js';
import { adminUserView, bulkChangeView, bulkLinkHandoverView, bulkStatusInput, bulkUsersInput, invitedUserView, linkHandoverView, updateUserInput } from './identity.contract.js';
import { inviteUserInput } from './invitations.contract.js';
import { inviteUser, resendInvitation } from './invitations.service.js';
import { sendPasswordResetByAdmin, sendPasswordResetsByAdmin } from './password-reset.service.js';
import { userOf } from './session-guard.js';
import { allow } from '../access/policy-guard.js';
import { usersPolicy } from './users.policy.js';

/** User administration: invite, resend an invitation, send a password reset, edit, deactivate, reactivate, delete. Administrators only. */
export function adminUsersRoutes(db: Db, areas: readonly PrivacyArea[]): FastifyPluginAsyncZod {
  return async (app) => {
    const adminOnly = allow(db, usersPolicy, 'manage');
    // What hands out a way to sign in (an account, an invitation or reset link) is refused to staff under a grant.
    const inviters = allow(db, usersPolicy, 'invite');
    const resetters = allow(db, usersPolicy, 'sendPasswordResets');
    const params = z.object({ id: z.uuid() });

    app.post(
      '/api/admin/users',
      {
        onRequest: inviters,
        schema: {
          tags: ['users'],
          summary:
            'Create a user without a password and send an invitation link (valid 7 days): by mail, or, when the site sends no mail (mail: off), in the answer for the administrator to pass on',
          body: inviteUserInput,
          response: { 201: invitedUserView },
        },
      },
      async (request, reply) => {
        const { user, handover } = await inviteUser(db, flowContext(request), userOf(request), request.body);
        return reply.status(201).send({ ...toAdminUserView({ ...user, invitation: 'pending' }), ...handover });
      },
    );

    app.post(
      '/api/admin/users/:id/invitation',
      {
        onRequest: inviters,
        schema: {
          tags: ['users'],
          summary:
            'Send a user who has not chosen a password yet a new invitation link (valid 7 days; the previous one stops working): by mail, or with mail off in the answer',
          params,
          body: z.object({}).optional(),
          response: { 200: linkHandoverView },
        },
      },
      async (request) => resendInvitation(db, flowContext(request), userOf(request), request.params.id),
    );

    app.post(
      '/api/admin/users/:id/password-reset',
      {
        onRequest: resetters,
        schema: {
          tags: ['users'],
          summary:
            "Send a user a password reset link (valid 30 minutes): by mail, or with mail off in the answer; their password and sessions stay until the link is used",
          params,
          body: z.object({}).optional(),
          response: { 200: linkHandoverView },
        },
      },
      async (request) => sendPasswordResetByAdmin(db, flowContext(request), userOf(request), request.params.id),
    );

    app.post(
      '/api/admin/users/:id/deactivate',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['users'],
          summary: 'Deactivate a user: they cannot sign in, and their sessions end at once',
          params,
          body: z.object({}).optional(),
          response: { 200: adminUserView },
        },
      },
      async (request) => {
        const context = flowContext(request);
        await setUserActive(db, context, userOf(request), request.params.id, false);
        return adminUserViewOf(db, context.tenant.id, request.params.id);
      },
    );

    app.post(
      '/api/admin/users/:id/reactivate',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['users'],
          summary: 'Reactivate a deactivated user',
          params,
          body: z.object({}).optional(),
          response: { 200: adminUserView },
        },
      },
      async (request) => {
        const context = flowContext(request);
        await setUserActive(db, context, userOf(request), request.params.id, true);
        return adminUserViewOf(db, context.tenant.id, request.params.id);
      },
    );

    app.get(
      '/api/admin/users/:id',
      { onRequest: adminOnly, schema: { tags: ['users'], summary: 'One user as the administration sees them (with the state of their invitation)', params, response: { 200: adminUserView } } },
      async (request) => adminUserViewOf(db, flowContext(request).tenant.id, request.params.id),
    );

    app.patch(
      '/api/admin/users/:id',
      {
        onRequest: adminOnly,
        schema: { tags: ['users'], summary: "Change a user's first or last name or e-mail address (only the fields sent)", params, body: updateUserInput, response: { 200: adminUserView } },
      },
      async (request) => {
        // A new address lets its owner reset the password: staff under a grant would keep the account.
        if (request.staffAccess && request.body.email !== undefined) throw new AppError('STAFF_NO_LASTING_ACCESS');
        const context = flowContext(request);
        await updateUserByAdmin(db, context, userOf(request), request.params.id, request.body);
        return adminUserViewOf(db, context.tenant.id, request.params.id);
      },
    );

    app.delete(
      '/api/admin/users/:id',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['users'],
          summary: 'Delete a user for good: their sessions, tokens, group memberships, enrolments and progress go with them, xAPI statements naming them then name a pseudonymous account; the audit log keeps its entries',
          params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await deleteUserByAdmin(db, flowContext(request), userOf(request), request.params.id, areas);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/admin/users/password-reset',
      {
        onRequest: resetters,
        schema: {
          tags: ['users'],
          summary:
            'Send several users a password reset link each (all or none): by mail, or with mail off in the answer; their passwords and sessions stay until a link is used',
          body: bulkUsersInput,
          response: { 200: bulkLinkHandoverView },
        },
      },
      async (request) => sendPasswordResetsByAdmin(db, flowContext(request), userOf(request), request.body.userIds),
    );

    app.post(
      '/api/admin/users/status',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['users'],
          summary: 'Deactivate or reactivate several users at once (all or none; deactivating ends their sessions)',
          body: bulkStatusInput,
          response: { 200: bulkChangeView },
        },
      },
      async (request) => ({ changed: await setUsersActive(db, flowContext(request), userOf(request), request.body.userIds, request.body.active) }),
    );
  };
}

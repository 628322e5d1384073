import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { clientOf } from '../identity/session-cookie.js';
import { userOf } from '../identity/session-guard.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { createGroupInput, groupListView, managerIdsInput, userGroupsView, groupMembersQuery, groupMembersView, groupView, memberChangeView, memberIdsInput, updateGroupInput } from './groups.contract.js';
import type { GroupRow, MemberRow } from './groups.repository.js';
import { addGroupMembers, createGroup, deleteGroup, listAllGroups, listGroupMembers, listGroupsOfUser, removeGroupMembers, setGroupManagers, updateGroup } from './groups.service.js';
import { allow } from '../access/policy-guard.js';
import { groupsPolicy } from './groups.policy.js';

const view = (g: GroupRow): z.infer<typeof groupView> => ({ ...g, createdAt: g.createdAt.toISOString() });
const memberView = (m: MemberRow) => ({ ...m, addedAt: m.addedAt.toISOString() });

/**
 * Groups and departments (nested) and their members. Administrators manage them; managers
 * may look (they enrol groups in courses and follow their teams).
 */
export function groupsRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    const readers = allow(db, groupsPolicy, 'view');
    const adminOnly = allow(db, groupsPolicy, 'manage');
    const params = z.object({ id: z.uuid() });
    const actor = (request: Parameters<typeof clientOf>[0]) => ({ user: userOf(request), client: clientOf(request) });

    app.get(
      '/api/admin/groups',
      { onRequest: readers, schema: { tags: ['groups'], summary: 'Every group with its parent and member counts', response: { 200: groupListView } } },
      async (request) => ({ groups: (await listAllGroups(db, tenantOf(request).id)).map(view) }),
    );

    app.post(
      '/api/admin/groups',
      { onRequest: adminOnly, schema: { tags: ['groups'], summary: 'Create a group, at the top level or inside another', body: createGroupInput, response: { 201: groupView } } },
      async (request, reply) => reply.status(201).send(view(await createGroup(db, tenantOf(request).id, actor(request), request.body))),
    );

    app.patch(
      '/api/admin/groups/:id',
      {
        onRequest: adminOnly,
        schema: { tags: ['groups'], summary: 'Rename a group or move it (parentId null: to the top level)', params, body: updateGroupInput, response: { 200: groupView } },
      },
      async (request) => view(await updateGroup(db, tenantOf(request).id, actor(request), request.params.id, request.body)),
    );

    app.delete(
      '/api/admin/groups/:id',
      { onRequest: adminOnly, schema: { tags: ['groups'], summary: 'Delete a group that has no sub-groups', params, response: { 204: z.null() } } },
      async (request, reply) => {
        await deleteGroup(db, tenantOf(request).id, actor(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/admin/groups/:id/members',
      {
        onRequest: readers,
        schema: {
          tags: ['groups'],
          summary: "A group's members; ?effective=true includes the members of its sub-groups",
          params,
          querystring: groupMembersQuery,
          response: { 200: groupMembersView },
        },
      },
      async (request) => ({
        members: (await listGroupMembers(db, tenantOf(request).id, request.params.id, request.query.effective === 'true')).map(memberView),
      }),
    );

    app.post(
      '/api/admin/groups/:id/members',
      {
        onRequest: adminOnly,
        schema: { tags: ['groups'], summary: 'Add users to a group (all or none)', params, body: memberIdsInput, response: { 200: memberChangeView } },
      },
      async (request) => ({ changed: await addGroupMembers(db, tenantOf(request).id, actor(request), request.params.id, request.body.userIds) }),
    );

    app.post(
      '/api/admin/groups/:id/members/remove',
      {
        onRequest: adminOnly,
        schema: { tags: ['groups'], summary: 'Remove users from a group', params, body: memberIdsInput, response: { 200: memberChangeView } },
      },
      async (request) => ({ changed: await removeGroupMembers(db, tenantOf(request).id, actor(request), request.params.id, request.body.userIds) }),
    );

    app.put(
      '/api/admin/groups/:id/managers',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['groups'],
          summary: "Set the managers who lead a group (the whole list; managers follow the progress of the group's members)",
          params,
          body: managerIdsInput,
          response: { 200: groupView },
        },
      },
      async (request) => view(await setGroupManagers(db, tenantOf(request).id, actor(request), request.params.id, request.body.userIds)),
    );

    app.get(
      '/api/admin/users/:id/groups',
      { onRequest: readers, schema: { tags: ['groups'], summary: 'The groups a user is a direct member of', params, response: { 200: userGroupsView } } },
      async (request) => ({ groups: await listGroupsOfUser(db, tenantOf(request).id, request.params.id) }),
    );
  };
}

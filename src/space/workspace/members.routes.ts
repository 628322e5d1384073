import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { spaceMembers } from './member-guard.js';
import { requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { memberView, setMemberInput, workspaceView, type MemberView } from './members.contract.js';
import type { MemberRecord } from './members.repository.js';
import { removeMember, setMember, workspaceOf } from './members.service.js';

const TAGS = ['space: workspace'];

function memberViewOf(member: MemberRecord): MemberView {
  return { user: { id: member.userId, name: `${member.firstName} ${member.lastName}`.trim(), email: member.email }, role: member.role, addedAt: member.addedAt.toISOString() };
}

/** The Space's people: who is in it with which role, seat use and storage. */
export function membersRoutes(db: Db): FastifyPluginAsyncZod {
  const members = spaceMembers(db);
  return async (app) => {
    app.get('/api/space/workspace', { onRequest: members.read, schema: { tags: TAGS, summary: "The Space's members, seat use and storage use", response: { 200: workspaceView } } }, async (request) => {
      const workspace = await runUseCase(db, requestContextOf(request), workspaceOf);
      return { ...workspace, members: workspace.members.map(memberViewOf) };
    });

    app.put('/api/space/members', { onRequest: members.write, schema: { tags: TAGS, summary: 'Add a member or change their role', body: setMemberInput, response: { 200: memberView } } }, async (request) =>
      memberViewOf(await runUseCase(db, requestContextOf(request), (useCase) => setMember(useCase, request.body))),
    );

    app.delete('/api/space/members/:userId', { onRequest: members.write, schema: { tags: TAGS, summary: 'Remove a member from the Space', params: z.object({ userId: z.uuid() }), response: { 204: z.null() } } }, async (request, reply) => {
      await runUseCase(db, requestContextOf(request), (useCase) => removeMember(useCase, request.params.userId));
      return reply.status(204).send(null);
    });
  };
}

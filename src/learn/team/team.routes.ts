import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { allow } from '../../platform/access/index.js';
import { clientOf, userOf } from '../../platform/identity/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { remindInput, remindView, teamQuery, teamView } from './team.contract.js';
import { teamPolicy } from './team.policy.js';
import { remindNow, teamOverview } from './team.service.js';

/** A manager's team view (the members of the groups they lead) and "remind now". */
export function teamRoutes({ db, config }: LearnDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['team'];
    app.get(
      '/api/learn/team',
      {
        onRequest: allow(db, teamPolicy, 'view'),
        schema: { tags, summary: "The groups the caller leads and their members' progress (administrators: every group and user)", querystring: teamQuery, response: { 200: teamView } },
      },
      async (request) => teamOverview(db, tenantOf(request).id, userOf(request), request.query),
    );

    app.post(
      '/api/learn/team/reminders',
      {
        onRequest: allow(db, teamPolicy, 'remind'),
        schema: {
          tags,
          summary: 'Remind learners of these enrolments by e-mail now (all or nothing; done, deactivated, unpublished or recently reminded ones are skipped and named)',
          body: remindInput,
          response: { 200: remindView },
        },
      },
      async (request) => remindNow(db, tenantOf(request), config, { user: userOf(request), client: clientOf(request) }, request.body.enrolmentIds),
    );
  };
}

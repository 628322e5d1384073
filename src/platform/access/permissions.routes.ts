import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/client.js';
import { accountPolicy } from '../identity/account.policy.js';
import { permissionsResponse } from './access.contract.js';
import { permissionsOf, type Policy } from './policy.js';
import { userOf } from '../identity/session-guard.js';
import { userActor } from './actor.js';
import { actorOf, allow } from './policy-guard.js';

/** What the caller may do on every resource of the site, from the same policies the routes ask (the web app's navigation reads it). */
export function permissionsRoutes(db: Db, policies: readonly Policy[]): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/me/permissions',
      {
        // A user who must set up two-factor sign-in first still sees the navigation (to reach the set-up).
        config: { openDuringMfaEnrolment: true },
        onRequest: allow(db, accountPolicy, 'read'),
        schema: {
          tags: ['account'],
          summary:
            'Your permissions: `<feature>.<action>` for every action you may take on every resource of the site (actions allowed only on your own resources, such as launching your enrolments, are not listed)',
          response: { 200: permissionsResponse },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        // A staff member under a grant is not shown what the grant does not let them do (their buttons would fail).
        const permissions = permissionsOf(actor, policies, { underStaffGrant: Boolean(request.staffAccess) });
        if (actor.kind !== 'user') return { permissions, afterMfaSetUp: [] };
        const withEveryRole = permissionsOf(userActor(userOf(request)), policies);
        return { permissions, afterMfaSetUp: withEveryRole.filter((permission) => !permissions.includes(permission)) };
      },
    );
  };
}

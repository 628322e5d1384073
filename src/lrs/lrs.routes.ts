import type { AreaDeps, AreaRouteDeps, AreaRoutes } from '../platform/modules/index.js';
import { activitiesResource, agentsResource } from './definitions/definitions-resources.js';
import { activityProfileResource, agentProfileResource, stateResource } from './documents/document-resources.js';
import { lrsKeysRoutes } from './keys/lrs-keys.routes.js';
import { consistencyHeader, statementsResource } from './statements/statements.resource.js';
import { aboutResource } from './xapi/about.js';
import { lineOfAnswerVersion } from './xapi/xapi-version.js';
import { xapiScope, type XapiAuthenticator, type XapiRoute } from './xapi/xapi-scope.js';
import type { XapiDeps } from './xapi/xapi-call.js';
import type { FastifyPluginAsync } from 'fastify';
import type { XapiAction } from './xapi/xapi.policy.js';

// Every method a resource handles needs its action: one without would be served to anybody.
const readWrite = (read: XapiAction, write: XapiAction) => ({ GET: read, HEAD: read, PUT: write, POST: write, DELETE: write });
const readOnly = (read: XapiAction) => ({ GET: read, HEAD: read });

/** The resources of the LRS and what each method needs (xapi.policy.ts). */
export const XAPI_ROUTES: readonly XapiRoute[] = [
  { path: '/about', resource: aboutResource },
  {
    path: '/statements',
    resource: statementsResource,
    actions: { GET: 'statements.read', HEAD: 'statements.read', PUT: 'statements.write', POST: 'statements.write' },
    alwaysHeaders: consistencyHeader,
  },
  { path: '/activities/state', resource: stateResource, actions: readWrite('state.read', 'state.write') },
  { path: '/activities/profile', resource: activityProfileResource, actions: readWrite('profile.read', 'profile.write') },
  { path: '/agents/profile', resource: agentProfileResource, actions: readWrite('profile.read', 'profile.write') },
  { path: '/activities', resource: activitiesResource, actions: readOnly('definitions.read') },
  { path: '/agents', resource: agentsResource, actions: readOnly('definitions.read') },
];

/** The LRS's routes: the xAPI resources under /xapi/ and the admin console's keys. */
export function lrsRoutes(deps: AreaRouteDeps): AreaRoutes {
  return {
    app: async (app) => {
      await app.register(xapiScope(xapiDepsOf(deps), XAPI_ROUTES), { prefix: '/xapi' });
      await app.register(lrsKeysRoutes(deps.db));
    },
  };
}

/**
 * The same resources for the content origin, where launched courses reach the LRS with their launch
 * credential: Learn registers it under the credential's path and authenticates the credential.
 */
export function xapiContentRoutes(deps: AreaDeps, authenticator: XapiAuthenticator): FastifyPluginAsync {
  return xapiScope(xapiDepsOf(deps), XAPI_ROUTES, authenticator);
}

const xapiDepsOf = (deps: AreaDeps): XapiDeps => ({ db: deps.db, storage: deps.storage, unnamedVersion: lineOfAnswerVersion(deps.config.xapiUnnamedVersion) });

import type { FastifyRequest } from 'fastify';
import type { Db, Orm } from '../db/client.js';
import type { ClientInfo } from '../identity/sessions.service.js';
import { clientOf } from '../identity/session-cookie.js';
import { userOf } from '../identity/session-guard.js';
import type { User } from '../identity/users.repository.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import type { Actor } from './actor.js';
import { actorOf } from './policy-guard.js';

/**
 * Who does what for which site, in which request: what a use case is handed instead of a tenant
 * id, a user and a client taken apart. `actor` is who the policies judge (a token stays a token);
 * `user` and `client` are who the audit log names.
 */
export interface RequestContext {
  tenant: Tenant;
  actor: Actor;
  user: User;
  client: ClientInfo;
  /** The request's id, as the log and the `x-request-id` answer header show it; audit rows carry it. */
  requestId: string;
}

/** A use case at work: the request's context and the one transaction everything it does runs in. */
export interface UseCase extends RequestContext {
  tx: Orm;
}

/** The context of a request its guard let through. */
export function requestContextOf(request: FastifyRequest): RequestContext {
  return { tenant: tenantOf(request), actor: actorOf(request), user: userOf(request), client: clientOf(request), requestId: request.id };
}

/**
 * Runs a use case as one transaction of the context's site: the services it calls take the
 * `UseCase` and open no transaction of their own, so what one request changes commits or rolls back
 * as one (and a domain event handler can run the same services in its own transaction).
 */
export function runUseCase<T>(db: Db, context: RequestContext, work: (useCase: UseCase) => Promise<T>): Promise<T> {
  return db.withTenant(context.tenant.id, (tx) => work({ ...context, tx }));
}

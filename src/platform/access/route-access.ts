import type { FastifyInstance, onRequestAsyncHookHandler, onRequestHookHandler, RouteOptions } from 'fastify';

/** What a route's guard says about who may call it. */
export type RouteAccess = { kind: 'policy'; permission: string } | { kind: 'public'; reason: string };

const ACCESS = Symbol('route access');
type MarkedHook = (onRequestAsyncHookHandler | onRequestHookHandler) & { [ACCESS]?: RouteAccess };

/** Marks an onRequest hook as the route's guard (a policy guard, or the declaration that the route is public). */
export function markAccess<Hook extends onRequestAsyncHookHandler | onRequestHookHandler>(hook: Hook, access: RouteAccess): Hook {
  return Object.assign(hook, { [ACCESS]: access });
}

/**
 * The guard of a route anybody may call, with why (the route checks what it is given itself: a
 * password, a one-time link, a probe). It lets every request through; declaring it is the point.
 */
export function publicRoute(reason: string): onRequestHookHandler {
  // A callback hook, not an async one: probes answer thousands of times a second and pay for every promise.
  return markAccess<onRequestHookHandler>((_request, _reply, done) => done(), { kind: 'public', reason });
}

/**
 * Declares every route registered in this plugin scope public, for routes a library registers
 * (the built web app's files, the API reference's pages) that cannot be given a hook one by one.
 */
export function declareScopePublic(scope: FastifyInstance, reason: string): void {
  scope.addHook('onRoute', (route) => {
    route.onRequest = [publicRoute(reason), ...hooksOf(route.onRequest)];
  });
}

const hooksOf = (hook: RouteOptions['onRequest']): MarkedHook[] => (hook === undefined ? [] : Array.isArray(hook) ? hook : [hook]) as MarkedHook[];

/** The access a route's guards declare (none: an unguarded route). */
export function accessOf(route: Pick<RouteOptions, 'onRequest'>): RouteAccess[] {
  return hooksOf(route.onRequest).flatMap((hook) => (hook[ACCESS] ? [hook[ACCESS]] : []));
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess[];
}

/**
 * Refuses to start an application with a route that declares no access: every route asks a policy
 * or says why it is public, so a route added without a guard fails at start, not in production.
 * Register it first; the routes' guards are read when the app is ready (after every plugin has
 * added its hooks). Returns the list of routes with their access, filled then.
 */
export function requireDeclaredAccess(app: FastifyInstance): DeclaredRoute[] {
  const routes: RouteOptions[] = [];
  const declared: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    declared.length = 0;
    const unguarded: string[] = [];
    for (const route of routes) {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const access = accessOf(route);
      if (access.length !== 1) unguarded.push(`${methods.join(',')} ${route.url}${access.length > 1 ? ' (more than one declaration)' : ''}`);
      for (const method of methods) declared.push({ method, url: route.url, access });
    }
    if (unguarded.length > 0) {
      throw new Error(`routes without a guard (ask a policy with allow(), or declare them with publicRoute(reason)): ${unguarded.join('; ')}`);
    }
  });
  return declared;
}

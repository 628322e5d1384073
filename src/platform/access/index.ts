// The public entry of platform/access for the areas: policies, their route guard, the actor.
export type { Actor } from './actor.js';
export { definePolicy, type Grant, type Policy } from './policy.js';
export { actorOf, allow, markPolicyGuard } from './policy-guard.js';
export { userActor } from './actor.js';
export { requestContextOf, runUseCase, type RequestContext, type UseCase } from './request-context.js';
export { declareScopePublic, publicRoute } from './route-access.js';
export type { HeldPrivilege, PrivilegeSource } from './reviews/privilege-source.js';

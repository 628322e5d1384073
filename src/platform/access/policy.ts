import type { TokenScope } from '../identity/api-tokens/api-tokens.contract.js';
import type { Role } from '../identity/identity.contract.js';
import { AppError } from '../http/errors.js';
import type { Actor } from './actor.js';

/**
 * Who may take one action. Users (and tokens, within their scope) with one of `roles` may take it
 * on every resource of the site; `own` also lets others take it on resources that are theirs.
 */
export interface Grant<Resource> {
  /** Roles whose holders may take the action on every resource; 'signedIn': every user of the site. */
  roles: readonly Role[] | 'signedIn';
  /** Also allowed on this resource (e.g. one's own record or enrolment), checked by the service that has it. */
  own?: (actor: Actor, resource: Resource) => boolean;
  /** The scope an API token needs (it then acts with its owner's roles); 'any': every token; none: tokens may not. */
  token?: TokenScope | 'any';
  /** The kinds of launch credential that may take the action (course content on the content origin); none: not one. */
  launch?: readonly string[];
  /** The scopes of a machine key (an LRS key) any one of which allows the action; none: keys may not. */
  keyScopes?: readonly string[];
  /**
   * Platform staff acting under a grant may not take the action, whatever its scope. false: the
   * site's own oversight (access reviews, the operator's grants, people's data, mail to everyone;
   * STAFF_SITE_DECIDES). 'no-lasting-access': the action hands out what would outlast the grant
   * (an account, an invitation or password reset link, an LRS key, a share or review link;
   * STAFF_NO_LASTING_ACCESS).
   */
  staff?: false | 'no-lasting-access';
}

export interface Policy<Action extends string = string, Resource = never> {
  /** `<area or platform module>.<feature>`, e.g. `learn.courses`; a permission is `<name>.<action>`. */
  readonly name: string;
  readonly actions: readonly Action[];
  grant(action: Action): Grant<Resource>;
  /**
   * Whether the actor may take the action: on `resource` when given, else on every resource of the
   * site (what the web app's navigation and `/api/me/permissions` show).
   */
  can(actor: Actor, action: Action, resource?: Resource): boolean;
  /** Whether the actor may call a route of the action at all: also true when only `own` resources could allow it (the service then asks `can` with the resource). */
  admits(actor: Actor, action: Action): boolean;
  /** `can`, or AUTH_FORBIDDEN. */
  assert(actor: Actor, action: Action, resource?: Resource): void;
}

function tokenAllowed(grant: Grant<never>, scopes: readonly TokenScope[]): boolean {
  if (grant.token === undefined) return false;
  return grant.token === 'any' || scopes.includes(grant.token);
}

/** Whether the actor's roles (or every signed-in user) take the action on every resource. */
function grantedToAll(grant: Grant<never>, actor: Actor): boolean {
  if (actor.kind === 'launch') return grant.launch?.includes(actor.credential) ?? false;
  if (actor.kind === 'key') return grant.keyScopes?.some((scope) => actor.scopes.includes(scope)) ?? false;
  if (actor.kind === 'token' && !tokenAllowed(grant, actor.scopes)) return false;
  return grant.roles === 'signedIn' || actor.roles.some((role) => grant.roles.includes(role));
}

/** Whether `own` may apply to the actor at all (not for launch credentials, and a token still needs its scope). */
function ownApplies(grant: Grant<never>, actor: Actor): boolean {
  if (grant.own === undefined || actor.kind === 'launch' || actor.kind === 'key') return false;
  return actor.kind !== 'token' || tokenAllowed(grant, actor.scopes);
}

/** One feature's permissions as a table of grants, one per action. */
export function definePolicy<const Action extends string, Resource = never>(name: string, grants: Readonly<Record<Action, Grant<Resource>>>): Policy<Action, Resource> {
  const actions = Object.keys(grants) as Action[];
  const grantOf = (action: Action): Grant<Resource> => {
    const grant = grants[action];
    if (!grant) throw new Error(`policy ${name} has no action ${String(action)}`);
    return grant;
  };
  const policy: Policy<Action, Resource> = {
    name,
    actions,
    grant: grantOf,
    can(actor, action, resource) {
      const grant = grantOf(action);
      if (grantedToAll(grant, actor)) return true;
      return resource !== undefined && ownApplies(grant, actor) && grant.own!(actor, resource);
    },
    admits(actor, action) {
      const grant = grantOf(action);
      return grantedToAll(grant, actor) || ownApplies(grant, actor);
    },
    assert(actor, action, resource) {
      if (!policy.can(actor, action, resource)) throw new AppError('AUTH_FORBIDDEN');
    },
  };
  return policy;
}

/** A permission's name as the web app and `/api/me/permissions` know it: `<policy>.<action>`. */
export function permissionName(policy: Policy, action: string): string {
  return `${policy.name}.${action}`;
}

/** The permissions the actor holds on every resource of the site, by name, over the given policies. */
export function permissionsOf(actor: Actor, policies: readonly Policy[], options: { underStaffGrant?: boolean } = {}): string[] {
  // Under a staff grant the guard refuses the actions a grant says staff may not take (policy-guard.ts).
  const staffMay = (policy: Policy, action: string) => !options.underStaffGrant || policy.grant(action).staff === undefined;
  return policies.flatMap((policy) => policy.actions.filter((action) => policy.can(actor, action) && staffMay(policy, action)).map((action) => permissionName(policy, action)));
}

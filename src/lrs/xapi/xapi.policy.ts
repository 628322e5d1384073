import { definePolicy } from '../../platform/access/policy.js';

/**
 * What xAPI clients may do, by the scopes of their LRS key (the specification's scope names).
 * `statements/read/mine` is let through to reading; the statements service then shows only the
 * key's own statements.
 */
export const xapiPolicy = definePolicy('lrs.xapi', {
  'statements.write': { roles: [], keyScopes: ['statements/write', 'all'] },
  'statements.read': { roles: [], keyScopes: ['statements/read', 'statements/read/mine', 'all/read', 'all'] },
  'state.read': { roles: [], keyScopes: ['state', 'all/read', 'all'] },
  'state.write': { roles: [], keyScopes: ['state', 'all'] },
  'profile.read': { roles: [], keyScopes: ['profile', 'all/read', 'all'] },
  'profile.write': { roles: [], keyScopes: ['profile', 'all'] },
  /** Activities' definitions and agents' persons: whoever may read statements or profiles. */
  'definitions.read': { roles: [], keyScopes: ['statements/read', 'statements/read/mine', 'profile', 'all/read', 'all'] },
});

export type XapiAction = (typeof xapiPolicy.actions)[number];

/** Whether the key reads only the statements it stored itself. */
export const readsOnlyOwnStatements = (scopes: readonly string[]) => !scopes.some((scope) => ['statements/read', 'all/read', 'all'].includes(scope));

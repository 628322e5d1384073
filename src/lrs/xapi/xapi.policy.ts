import { definePolicy } from '../../platform/access/policy.js';

/**
 * What xAPI clients may do, by the scopes of their LRS key (the specification's scope names), and
 * what a launched course may do with its attempt's credential (record and read back its own
 * statements, keep its state, read profiles) or with another area's viewer's (the same calls,
 * answered without keeping anything: see XapiClient.handOff). `statements/read/mine` is let through to reading; the
 * statements resource then shows only the client's own statements.
 */
export const xapiPolicy = definePolicy('lrs.xapi', {
  'statements.write': { roles: [], keyScopes: ['statements/write', 'all'], launch: ['attempt', 'area'] },
  'statements.read': { roles: [], keyScopes: ['statements/read', 'statements/read/mine', 'all/read', 'all'], launch: ['attempt', 'area'] },
  'state.read': { roles: [], keyScopes: ['state', 'all/read', 'all'], launch: ['attempt', 'area'] },
  'state.write': { roles: [], keyScopes: ['state', 'all'], launch: ['attempt', 'area'] },
  'profile.read': { roles: [], keyScopes: ['profile', 'all/read', 'all'], launch: ['attempt', 'area'] },
  'profile.write': { roles: [], keyScopes: ['profile', 'all'] },
  /** Activities' definitions and agents' persons: whoever may read statements or profiles. */
  'definitions.read': { roles: [], keyScopes: ['statements/read', 'statements/read/mine', 'profile', 'all/read', 'all'], launch: ['attempt'] },
});

export type XapiAction = (typeof xapiPolicy.actions)[number];

/** Whether the key reads only the statements it stored itself. */
export const readsOnlyOwnStatements = (scopes: readonly string[]) => !scopes.some((scope) => ['statements/read', 'all/read', 'all'].includes(scope));

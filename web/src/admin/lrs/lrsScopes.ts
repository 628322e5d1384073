import type { LrsScope } from '../../shared/api';

/**
 * Each scope of an LRS key (the xAPI specification's names) with the key of its words
 * (`lrs.scopes.<key>`), in the order forms and lists show them: narrow before broad. The
 * server's list is the reference: a scope missing here, or one it does not know, fails to compile.
 */
export const LRS_SCOPE_KEYS = {
  'statements/write': 'statementsWrite',
  'statements/read/mine': 'statementsReadMine',
  'statements/read': 'statementsRead',
  state: 'state',
  profile: 'profile',
  'all/read': 'allRead',
  all: 'all',
} as const satisfies Record<LrsScope, string>;

export type LrsScopeKey = (typeof LRS_SCOPE_KEYS)[LrsScope];

export const LRS_SCOPES = Object.keys(LRS_SCOPE_KEYS) as LrsScope[];

/** What a new key may do unless the administrator chooses otherwise: what a course hosted elsewhere needs. */
export const DEFAULT_LRS_SCOPES: readonly LrsScope[] = ['statements/write', 'statements/read/mine'];

export function isLrsScope(scope: string): scope is LrsScope {
  return Object.hasOwn(LRS_SCOPE_KEYS, scope);
}

/** The chosen scopes once each, in display order (what the form sends, whatever order they were ticked in). */
export function orderLrsScopes(scopes: readonly string[]): LrsScope[] {
  return LRS_SCOPES.filter((scope) => scopes.includes(scope));
}

/**
 * A key's scopes in words, in display order; a scope this app does not know (stored by a newer
 * server, or by hand) is shown by its name, after the others.
 */
export function lrsScopeWords(scopes: readonly string[], words: (key: LrsScopeKey) => string): string[] {
  const unknown = [...new Set(scopes.filter((scope) => !isLrsScope(scope)))];
  return [...orderLrsScopes(scopes).map((scope) => words(LRS_SCOPE_KEYS[scope])), ...unknown];
}

export type LrsKeyState = 'active' | 'revoked';

export function lrsKeyState(key: { revokedAt: string | null }): LrsKeyState {
  return key.revokedAt ? 'revoked' : 'active';
}

/** What the new-key form lacks before anything is sent (the server checks the same). */
export function newLrsKeyProblems(input: { name: string; scopes: readonly string[] }): { name?: 'required'; scopes?: 'required' } {
  return {
    ...(input.name.trim() === '' ? { name: 'required' as const } : {}),
    ...(orderLrsScopes(input.scopes).length === 0 ? { scopes: 'required' as const } : {}),
  };
}

/** The HTTP Basic header a client sends with the key and its secret (some tools ask for it whole, e.g. an xAPI launch's `auth`). */
export function basicAuthorization(key: string, secret: string): string {
  // Both are ASCII (`lrs_` and hex digits; base64url), which btoa takes as they are.
  return `Basic ${btoa(`${key}:${secret}`)}`;
}

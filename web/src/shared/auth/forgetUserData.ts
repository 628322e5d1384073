import type { QueryClient } from '@tanstack/react-query';

/** Query keys that survive the end of a session (everything else may hold the user's data). */
const PUBLIC_QUERY_ROOTS: ReadonlySet<unknown> = new Set(['auth', 'tenant']);

/** The parts of Web Storage this needs (tests pass a stand-in). */
export type StorageArea = Pick<Storage, 'clear' | 'setItem'>;

/**
 * Drops what the signed-in user's pages left in this tab: cached answers (all but the session
 * state and the site's public data), the values of finished or failed requests (a password typed
 * into a form included), and Web Storage, of which only `keep` (the device's settings, such as
 * the language chosen in the menu) is written back. The server's answer that ends a session asks
 * the browser for the same (`Clear-Site-Data`); this covers browsers that ignore it.
 */
export function forgetUserData(queryClient: QueryClient, storages: readonly StorageArea[], keep: Readonly<Record<string, string>>): void {
  queryClient.removeQueries({ predicate: (query) => !PUBLIC_QUERY_ROOTS.has(query.queryKey[0]) });
  queryClient.getMutationCache().clear();
  for (const storage of storages) {
    try {
      storage.clear();
    } catch {
      // Storage can be unavailable (disabled, sandboxed): then it holds nothing either.
    }
  }
  const [local] = storages;
  for (const [key, value] of Object.entries(keep)) {
    try {
      local?.setItem(key, value);
    } catch {
      // Not kept: the next visit starts from the browser's settings.
    }
  }
}

/** This window's local and session storage, those the browser lets the page reach. */
export function browserStorages(): StorageArea[] {
  const areas: StorageArea[] = [];
  for (const area of ['localStorage', 'sessionStorage'] as const) {
    try {
      areas.push(window[area]);
    } catch {
      // Access refused (storage disabled): nothing to clear there.
    }
  }
  return areas;
}

import { useQuery } from '@tanstack/react-query';
import { api, fetchPermissions } from '../api';
import { useSession } from './AuthContext';

/** `<feature>.<action>` names, as `/api/me/permissions` lists them. */
export type Permissions = ReadonlySet<string>;

export interface UserPermissions {
  /** What the user may do now: buttons and forms show by these. */
  granted: Permissions;
  /**
   * Where the navigation leads: also what waits for the two-factor sign-in the site requires of
   * some of the user's roles (those pages say to set it up first).
   */
  navigable: Permissions;
}

/** The user's own data (forgotten when the session ends), per user so another sign-in in this tab never sees them. */
export const PERMISSIONS_QUERY_PREFIX = ['me', 'permissions'] as const;
export const permissionsQueryKey = (userId: string) => [...PERMISSIONS_QUERY_PREFIX, userId] as const;

/**
 * The permissions of the signed-in user, read from the same policies the server's routes ask: the
 * navigation and the buttons show what the server would allow, and nothing the server would refuse.
 */
export function usePermissions() {
  const session = useSession();
  return useQuery({
    queryKey: permissionsQueryKey(session.user.id),
    queryFn: async ({ signal }): Promise<UserPermissions> => {
      const { permissions, afterMfaSetUp } = await fetchPermissions(api, signal);
      return { granted: new Set(permissions), navigable: new Set([...permissions, ...afterMfaSetUp]) };
    },
    staleTime: 5 * 60_000,
  });
}

import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { api, fetchSession, isAuthLost, signOut as postSignOut, type Session } from '../api';
import { languageChoice } from '../i18n';
import { browserStorages, forgetUserData } from './forgetUserData';

export type SignedOutReason =
  /** Never signed in during this visit. */
  | 'anonymous'
  /** The session expired or was revoked: the sign-in page says so. */
  | 'session-ended'
  /** The user signed out. */
  | 'signed-out';

export type AuthState =
  | { status: 'signed-in'; session: Session }
  | { status: 'signed-out'; reason: SignedOutReason };

export const SESSION_QUERY_KEY = ['auth', 'session'] as const;

interface AuthContextValue {
  /** Undefined until the session is known. */
  state: AuthState | undefined;
  /** Set when the session could not be checked (server unreachable, 5xx). */
  error: Error | null;
  retry: () => void;
  /** Records the session returned by a successful sign-in. */
  completeSignIn: (session: Session) => void;
  /**
   * Ends the session on the server, then locally. Rejects with ApiError on failure. `reason`
   * 'session-ended' (time is up) makes the sign-in page say so and return to this page.
   */
  signOut: (reason?: 'signed-out' | 'session-ended') => Promise<void>;
  /** Ends the session in this tab only, e.g. when the server could not be told. */
  endSessionLocally: (reason: SignedOutReason) => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** The end of a session in this tab: signed out, and nothing of the user's data left behind. */
function endSession(queryClient: QueryClient, reason: SignedOutReason): void {
  const next: AuthState = { status: 'signed-out', reason };
  queryClient.setQueryData<AuthState>(SESSION_QUERY_KEY, next);
  forgetUserData(queryClient, browserStorages(), languageChoice());
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();

  const query = useQuery<AuthState>({
    queryKey: SESSION_QUERY_KEY,
    queryFn: async ({ signal }) => {
      try {
        return { status: 'signed-in', session: await fetchSession(api, signal) };
      } catch (error) {
        if (!isAuthLost(error)) throw error;
        const previous = queryClient.getQueryData<AuthState>(SESSION_QUERY_KEY);
        if (error.code === 'AUTH_SESSION_EXPIRED' || previous?.status === 'signed-in') {
          return { status: 'signed-out', reason: 'session-ended' };
        }
        // Keep why the user is signed out when the check merely repeats (e.g. on window focus).
        return { status: 'signed-out', reason: previous?.status === 'signed-out' ? previous.reason : 'anonymous' };
      }
    },
    staleTime: 5 * 60_000,
    // Coming back to the tab re-checks the session, so an ended session shows at once.
    refetchOnWindowFocus: 'always',
  });

  // Any other request that finds the session gone ends it here; RequireAuth then redirects.
  useEffect(
    () =>
      api.onAuthLost(() => {
        const current = queryClient.getQueryData<AuthState>(SESSION_QUERY_KEY);
        if (current?.status === 'signed-in') endSession(queryClient, 'session-ended');
      }),
    [queryClient],
  );

  const { refetch } = query;
  const retry = useCallback(() => {
    void refetch();
  }, [refetch]);

  const completeSignIn = useCallback(
    (session: Session) => {
      const next: AuthState = { status: 'signed-in', session };
      queryClient.setQueryData<AuthState>(SESSION_QUERY_KEY, next);
    },
    [queryClient],
  );

  const signOut = useCallback(
    async (reason: 'signed-out' | 'session-ended' = 'signed-out') => {
      try {
        await postSignOut(api);
      } catch (error) {
        // Already signed out on the server: that is what the user wanted.
        if (!isAuthLost(error)) throw error;
      }
      endSession(queryClient, reason);
    },
    [queryClient],
  );

  const endSessionLocally = useCallback(
    (reason: SignedOutReason) => {
      endSession(queryClient, reason);
    },
    [queryClient],
  );

  const value = useMemo<AuthContextValue>(
    () => ({ state: query.data, error: query.error, retry, completeSignIn, signOut, endSessionLocally }),
    [query.data, query.error, retry, completeSignIn, signOut, endSessionLocally],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in session; only for components rendered inside <RequireAuth>. */
export function useSession(): Session {
  const { state } = useAuth();
  if (state?.status !== 'signed-in') throw new Error('useSession must be used inside <RequireAuth>');
  return state.session;
}

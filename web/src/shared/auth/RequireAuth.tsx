import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { FullPageLoader } from '../ui/FullPageLoader';
import { LoadError } from '../ui/LoadError';
import { useAuth } from './AuthContext';
import { SIGN_IN_PATH, signInPathFor } from './redirect';

/**
 * Renders its children for a signed-in user; sends everyone else — and a user who must first
 * replace a password set for them — to the sign-in page.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, error, retry } = useAuth();
  const location = useLocation();

  if (!state) {
    return error ? <LoadError error={error} onRetry={retry} fullPage /> : <FullPageLoader />;
  }
  if (state.status === 'signed-out') {
    const target =
      state.reason === 'signed-out'
        ? SIGN_IN_PATH
        : signInPathFor(`${location.pathname}${location.search}${location.hash}`);
    return <Navigate to={target} replace />;
  }
  // A password set for the user must be replaced first: the sign-in page asks for it, then comes back.
  if (state.session.passwordChangeRequired) return <Navigate to={signInPathFor(`${location.pathname}${location.search}${location.hash}`)} replace />;
  return children;
}

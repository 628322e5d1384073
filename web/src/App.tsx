import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router-dom';
import { isApiError } from './shared/api';
import { AuthProvider } from './shared/auth/AuthContext';
import { readStyleNonce } from './shared/csp';
import { AppRoutes } from './routes';
import { BrandedTheme } from './shared/branding/BrandedTheme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx answer will not change by asking again; network errors and 5xx may.
      retry: (failureCount, error) =>
        !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const styleNonce = readStyleNonce();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrandedTheme styleNonce={styleNonce}>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </BrandedTheme>
    </QueryClientProvider>
  );
}

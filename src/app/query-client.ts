import { QueryClient } from '@tanstack/react-query';
import { isArmError } from '../api/arm-client';

// src/api already retries transient ARM failures (429/5xx with Retry-After) inside each call, so
// React Query retries only what that did not cover, and never client errors such as 403.
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => failureCount < 1 && !(isArmError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

import { QueryClient } from '@tanstack/react-query';
import { isArmError } from '../api/arm-client';

// src/api already retries transient ARM failures (429/5xx with Retry-After) inside each call, so
// React Query retries only what that did not cover, and never client errors such as 403.
// 408 and 429 are the server asking to try later, not a mistake of ours: those are retried.
function isClientError(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => failureCount < 1 && !(isArmError(error) && isClientError(error.status)),
      },
      mutations: { retry: false },
    },
  });
}

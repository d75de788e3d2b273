import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';

// Whether Azure Resource Manager (here: the emulator in the page's worker) answers at all. Only
// transport failures count — fetch rejecting with a TypeError, which arm-client turns into an
// ArmError with status 0 — never an HTTP error: a 403 or a 500 is an answer and the page that made
// the call explains it. Fed by two sources: arm-client reporting each attempt (immediate), and
// the query/mutation caches (after arm-client's and React Query's retries gave up), so the banner
// works even where a call is made outside React Query.

export interface ArmConnectivity {
  reachable: boolean;
  /** The browser's message for the last transport failure ("Failed to fetch"). */
  detail?: string | undefined;
  /** When ARM was last found unreachable (ms since the epoch). */
  since?: number | undefined;
}

let state: ArmConnectivity = { reachable: true };
const listeners = new Set<() => void>();

function set(next: ArmConnectivity): void {
  if (next.reachable === state.reachable && next.detail === state.detail) return;
  state = next;
  for (const listener of listeners) listener();
}

/** arm-client: a request got an HTTP answer (any status), so ARM is reachable. */
export function reportArmAnswered(): void {
  if (!state.reachable) set({ reachable: true });
}

/** arm-client: fetch itself failed (no answer: offline, dropped connection, worker gone). */
export function reportArmUnreachable(cause: unknown): void {
  const detail = cause instanceof Error ? cause.message : undefined;
  set({ reachable: false, detail, since: state.reachable ? Date.now() : state.since });
}

export function subscribeArmConnectivity(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function getArmConnectivity(): ArmConnectivity {
  return state;
}

// Read structurally: importing ArmError from arm-client would be a cycle (arm-client reports here).
function armStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('name' in error) || error.name !== 'ArmError') return undefined;
  return 'status' in error && typeof error.status === 'number' ? error.status : undefined;
}

/** True for the ArmError arm-client throws when no answer came back at all (status 0). */
export function isTransportFailure(error: unknown): boolean {
  return armStatusOf(error) === 0;
}

function watchCaches(queryClient: QueryClient): () => void {
  const onResult = (status: string, error: unknown) => {
    if (status === 'success') reportArmAnswered();
    else if (status === 'error') {
      if (isTransportFailure(error)) reportArmUnreachable(error);
      // An HTTP error is an answer too.
      else if (armStatusOf(error) !== undefined) reportArmAnswered();
    }
  };
  const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && (event.action.type === 'success' || event.action.type === 'error')) {
      onResult(event.query.state.status, event.query.state.error);
    }
  });
  const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
    if (event.type === 'updated' && event.mutation !== undefined) onResult(event.mutation.state.status, event.mutation.state.error);
  });
  return () => {
    unsubscribeQueries();
    unsubscribeMutations();
  };
}

/**
 * The connectivity state for the offline banner, and `retry`: refetches what failed (and what is
 * on screen). Retries by itself when the browser comes back online or the window regains focus.
 */
export function useArmConnectivity(): ArmConnectivity & { retrying: boolean; retry: () => void } {
  const queryClient = useQueryClient();
  const current = useSyncExternalStore(subscribeArmConnectivity, getArmConnectivity, getArmConnectivity);
  const [retrying, setRetrying] = useState(false);

  useEffect(() => watchCaches(queryClient), [queryClient]);

  const retry = useCallback(() => {
    setRetrying(true);
    void queryClient
      .refetchQueries({ predicate: (query) => query.state.status === 'error' || query.isActive() })
      .finally(() => {
        setRetrying(false);
      });
  }, [queryClient]);

  useEffect(() => {
    if (current.reachable) return undefined;
    const onBack = () => {
      retry();
    };
    window.addEventListener('online', onBack);
    window.addEventListener('focus', onBack);
    return () => {
      window.removeEventListener('online', onBack);
      window.removeEventListener('focus', onBack);
    };
  }, [current.reachable, retry]);

  return { ...current, retrying, retry };
}

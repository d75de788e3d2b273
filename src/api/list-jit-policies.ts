import { queryOptions } from '@tanstack/react-query';
import type { JitNetworkAccessPolicy } from '../domain/jit-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { jitPolicyKeys } from './query-keys';

/** JIT network access policies (List) of a subscription (every page). */
export async function listJitPolicies(subscriptionId: string, signal?: AbortSignal): Promise<JitNetworkAccessPolicy[]> {
  // The policy schema is zod, imported on demand: a static import would put zod's core (shared
  // with the emulator's full-zod request schemas) into the blade's initial script (issue 7).
  // With the embedded emulator the chunk is already loaded; against Azure it is one small fetch.
  const { jitPolicySchema } = await import('./wire/jit-policy-schema');
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security/jitNetworkAccessPolicies`,
    API_VERSIONS.jit,
    (item): JitNetworkAccessPolicy => jitPolicySchema.parse(item),
    { signal },
  );
}

export function listJitPoliciesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: jitPolicyKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listJitPolicies(subscriptionId, signal),
  });
}

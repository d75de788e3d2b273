import { queryOptions } from '@tanstack/react-query';
import type { JitNetworkAccessPolicy } from '../domain/jit-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { jitPolicyKeys } from './query-keys';
import { jitPolicySchema } from './wire/jit-policy-schema';

/** JIT network access policies (List) of a subscription (every page). */
export function listJitPolicies(subscriptionId: string, signal?: AbortSignal): Promise<JitNetworkAccessPolicy[]> {
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

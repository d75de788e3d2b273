import { queryOptions } from '@tanstack/react-query';
import type { JitNetworkAccessPolicy } from '../domain/jit-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { jitPolicyKeys } from './query-keys';

/** JIT network access policies (List) of a subscription (every page). */
export async function listJitPolicies(subscriptionId: string, signal?: AbortSignal): Promise<JitNetworkAccessPolicy[]> {
  // The policy schema is zod, imported on demand: a static import would put zod's core (shared
  // with the emulator's full-zod request schemas) into the blade's initial script (issue 7). The
  // request goes out at once, as with a static import, and the chunk loads meanwhile (with the
  // embedded emulator it is already there); every policy is still parsed before it is returned.
  const schema = import('./wire/jit-policy-schema');
  // If the request fails first, a failed chunk load must not surface as an unhandled rejection.
  schema.catch(() => undefined);
  const items = await armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security/jitNetworkAccessPolicies`,
    API_VERSIONS.jit,
    (item) => item,
    { signal },
  );
  const { jitPolicySchema } = await schema;
  return items.map((item): JitNetworkAccessPolicy => jitPolicySchema.parse(item));
}

export function listJitPoliciesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: jitPolicyKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listJitPolicies(subscriptionId, signal),
  });
}

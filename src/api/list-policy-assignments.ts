import { queryOptions } from '@tanstack/react-query';
import type { PolicyAssignment } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { policyAssignmentKeys } from './query-keys';
import { armResource } from './wire-parse';

/** Azure Policy assignments of a subscription (every page). */
export function listPolicyAssignments(subscriptionId: string, signal?: AbortSignal): Promise<PolicyAssignment[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Authorization/policyAssignments`,
    API_VERSIONS.policyAssignments,
    armResource<PolicyAssignment>(),
    { signal },
  );
}

export function listPolicyAssignmentsQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: policyAssignmentKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listPolicyAssignments(subscriptionId, signal),
  });
}

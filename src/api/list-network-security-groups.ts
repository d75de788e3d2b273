import { queryOptions } from '@tanstack/react-query';
import type { NetworkSecurityGroup } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { networkSecurityGroupKeys } from './query-keys';
import { armResource } from './wire-parse';

/** NSGs (with their security rules) of a subscription (every page). */
export function listNetworkSecurityGroups(subscriptionId: string, signal?: AbortSignal): Promise<NetworkSecurityGroup[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/networkSecurityGroups`,
    API_VERSIONS.network,
    armResource<NetworkSecurityGroup>(),
    { signal },
  );
}

export function listNetworkSecurityGroupsQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: networkSecurityGroupKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listNetworkSecurityGroups(subscriptionId, signal),
  });
}

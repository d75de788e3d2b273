import { queryOptions } from '@tanstack/react-query';
import type { VirtualNetwork } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { virtualNetworkKeys } from './query-keys';
import { armResource } from './wire-parse';

/** Virtual networks (with subnets) of a subscription (every page). */
export function listVirtualNetworks(subscriptionId: string, signal?: AbortSignal): Promise<VirtualNetwork[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/virtualNetworks`,
    API_VERSIONS.network,
    armResource<VirtualNetwork>(),
    { signal },
  );
}

export function listVirtualNetworksQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: virtualNetworkKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listVirtualNetworks(subscriptionId, signal),
  });
}

import { queryOptions } from '@tanstack/react-query';
import type { NetworkInterface } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { networkInterfaceKeys } from './query-keys';
import { armResource } from './wire-parse';

/** Network interfaces of a subscription (every page). */
export function listNetworkInterfaces(subscriptionId: string, signal?: AbortSignal): Promise<NetworkInterface[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/networkInterfaces`,
    API_VERSIONS.network,
    armResource<NetworkInterface>(),
    { signal },
  );
}

export function listNetworkInterfacesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: networkInterfaceKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listNetworkInterfaces(subscriptionId, signal),
  });
}

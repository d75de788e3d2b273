import { queryOptions } from '@tanstack/react-query';
import type { PublicIpAddress } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { publicIpAddressKeys } from './query-keys';
import { armResource } from './wire-parse';

/** Public IP addresses of a subscription (every page). */
export function listPublicIpAddresses(subscriptionId: string, signal?: AbortSignal): Promise<PublicIpAddress[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/publicIPAddresses`,
    API_VERSIONS.network,
    armResource<PublicIpAddress>(),
    { signal },
  );
}

export function listPublicIpAddressesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: publicIpAddressKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listPublicIpAddresses(subscriptionId, signal),
  });
}

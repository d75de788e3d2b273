import { queryOptions } from '@tanstack/react-query';
import type { AzureFirewall } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { azureFirewallKeys } from './query-keys';
import { armResource } from './wire-parse';

/** Azure Firewalls of a subscription (every page). */
export function listAzureFirewalls(subscriptionId: string, signal?: AbortSignal): Promise<AzureFirewall[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/azureFirewalls`,
    API_VERSIONS.network,
    armResource<AzureFirewall>(),
    { signal },
  );
}

export function listAzureFirewallsQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: azureFirewallKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listAzureFirewalls(subscriptionId, signal),
  });
}

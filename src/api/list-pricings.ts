import { queryOptions } from '@tanstack/react-query';
import type { Pricing } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { pricingKeys } from './query-keys';
import { armResource } from './wire-parse';

/** Defender for Cloud pricing plans of a subscription (every page). */
export function listPricings(subscriptionId: string, signal?: AbortSignal): Promise<Pricing[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security/pricings`,
    API_VERSIONS.pricings,
    armResource<Pricing>(),
    { signal },
  );
}

export function listPricingsQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: pricingKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listPricings(subscriptionId, signal),
  });
}

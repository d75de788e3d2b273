import type { PublicIpAddress } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { armResource } from './wire-parse';

/** Public IP addresses of a subscription (every page): whole resources; the blade and the VM page read summaries (list-fleet-summaries.ts). */
export function listPublicIpAddresses(subscriptionId: string, signal?: AbortSignal): Promise<PublicIpAddress[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/publicIPAddresses`,
    API_VERSIONS.network,
    armResource<PublicIpAddress>(),
    { signal },
  );
}


import type { NetworkInterface } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { armResource } from './wire-parse';

/** Network interfaces of a subscription (every page): whole resources; the blade and the VM page read summaries (list-fleet-summaries.ts). */
export function listNetworkInterfaces(subscriptionId: string, signal?: AbortSignal): Promise<NetworkInterface[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/networkInterfaces`,
    API_VERSIONS.network,
    armResource<NetworkInterface>(),
    { signal },
  );
}


import { queryOptions } from '@tanstack/react-query';
import type { NetworkSecurityGroup } from '../domain/arm-types';
import { API_VERSIONS, armGet } from './arm-client';
import { networkSecurityGroupKeys } from './query-keys';
import { armResource } from './wire-parse';

/** One NSG with its security rules, by resource id (the rules JIT wrote, for the details drawer). */
export function getNetworkSecurityGroup(id: string, signal?: AbortSignal): Promise<NetworkSecurityGroup> {
  return armGet(id, API_VERSIONS.network, armResource<NetworkSecurityGroup>(), signal);
}

export function getNetworkSecurityGroupQueryOptions(id: string) {
  return queryOptions({
    queryKey: networkSecurityGroupKeys.detail(id),
    queryFn: ({ signal }) => getNetworkSecurityGroup(id, signal),
  });
}

import { queryOptions } from '@tanstack/react-query';
import type { VirtualMachine } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { virtualMachineKeys } from './query-keys';
import { armResource } from './wire-parse';

/** Resource Manager VMs of a subscription (every page). */
export function listVirtualMachines(subscriptionId: string, signal?: AbortSignal): Promise<VirtualMachine[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Compute/virtualMachines`,
    API_VERSIONS.compute,
    armResource<VirtualMachine>(),
    { signal },
  );
}

export function listVirtualMachinesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: virtualMachineKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listVirtualMachines(subscriptionId, signal),
  });
}

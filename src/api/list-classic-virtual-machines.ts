import { queryOptions } from '@tanstack/react-query';
import type { ClassicVirtualMachine } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { classicVirtualMachineKeys } from './query-keys';
import { armResource } from './wire-parse';

/** Classic VMs of a subscription (every page). */
export function listClassicVirtualMachines(subscriptionId: string, signal?: AbortSignal): Promise<ClassicVirtualMachine[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.ClassicCompute/virtualMachines`,
    API_VERSIONS.classicCompute,
    armResource<ClassicVirtualMachine>(),
    { signal },
  );
}

export function listClassicVirtualMachinesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: classicVirtualMachineKeys.bySubscription(subscriptionId),
    queryFn: ({ signal }) => listClassicVirtualMachines(subscriptionId, signal),
  });
}

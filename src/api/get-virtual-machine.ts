import { queryOptions } from '@tanstack/react-query';
import type { VirtualMachine } from '../domain/arm-types';
import { API_VERSIONS, armGet } from './arm-client';
import { virtualMachineKeys } from './query-keys';
import { armResource } from './wire-parse';

/** One Resource Manager VM by resource id (the VM page). */
export function getVirtualMachine(id: string, signal?: AbortSignal): Promise<VirtualMachine> {
  return armGet(id, API_VERSIONS.compute, armResource<VirtualMachine>(), signal);
}

export function getVirtualMachineQueryOptions(id: string) {
  return queryOptions({
    queryKey: virtualMachineKeys.detail(id),
    queryFn: ({ signal }) => getVirtualMachine(id, signal),
  });
}

import type { VirtualMachine } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { armResource } from './wire-parse';

/** Resource Manager VMs of a subscription (every page): whole resources; the blade reads summaries (list-fleet-summaries.ts). */
export function listVirtualMachines(subscriptionId: string, signal?: AbortSignal): Promise<VirtualMachine[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Compute/virtualMachines`,
    API_VERSIONS.compute,
    armResource<VirtualMachine>(),
    { signal },
  );
}

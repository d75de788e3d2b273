import { useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { getVirtualMachineQueryOptions } from '../../api/get-virtual-machine';
import { listAzureFirewallsQueryOptions } from '../../api/list-azure-firewalls';
import { listJitPoliciesQueryOptions } from '../../api/list-jit-policies';
import { listNetworkInterfaceSummariesQueryOptions, listPublicIpAddressSummariesQueryOptions, rowsOf } from '../../api/list-fleet-summaries';
import { listNetworkSecurityGroupsQueryOptions } from '../../api/list-network-security-groups';
import { listPermissionsQueryOptions, resourceGroupScope } from '../../api/list-permissions';
import { listPricingsQueryOptions } from '../../api/list-pricings';
import { listSubscriptionsQueryOptions } from '../../api/list-subscriptions';
import { listVirtualNetworksQueryOptions } from '../../api/list-virtual-networks';
import type { Permission, VirtualMachine } from '../../domain/arm-types';
import type { JitNetworkAccessPolicy, JitNetworkAccessPolicyVirtualMachine } from '../../domain/jit-types';
import { buildNetworkIndex, resolveVmNetwork, type VmNetworkView } from '../../domain/network-topology';
import { parseVirtualMachineId, resourceKey, type ParsedVirtualMachineId } from '../../domain/resource-id';

export interface VmDetails {
  vm: VirtualMachine;
  parsed: ParsedVirtualMachineId;
  subscriptionName: string;
  network: VmNetworkView;
  /** The JIT policy holding the VM, and the VM's entry in it. */
  policy?: JitNetworkAccessPolicy | undefined;
  policyVm?: JitNetworkAccessPolicyVirtualMachine | undefined;
  /** Policies in the VM's resource group and location (where "Enable" writes). */
  policiesHere: readonly JitNetworkAccessPolicy[];
  freeTier: boolean;
  /** The caller's permissions at the VM's resource group; undefined while loading. */
  permissions: readonly Permission[] | undefined;
}

export type VmDetailsResult = { status: 'invalid' } | { status: 'pending' } | { status: 'error'; error: Error } | { status: 'success'; details: VmDetails };

/**
 * The VM and what the page shows about it, read from ARM like the blade reads it: the VM itself,
 * its subscription's network resources (to resolve NSGs, addresses and the firewall with the
 * domain) and JIT policies (expired on read by the service, so a refetch shows closed ports).
 */
export function useVmDetails(vmId: string): VmDetailsResult {
  const parsed = parseVirtualMachineId(vmId);
  const s = parsed?.subscriptionId ?? '';
  const enabled = parsed !== undefined;
  const vmQuery = useQuery({ ...getVirtualMachineQueryOptions(vmId), enabled });
  const subscriptions = useQuery({ ...listSubscriptionsQueryOptions(), enabled });
  const permissions = useQuery({ ...listPermissionsQueryOptions(resourceGroupScope(s, parsed?.resourceGroup ?? '')), enabled });
  // What resolving the VM's network reads, asked as the blade asks it (Resource Graph, across the
  // user's subscriptions): the page opened from the blade finds it in the cache.
  const subscriptionIds = useMemo(() => subscriptions.data?.map((subscription) => subscription.subscriptionId), [subscriptions.data]);
  const graphEnabled = enabled && subscriptionIds !== undefined;
  const lists = useQueries({
    queries: [
      { ...listNetworkInterfaceSummariesQueryOptions(subscriptionIds ?? []), enabled: graphEnabled },
      { ...listNetworkSecurityGroupsQueryOptions(s), enabled },
      { ...listPublicIpAddressSummariesQueryOptions(subscriptionIds ?? []), enabled: graphEnabled },
      { ...listVirtualNetworksQueryOptions(s), enabled },
      { ...listAzureFirewallsQueryOptions(s), enabled },
      { ...listJitPoliciesQueryOptions(s), enabled },
      { ...listPricingsQueryOptions(s), enabled },
    ],
  });
  let error: Error | undefined = vmQuery.error ?? subscriptions.error ?? undefined;
  for (const list of lists) error ??= list.error ?? undefined;
  const vm = vmQuery.data;
  // A subscription the user cannot see has no rows (the VM itself then fails to load).
  const nicData = lists[0].data === undefined ? undefined : rowsOf(lists[0].data, s);
  const nsgData = lists[1].data;
  const pipData = lists[2].data === undefined ? undefined : rowsOf(lists[2].data, s);
  const vnetData = lists[3].data;
  const firewallData = lists[4].data;
  const policyData = lists[5].data;
  const pricingData = lists[6].data;
  const subscriptionData = subscriptions.data;
  const permissionData = permissions.data;

  return useMemo((): VmDetailsResult => {
    if (parsed === undefined) return { status: 'invalid' };
    if (error !== undefined) return { status: 'error', error };
    if (
      vm === undefined ||
      nicData === undefined ||
      nsgData === undefined ||
      pipData === undefined ||
      vnetData === undefined ||
      firewallData === undefined ||
      policyData === undefined ||
      pricingData === undefined
    ) {
      return { status: 'pending' };
    }
    const index = buildNetworkIndex({
      networkInterfaces: nicData,
      networkSecurityGroups: nsgData,
      publicIpAddresses: pipData,
      virtualNetworks: vnetData,
      azureFirewalls: firewallData,
    });
    const key = resourceKey(vm.id);
    let policy: JitNetworkAccessPolicy | undefined;
    let policyVm: JitNetworkAccessPolicyVirtualMachine | undefined;
    for (const candidate of policyData) {
      const entry = candidate.properties.virtualMachines.find((item) => resourceKey(item.id) === key);
      if (entry !== undefined) {
        policy = candidate;
        policyVm = entry;
        break;
      }
    }
    const rgPrefix = `/subscriptions/${parsed.subscriptionId}/resourcegroups/${parsed.resourceGroup}/`.toLowerCase();
    const policiesHere = policyData.filter((p) => p.id.toLowerCase().startsWith(rgPrefix) && p.location.toLowerCase() === vm.location.toLowerCase());
    const plan = pricingData.find((pricing) => pricing.name.toLowerCase() === 'virtualmachines');
    return {
      status: 'success',
      details: {
        vm,
        parsed,
        subscriptionName: subscriptionData?.find((sub) => sub.subscriptionId.toLowerCase() === parsed.subscriptionId.toLowerCase())?.displayName ?? parsed.subscriptionId,
        network: resolveVmNetwork(vm, index),
        policy,
        policyVm,
        policiesHere,
        freeTier: plan?.properties.pricingTier !== 'Standard',
        permissions: permissionData,
      },
    };
    // parsed is derived from vmId; the rest are query data, stable between fetches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [vmId, error, vm, nicData, nsgData, pipData, vnetData, firewallData, policyData, pricingData, subscriptionData, permissionData]);
}

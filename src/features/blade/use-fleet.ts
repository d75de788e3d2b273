import { useEffect, useMemo, useState } from 'react';
import { useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { listAzureFirewallsQueryOptions } from '../../api/list-azure-firewalls';
import { listClassicVirtualMachinesQueryOptions } from '../../api/list-classic-virtual-machines';
import { listJitPoliciesQueryOptions } from '../../api/list-jit-policies';
import { listNetworkInterfacesQueryOptions } from '../../api/list-network-interfaces';
import { listPolicyAssignmentsQueryOptions } from '../../api/list-policy-assignments';
import { listPricingsQueryOptions } from '../../api/list-pricings';
import { listPublicIpAddressesQueryOptions } from '../../api/list-public-ip-addresses';
import { listSubscriptionsQueryOptions } from '../../api/list-subscriptions';
import { listVirtualMachinesQueryOptions } from '../../api/list-virtual-machines';
import { listVirtualNetworksQueryOptions } from '../../api/list-virtual-networks';
import { summarizeVmAccess, type OpenPort } from '../../domain/access-summary';
import type {
  AzureFirewall,
  ClassicVirtualMachine,
  NetworkInterface,
  PolicyAssignment,
  Pricing,
  PricingTier,
  PublicIpAddress,
  Subscription,
  VirtualMachine,
  VirtualNetwork,
} from '../../domain/arm-types';
import { classifyVms, type NotRecommendedReason } from '../../domain/classification';
import type { JitNetworkAccessPolicy } from '../../domain/jit-types';
import { buildNetworkIndex, resolveVmNetwork, type VmNetworkView } from '../../domain/network-topology';
import { parseResourceId, resourceKey } from '../../domain/resource-id';

/** What every row carries, and what the blade hands to the action panes. */
export interface VmTarget {
  id: string;
  name: string;
  subscriptionId: string;
  subscriptionName: string;
  resourceGroup: string;
  location: string;
  /** The JIT policy holding the VM (Configured only). */
  policyId?: string | undefined;
  /** Whether the VM is the only one in its policy (removing it deletes the policy). */
  onlyVmInPolicy?: boolean | undefined;
  /** NSGs that guard the VM (subnet first), where JIT writes its rules (Configured and Recommended). */
  nsgIds?: readonly string[] | undefined;
  /** Where to connect directly: the VM's public IP, else its private IP. */
  address?: string | undefined;
  /** The public IP of the Azure Firewall protecting the VM, if any (connect there on the mapped port). */
  firewallAddress?: string | undefined;
}

export interface ConfiguredRow extends VmTarget {
  policyId: string;
  approvedRequestsLast7Days: number;
  lastAccessUtc?: string | undefined;
  lastUser?: string | undefined;
  connection: { via: 'firewall' | 'nsg'; address?: string | undefined };
  openPorts: readonly OpenPort[];
}

export interface RecommendedRow extends VmTarget {
  os?: 'Windows' | 'Linux' | undefined;
  publicIpAddresses: readonly string[];
  nsgNames: readonly string[];
  freeTier: boolean;
}

export interface NotRecommendedRow extends VmTarget {
  os?: 'Windows' | 'Linux' | undefined;
  reason: NotRecommendedReason;
}

export interface FleetRows {
  configured: ConfiguredRow[];
  recommended: RecommendedRow[];
  notRecommended: NotRecommendedRow[];
}

export interface Fleet {
  status: 'pending' | 'error' | 'success';
  error: Error | undefined;
  subscriptions: readonly Subscription[];
  /** Lower-cased subscription ids on the Free tier (JIT unavailable). */
  freeTierSubscriptionIds: ReadonlySet<string>;
  rows: FleetRows;
  refetch: () => void;
}

export interface SubscriptionResources {
  virtualMachines: VirtualMachine[];
  classicVirtualMachines: ClassicVirtualMachine[];
  networkInterfaces: NetworkInterface[];
  publicIpAddresses: PublicIpAddress[];
  virtualNetworks: VirtualNetwork[];
  azureFirewalls: AzureFirewall[];
  pricings: Pricing[];
  policies: JitNetworkAccessPolicy[];
  policyAssignments: PolicyAssignment[];
}

const EMPTY_ROWS: FleetRows = { configured: [], recommended: [], notRecommended: [] };
const RESOURCE_COUNT = 9;

// "Open now" and "last 7 days" depend on the clock, not only on the data. The clock is also read
// again whenever the data changes: a request made a second ago starts after a minute-old "now" and
// would not count as open (or as the last access) until the next tick.
function useMinuteClock(data: unknown): Date {
  const [now, setNow] = useState(() => new Date());
  const [seen, setSeen] = useState(data);
  if (seen !== data) {
    setSeen(data);
    setNow(new Date());
  }
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(new Date());
    }, 60_000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  return now;
}

function data<T>(result: UseQueryResult<T[]> | undefined): T[] {
  return result?.data ?? [];
}

function combineFleetResults(results: UseQueryResult<unknown>[]) {
  const error = results.find((result) => result.error !== null)?.error ?? undefined;
  const pending = results.some((result) => result.isPending);
  const resources: SubscriptionResources[] = [];
  for (let i = 0; i < results.length; i += RESOURCE_COUNT) {
    const r = results.slice(i, i + RESOURCE_COUNT);
    resources.push({
      virtualMachines: data(r[0] as UseQueryResult<VirtualMachine[]> | undefined),
      classicVirtualMachines: data(r[1] as UseQueryResult<ClassicVirtualMachine[]> | undefined),
      networkInterfaces: data(r[2] as UseQueryResult<NetworkInterface[]> | undefined),
      publicIpAddresses: data(r[3] as UseQueryResult<PublicIpAddress[]> | undefined),
      virtualNetworks: data(r[4] as UseQueryResult<VirtualNetwork[]> | undefined),
      azureFirewalls: data(r[5] as UseQueryResult<AzureFirewall[]> | undefined),
      pricings: data(r[6] as UseQueryResult<Pricing[]> | undefined),
      policies: data(r[7] as UseQueryResult<JitNetworkAccessPolicy[]> | undefined),
      policyAssignments: data(r[8] as UseQueryResult<PolicyAssignment[]> | undefined),
    });
  }
  return { error, pending, resources, refetch: () => results.forEach((result) => void result.refetch()) };
}

/** Lists every resource the blade needs in every visible subscription and classifies the VMs with the domain. */
export function useFleet(): Fleet {
  const subscriptionsQuery = useQuery(listSubscriptionsQueryOptions());
  const subscriptions = useMemo(() => subscriptionsQuery.data ?? [], [subscriptionsQuery.data]);

  const perSubscription = useQueries({
    queries: subscriptions.flatMap((subscription) => {
      const s = subscription.subscriptionId;
      return [
        listVirtualMachinesQueryOptions(s),
        listClassicVirtualMachinesQueryOptions(s),
        // No NSG list: classification and the columns need only the NSG references on NICs and
        // subnets, and the NSGs with all their rules are the fleet's heaviest payload. The NSG
        // rules drawer reads the NSGs it shows by id.
        listNetworkInterfacesQueryOptions(s),
        listPublicIpAddressesQueryOptions(s),
        listVirtualNetworksQueryOptions(s),
        listAzureFirewallsQueryOptions(s),
        listPricingsQueryOptions(s),
        listJitPoliciesQueryOptions(s),
        listPolicyAssignmentsQueryOptions(s),
      ] as const;
    }),
    // A stable function: TanStack re-runs combine (and we re-classify) only when results change.
    combine: combineFleetResults,
  });

  const { pending, resources } = perSubscription;
  const now = useMinuteClock(resources);

  const computed = useMemo(() => {
    if (pending) return { rows: EMPTY_ROWS, freeTierSubscriptionIds: new Set<string>() };
    return computeFleetRows(subscriptions, resources, now);
  }, [pending, resources, subscriptions, now]);

  const error = subscriptionsQuery.error ?? perSubscription.error;
  const status: Fleet['status'] =
    error !== undefined && error !== null ? 'error' : subscriptionsQuery.isPending || pending ? 'pending' : 'success';
  return {
    status,
    error: error ?? undefined,
    subscriptions,
    freeTierSubscriptionIds: computed.freeTierSubscriptionIds,
    rows: computed.rows,
    refetch: () => {
      void subscriptionsQuery.refetch();
      perSubscription.refetch();
    },
  };
}

function networkFields(view: VmNetworkView, policyFirewallIp: string | undefined): Pick<VmTarget, 'nsgIds' | 'address' | 'firewallAddress'> {
  return {
    nsgIds: view.nsgIds,
    address: view.publicIpAddresses[0] ?? view.privateIpAddresses[0],
    firewallAddress: view.firewall === undefined ? undefined : (view.firewall.publicIpAddress ?? policyFirewallIp),
  };
}

/** Pure: ARM resources of every subscription → the three tabs' rows. Exported for tests. */
export function computeFleetRows(
  subscriptions: readonly Subscription[],
  resources: readonly SubscriptionResources[],
  now: Date,
): { rows: FleetRows; freeTierSubscriptionIds: ReadonlySet<string> } {
  const virtualMachines = resources.flatMap((r) => r.virtualMachines);
  const policies = resources.flatMap((r) => r.policies);
  const network = buildNetworkIndex({
    networkInterfaces: resources.flatMap((r) => r.networkInterfaces),
    networkSecurityGroups: [],
    virtualNetworks: resources.flatMap((r) => r.virtualNetworks),
    publicIpAddresses: resources.flatMap((r) => r.publicIpAddresses),
    azureFirewalls: resources.flatMap((r) => r.azureFirewalls),
  });

  const pricingTiers = new Map<string, PricingTier>();
  subscriptions.forEach((subscription, index) => {
    const plan = resources[index]?.pricings.find((pricing) => pricing.name.toLowerCase() === 'virtualmachines');
    pricingTiers.set(subscription.subscriptionId.toLowerCase(), plan?.properties.pricingTier ?? 'Free');
  });
  const freeTierSubscriptionIds = new Set([...pricingTiers].filter(([, tier]) => tier === 'Free').map(([id]) => id));

  const classified = classifyVms({
    virtualMachines,
    classicVirtualMachines: resources.flatMap((r) => r.classicVirtualMachines),
    network,
    policies,
    pricingTiers,
    policyAssignments: resources.flatMap((r) => r.policyAssignments),
  });

  const subscriptionNames = new Map(subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.displayName]));
  const vmsById = new Map(virtualMachines.map((vm) => [resourceKey(vm.id), vm]));
  const policiesById = new Map(policies.map((policy) => [resourceKey(policy.id), policy]));
  const nsgName = (id: string) => parseResourceId(id)?.name ?? id;

  const rows: FleetRows = { configured: [], recommended: [], notRecommended: [] };
  for (const vm of classified) {
    const target: VmTarget = {
      id: vm.id,
      name: vm.name,
      subscriptionId: vm.subscriptionId,
      subscriptionName: subscriptionNames.get(vm.subscriptionId.toLowerCase()) ?? vm.subscriptionId,
      resourceGroup: vm.resourceGroup,
      location: vm.location,
    };
    const c = vm.classification;
    switch (c.state) {
      case 'configured': {
        const policy = policiesById.get(resourceKey(c.policyId));
        const armVm = vmsById.get(resourceKey(vm.id));
        if (policy === undefined || armVm === undefined) break;
        const view = resolveVmNetwork(armVm, network);
        const summary = summarizeVmAccess({ policy, vmId: vm.id, network: view, now });
        rows.configured.push({
          ...target,
          ...networkFields(view, policy.properties.virtualMachines.find((entry) => resourceKey(entry.id) === resourceKey(vm.id))?.publicIpAddress),
          policyId: policy.id,
          onlyVmInPolicy: policy.properties.virtualMachines.length === 1,
          approvedRequestsLast7Days: summary.approvedRequestsLast7Days,
          lastAccessUtc: summary.lastAccessUtc,
          lastUser: summary.lastUser,
          connection: summary.connection,
          openPorts: summary.openPorts,
        });
        break;
      }
      case 'recommended': {
        const armVm = vmsById.get(resourceKey(vm.id));
        const view = armVm === undefined ? undefined : resolveVmNetwork(armVm, network);
        rows.recommended.push({
          ...target,
          ...(view === undefined ? {} : networkFields(view, undefined)),
          os: vm.os,
          publicIpAddresses: view?.publicIpAddresses ?? [],
          nsgNames: (view?.nsgIds ?? []).map(nsgName),
          freeTier: freeTierSubscriptionIds.has(vm.subscriptionId.toLowerCase()),
        });
        break;
      }
      case 'notRecommended':
        rows.notRecommended.push({ ...target, os: vm.os, reason: c.reason });
        break;
    }
  }
  return { rows, freeTierSubscriptionIds };
}

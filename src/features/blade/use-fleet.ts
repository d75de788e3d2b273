import { useEffect, useMemo, useState } from 'react';
import { useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { listAzureFirewallsQueryOptions } from '../../api/list-azure-firewalls';
import { listClassicVirtualMachinesQueryOptions } from '../../api/list-classic-virtual-machines';
import { listJitPoliciesQueryOptions } from '../../api/list-jit-policies';
import {
  type BySubscription,
  listNetworkInterfaceSummariesQueryOptions,
  listPublicIpAddressSummariesQueryOptions,
  listVirtualMachineSummariesQueryOptions,
  rowsOf,
} from '../../api/list-fleet-summaries';
import { listPolicyAssignmentsQueryOptions } from '../../api/list-policy-assignments';
import { listPricingsQueryOptions } from '../../api/list-pricings';
import { listSubscriptionsQueryOptions } from '../../api/list-subscriptions';
import { listVirtualNetworksQueryOptions } from '../../api/list-virtual-networks';
import type {
  AzureFirewall,
  ClassicVirtualMachine,
  NetworkInterfaceSummary,
  PolicyAssignment,
  Pricing,
  PublicIpAddressSummary,
  Subscription,
  VirtualMachineSummary,
  VirtualNetwork,
} from '../../domain/arm-types';
import { computeFleetRows, type FleetRows, type SubscriptionResources } from '../../domain/fleet-rows';
import type { JitNetworkAccessPolicy } from '../../domain/jit-types';

// The row types live with the pure computation in the domain; the blade's files import them from here.
export type { ConfiguredRow, FleetRows, NotRecommendedRow, RecommendedRow, SubscriptionResources, VmTarget } from '../../domain/fleet-rows';

export interface Fleet {
  status: 'pending' | 'error' | 'success';
  error: Error | undefined;
  subscriptions: readonly Subscription[];
  /** Lower-cased subscription ids on the Free tier (JIT unavailable). */
  freeTierSubscriptionIds: ReadonlySet<string>;
  rows: FleetRows;
  /** Lists answered so far of those the blade needs (the subscriptions, 3 Resource Graph queries, 6 lists per subscription); total 0 until the subscriptions are known. */
  progress: { loaded: number; total: number };
  refetch: () => void;
}

const EMPTY_ROWS: FleetRows = { configured: [], recommended: [], notRecommended: [] };
/** The ARM lists read per subscription; the VMs, NICs and public IPs come from 3 Resource Graph queries across all of them. */
const PER_SUBSCRIPTION_LISTS = 6;
const GRAPH_QUERIES = 3;

// "Open now" and "last 7 days" depend on the clock, not only on the data. The clock is also read
// again whenever the data changes: a request made a second ago starts after a minute-old "now" and
// would not count as open (or as the last access) until the next tick.
// When each combined result (an array, new whenever a list changes) was first seen.
const seenAt = new WeakMap<object, Date>();

function useMinuteClock(data: object): Date {
  const [tick, setTick] = useState(() => new Date());
  // Derived, not set as state during render: a state update there re-ran the component, and the
  // fleet (10,000 VMs) was classified twice, once with the old clock and once with the new.
  let dataTime = seenAt.get(data);
  if (dataTime === undefined) {
    dataTime = new Date();
    seenAt.set(data, dataTime);
  }
  useEffect(() => {
    const timer = setInterval(() => {
      setTick(new Date());
    }, 60_000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  return tick > dataTime ? tick : dataTime;
}

function data<T>(result: UseQueryResult<T> | undefined, empty: T): T {
  return result?.data ?? empty;
}

const NO_ROWS: BySubscription<never> = {};

// Results come as the 3 Resource Graph summaries across all subscriptions, then the 6 ARM lists of
// each subscription in turn; combine keeps their data as it is (a stable function: TanStack re-runs
// it, and the blade classifies again, only when a result changes).
function combineFleetResults(results: UseQueryResult<unknown>[]) {
  const error = results.find((result) => result.error !== null)?.error ?? undefined;
  const pending = results.some((result) => result.isPending);
  const loaded = results.reduce((count, result) => (result.isPending ? count : count + 1), 0);
  const [vms, nics, publicIps, ...lists] = results;
  const perSubscription: Omit<SubscriptionResources, 'virtualMachines' | 'networkInterfaces' | 'publicIpAddresses'>[] = [];
  for (let i = 0; i < lists.length; i += PER_SUBSCRIPTION_LISTS) {
    const r = lists.slice(i, i + PER_SUBSCRIPTION_LISTS);
    perSubscription.push({
      classicVirtualMachines: data(r[0] as UseQueryResult<ClassicVirtualMachine[]> | undefined, []),
      virtualNetworks: data(r[1] as UseQueryResult<VirtualNetwork[]> | undefined, []),
      azureFirewalls: data(r[2] as UseQueryResult<AzureFirewall[]> | undefined, []),
      pricings: data(r[3] as UseQueryResult<Pricing[]> | undefined, []),
      policies: data(r[4] as UseQueryResult<JitNetworkAccessPolicy[]> | undefined, []),
      policyAssignments: data(r[5] as UseQueryResult<PolicyAssignment[]> | undefined, []),
    });
  }
  return {
    error,
    pending,
    loaded,
    virtualMachines: data(vms as UseQueryResult<BySubscription<VirtualMachineSummary>> | undefined, NO_ROWS),
    networkInterfaces: data(nics as UseQueryResult<BySubscription<NetworkInterfaceSummary>> | undefined, NO_ROWS),
    publicIpAddresses: data(publicIps as UseQueryResult<BySubscription<PublicIpAddressSummary>> | undefined, NO_ROWS),
    perSubscription,
    refetch: () => results.forEach((result) => void result.refetch()),
  };
}

/** Lists every resource the blade needs in every visible subscription and classifies the VMs with the domain. */
export function useFleet(): Fleet {
  const subscriptionsQuery = useQuery(listSubscriptionsQueryOptions());
  const subscriptions = useMemo(() => subscriptionsQuery.data ?? [], [subscriptionsQuery.data]);

  const subscriptionIds = useMemo(() => subscriptions.map((subscription) => subscription.subscriptionId), [subscriptions]);

  // Resource Graph is not asked before the subscriptions are known, or when there are none.
  const asked = subscriptionIds.length > 0;
  const fleet = useQueries({
    queries: [
      // VMs, NICs and public IPs: the few properties classification reads, from Resource Graph
      // (src/api/list-fleet-summaries.ts), across all subscriptions at once.
      { ...listVirtualMachineSummariesQueryOptions(subscriptionIds), enabled: asked },
      { ...listNetworkInterfaceSummariesQueryOptions(subscriptionIds), enabled: asked },
      { ...listPublicIpAddressSummariesQueryOptions(subscriptionIds), enabled: asked },
      ...subscriptionIds.flatMap(
        (s) =>
          [
            listClassicVirtualMachinesQueryOptions(s),
            // No NSG list: classification and the columns need only the NSG references on NICs and
            // subnets, and the NSGs with all their rules are the fleet's heaviest payload. The NSG
            // rules drawer reads the NSGs it shows by id.
            listVirtualNetworksQueryOptions(s),
            listAzureFirewallsQueryOptions(s),
            listPricingsQueryOptions(s),
            listJitPoliciesQueryOptions(s),
            listPolicyAssignmentsQueryOptions(s),
          ] as const,
      ),
    ],
    combine: combineFleetResults,
  });

  const { loaded, perSubscription, virtualMachines, networkInterfaces, publicIpAddresses } = fleet;
  // Without subscriptions the Resource Graph queries stay disabled (pending), and there is nothing to wait for.
  const pending = asked && fleet.pending;
  // Each subscription's resources, its Resource Graph rows picked out by its id.
  const resources = useMemo(
    (): SubscriptionResources[] =>
      perSubscription.map((lists, i) => {
        const subscriptionId = subscriptionIds[i] ?? '';
        return {
          ...lists,
          virtualMachines: rowsOf(virtualMachines, subscriptionId),
          networkInterfaces: rowsOf(networkInterfaces, subscriptionId),
          publicIpAddresses: rowsOf(publicIpAddresses, subscriptionId),
        };
      }),
    [perSubscription, virtualMachines, networkInterfaces, publicIpAddresses, subscriptionIds],
  );
  const now = useMinuteClock(resources);

  const computed = useMemo(() => {
    if (pending) return { rows: EMPTY_ROWS, freeTierSubscriptionIds: new Set<string>() };
    return computeFleetRows(subscriptions, resources, now);
  }, [pending, resources, subscriptions, now]);

  const error = subscriptionsQuery.error ?? fleet.error;
  const status: Fleet['status'] =
    error !== undefined && error !== null ? 'error' : subscriptionsQuery.isPending || pending ? 'pending' : 'success';
  return {
    status,
    error: error ?? undefined,
    subscriptions,
    freeTierSubscriptionIds: computed.freeTierSubscriptionIds,
    rows: computed.rows,
    progress: subscriptionsQuery.isPending ? { loaded: 0, total: 0 } : { loaded: 1 + loaded, total: subscriptions.length === 0 ? 1 : 1 + GRAPH_QUERIES + subscriptions.length * PER_SUBSCRIPTION_LISTS },
    refetch: () => {
      void subscriptionsQuery.refetch();
      // A refetch would run even a disabled query.
      if (asked) fleet.refetch();
    },
  };
}

import { useEffect, useMemo, useState } from 'react';
import { useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { listAzureFirewallsQueryOptions } from '../../api/list-azure-firewalls';
import { listClassicVirtualMachinesQueryOptions } from '../../api/list-classic-virtual-machines';
import { listJitPoliciesQueryOptions } from '../../api/list-jit-policies';
import {
  listNetworkInterfaceSummariesQueryOptions,
  listPublicIpAddressSummariesQueryOptions,
  listVirtualMachineSummariesQueryOptions,
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
  /** Lists answered so far of those the blade needs (the subscriptions, then 9 per subscription); total 0 until the subscriptions are known. */
  progress: { loaded: number; total: number };
  refetch: () => void;
}

const EMPTY_ROWS: FleetRows = { configured: [], recommended: [], notRecommended: [] };
const RESOURCE_COUNT = 9;

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

function data<T>(result: UseQueryResult<T[]> | undefined): T[] {
  return result?.data ?? [];
}

function combineFleetResults(results: UseQueryResult<unknown>[]) {
  const error = results.find((result) => result.error !== null)?.error ?? undefined;
  const pending = results.some((result) => result.isPending);
  const loaded = results.reduce((count, result) => (result.isPending ? count : count + 1), 0);
  const resources: SubscriptionResources[] = [];
  for (let i = 0; i < results.length; i += RESOURCE_COUNT) {
    const r = results.slice(i, i + RESOURCE_COUNT);
    resources.push({
      virtualMachines: data(r[0] as UseQueryResult<VirtualMachineSummary[]> | undefined),
      classicVirtualMachines: data(r[1] as UseQueryResult<ClassicVirtualMachine[]> | undefined),
      networkInterfaces: data(r[2] as UseQueryResult<NetworkInterfaceSummary[]> | undefined),
      publicIpAddresses: data(r[3] as UseQueryResult<PublicIpAddressSummary[]> | undefined),
      virtualNetworks: data(r[4] as UseQueryResult<VirtualNetwork[]> | undefined),
      azureFirewalls: data(r[5] as UseQueryResult<AzureFirewall[]> | undefined),
      pricings: data(r[6] as UseQueryResult<Pricing[]> | undefined),
      policies: data(r[7] as UseQueryResult<JitNetworkAccessPolicy[]> | undefined),
      policyAssignments: data(r[8] as UseQueryResult<PolicyAssignment[]> | undefined),
    });
  }
  return { error, pending, loaded, resources, refetch: () => results.forEach((result) => void result.refetch()) };
}

/** Lists every resource the blade needs in every visible subscription and classifies the VMs with the domain. */
export function useFleet(): Fleet {
  const subscriptionsQuery = useQuery(listSubscriptionsQueryOptions());
  const subscriptions = useMemo(() => subscriptionsQuery.data ?? [], [subscriptionsQuery.data]);

  const perSubscription = useQueries({
    queries: subscriptions.flatMap((subscription) => {
      const s = subscription.subscriptionId;
      return [
        // VMs, NICs and public IPs: the few properties classification reads, from Resource Graph
        // (src/api/list-fleet-summaries.ts), not whole resources from their ARM lists.
        listVirtualMachineSummariesQueryOptions(s),
        listClassicVirtualMachinesQueryOptions(s),
        // No NSG list: classification and the columns need only the NSG references on NICs and
        // subnets, and the NSGs with all their rules are the fleet's heaviest payload. The NSG
        // rules drawer reads the NSGs it shows by id.
        listNetworkInterfaceSummariesQueryOptions(s),
        listPublicIpAddressSummariesQueryOptions(s),
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

  const { pending, loaded, resources } = perSubscription;
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
    progress: subscriptionsQuery.isPending ? { loaded: 0, total: 0 } : { loaded: 1 + loaded, total: 1 + subscriptions.length * RESOURCE_COUNT },
    refetch: () => {
      void subscriptionsQuery.refetch();
      perSubscription.refetch();
    },
  };
}

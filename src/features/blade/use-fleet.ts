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
  type VirtualMachineSummaryPages,
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
import { fleetContext, fleetRowsOfVms, mergeFleetRows, type FleetContext, type FleetLists, type FleetRows, type SubscriptionResources } from '../../domain/fleet-rows';
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

const NO_CONTEXT_YET = {};

/** A page's rows, computed once per page, context and clock (the page's array is the key). */
const pageRowsCache = new WeakMap<readonly VirtualMachineSummary[], { context: FleetContext; now: Date; rows: FleetRows }>();

function rowsOfPage(page: readonly VirtualMachineSummary[], context: FleetContext, now: Date): FleetRows {
  const kept = pageRowsCache.get(page);
  if (kept?.context === context && kept.now === now) return kept.rows;
  const rows = fleetRowsOfVms(context, page, now);
  pageRowsCache.set(page, { context, now, rows });
  return rows;
}

function data<T>(result: UseQueryResult<T> | undefined, empty: T): T {
  return result?.data ?? empty;
}

const NO_ROWS: BySubscription<never> = {};
const NO_VM_PAGES: VirtualMachineSummaryPages = { pages: [], complete: false };

// Results come as the 3 Resource Graph summaries across all subscriptions, then the 6 ARM lists of
// each subscription in turn; combine keeps their data as it is (a stable function: TanStack re-runs
// it, and the blade classifies again, only when a result changes).
function combineFleetResults(results: UseQueryResult<unknown>[]) {
  const error = results.find((result) => result.error !== null)?.error ?? undefined;
  const [vms, nics, publicIps, ...lists] = results;
  const virtualMachines = data(vms as UseQueryResult<VirtualMachineSummaryPages> | undefined, NO_VM_PAGES);
  // The VM query is a stream: it has data after its first page, and is done when the data says so.
  const others = results.slice(1);
  const listsPending = others.some((result) => result.isPending);
  const pending = listsPending || !virtualMachines.complete;
  const loaded = others.reduce((count, result) => (result.isPending ? count : count + 1), virtualMachines.complete ? 1 : 0);
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
    listsPending,
    loaded,
    virtualMachines,
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
  // Every list but the VMs: each subscription's ARM lists, its NICs and public IPs picked out by its id.
  const context = useMemo((): FleetContext | undefined => {
    if (!asked || fleet.listsPending) return undefined;
    const lists = perSubscription.map((subscriptionLists, i): FleetLists => {
      const subscriptionId = subscriptionIds[i] ?? '';
      return { ...subscriptionLists, networkInterfaces: rowsOf(networkInterfaces, subscriptionId), publicIpAddresses: rowsOf(publicIpAddresses, subscriptionId) };
    });
    return fleetContext(subscriptions, lists);
  }, [asked, fleet.listsPending, perSubscription, networkInterfaces, publicIpAddresses, subscriptionIds, subscriptions]);
  // The clock is read again when the lists change (the policies' requests), not per VM page: every
  // page classified so far stays valid until then, or until the minute ticks.
  const now = useMinuteClock(context ?? NO_CONTEXT_YET);

  // Each VM page is classified once the other lists are in, in the render its page arrives in
  // (kept per page for this context and clock), so the last page leaves little to do.
  const pageRows = context === undefined ? [] : virtualMachines.pages.map((page) => rowsOfPage(page, context, now));

  const computed = useMemo(() => {
    if (pending || context === undefined) return { rows: EMPTY_ROWS, freeTierSubscriptionIds: new Set<string>() };
    return { rows: mergeFleetRows(context, pageRows), freeTierSubscriptionIds: context.freeTierSubscriptionIds };
    // pageRows is a new array each render; its content is a function of these.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending, context, virtualMachines, now]);

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

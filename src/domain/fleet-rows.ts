import { summarizeVmAccess, type OpenPort } from './access-summary';
import type {
  AzureFirewall,
  ClassicVirtualMachine,
  NetworkInterfaceSummary,
  PolicyAssignment,
  Pricing,
  PricingTier,
  PublicIpAddressSummary,
  Subscription,
  VirtualMachineSummary,
  VirtualNetwork,
} from './arm-types';
import { classifyVms, type ClassifiedVm, type NotRecommendedReason } from './classification';
import type { JitNetworkAccessPolicy } from './jit-types';
import { buildNetworkIndex, type NetworkIndex, type VmNetworkView } from './network-topology';
import { getByResourceId, indexResourceKey, parseResourceId } from './resource-id';

// The blade's three tabs, computed from the ARM lists of every visible subscription. Pure (no
// React), so the domain benchmark can time it on the 10,000-VM fleet in Node; useFleet calls it.

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
  /** The public IP of the Azure Firewall protecting the VM, when one does (connect there on the mapped port). */
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

export interface SubscriptionResources {
  virtualMachines: readonly VirtualMachineSummary[];
  classicVirtualMachines: ClassicVirtualMachine[];
  networkInterfaces: readonly NetworkInterfaceSummary[];
  publicIpAddresses: readonly PublicIpAddressSummary[];
  virtualNetworks: VirtualNetwork[];
  azureFirewalls: AzureFirewall[];
  pricings: Pricing[];
  policies: JitNetworkAccessPolicy[];
  policyAssignments: PolicyAssignment[];
}

/** Every list of a subscription but its VMs: what classifying any of its VMs needs. */
export type FleetLists = Omit<SubscriptionResources, 'virtualMachines'>;

/**
 * The fleet as classifying a batch of its VMs reads it, built once from every list but the VMs
 * (fleetContext): the blade classifies the VMs page by page as Resource Graph answers them, with
 * the NICs, public IPs and ARM lists already in, rather than all 10,000 after the last page.
 */
export interface FleetContext {
  readonly subscriptions: readonly Subscription[];
  /** Lower-cased subscription ids on the Free tier (JIT unavailable). */
  readonly freeTierSubscriptionIds: ReadonlySet<string>;
  readonly network: NetworkIndex;
  readonly policies: readonly JitNetworkAccessPolicy[];
  readonly policiesById: ReadonlyMap<string, JitNetworkAccessPolicy>;
  readonly pricingTiers: ReadonlyMap<string, PricingTier>;
  readonly policyAssignments: readonly PolicyAssignment[];
  readonly classicVirtualMachines: readonly ClassicVirtualMachine[];
  /** Lower-cased subscription id → its position in `subscriptions` (the order of the rows). */
  readonly subscriptionOrder: ReadonlyMap<string, number>;
  /** Lower-cased subscription id → its display name. */
  readonly subscriptionNames: ReadonlyMap<string, string>;
}

/** Pure: the lists of every subscription but their VMs (in the order of `subscriptions`) → what classifying VMs needs. */
export function fleetContext(subscriptions: readonly Subscription[], lists: readonly FleetLists[]): FleetContext {
  const network = buildNetworkIndex({
    networkInterfaces: lists.flatMap((r) => r.networkInterfaces),
    networkSecurityGroups: [],
    virtualNetworks: lists.flatMap((r) => r.virtualNetworks),
    publicIpAddresses: lists.flatMap((r) => r.publicIpAddresses),
    azureFirewalls: lists.flatMap((r) => r.azureFirewalls),
  });
  const pricingTiers = new Map<string, PricingTier>();
  subscriptions.forEach((subscription, index) => {
    const plan = lists[index]?.pricings.find((pricing) => pricing.name.toLowerCase() === 'virtualmachines');
    pricingTiers.set(subscription.subscriptionId.toLowerCase(), plan?.properties.pricingTier ?? 'Free');
  });
  const policies = lists.flatMap((r) => r.policies);
  const policiesById = new Map<string, JitNetworkAccessPolicy>();
  for (const policy of policies) policiesById.set(indexResourceKey(policiesById, policy.id), policy);
  return {
    subscriptions,
    freeTierSubscriptionIds: new Set([...pricingTiers].filter(([, tier]) => tier === 'Free').map(([id]) => id)),
    network,
    policies,
    policiesById,
    pricingTiers,
    policyAssignments: lists.flatMap((r) => r.policyAssignments),
    classicVirtualMachines: lists.flatMap((r) => r.classicVirtualMachines),
    subscriptionOrder: new Map(subscriptions.map((s, i) => [s.subscriptionId.toLowerCase(), i])),
    subscriptionNames: new Map(subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.displayName])),
  };
}

/** Pure: ARM resources of every subscription (in the order of `subscriptions`) → the three tabs' rows. */
export function computeFleetRows(
  subscriptions: readonly Subscription[],
  resources: readonly SubscriptionResources[],
  now: Date,
): { rows: FleetRows; freeTierSubscriptionIds: ReadonlySet<string> } {
  const context = fleetContext(subscriptions, resources);
  const rows = mergeFleetRows(context, [fleetRowsOfVms(context, resources.flatMap((r) => r.virtualMachines), now)]);
  return { rows, freeTierSubscriptionIds: context.freeTierSubscriptionIds };
}

/**
 * Pure: the rows of some of the fleet's ARM VMs (a Resource Graph page), in their order; no classic
 * VMs (mergeFleetRows adds them). The rows of every batch, merged, are computeFleetRows' rows.
 */
export function fleetRowsOfVms(context: FleetContext, virtualMachines: readonly VirtualMachineSummary[], now: Date): FleetRows {
  return rowsOf(context, classifyVms({ ...classificationInput(context), virtualMachines, classicVirtualMachines: [] }), now);
}

/**
 * Pure: the rows of batches of ARM VMs (fleetRowsOfVms, in the order the VMs were listed) as the
 * blade shows them: by subscription in the order of `context.subscriptions` (the order within one
 * kept), VMs of other subscriptions left out, then the classic VMs at the end of Not recommended.
 */
export function mergeFleetRows(context: FleetContext, parts: readonly FleetRows[]): FleetRows {
  // Classic VMs are Not recommended whatever the clock says.
  const classic = rowsOf(context, classifyVms({ ...classificationInput(context), virtualMachines: [] }), new Date(0));
  return {
    configured: bySubscriptionOrder(context, parts.map((part) => part.configured)),
    recommended: bySubscriptionOrder(context, parts.map((part) => part.recommended)),
    notRecommended: [...bySubscriptionOrder(context, parts.map((part) => part.notRecommended)), ...classic.notRecommended],
  };
}

function classificationInput(context: FleetContext) {
  return {
    classicVirtualMachines: context.classicVirtualMachines,
    network: context.network,
    policies: context.policies,
    pricingTiers: context.pricingTiers,
    policyAssignments: context.policyAssignments,
    // The network views come back with the classification: each VM's network is resolved once.
    resolveNetworkViews: true,
  };
}

/** Rows of every part, grouped by subscription in the context's order (stable); rows of other subscriptions are dropped. */
function bySubscriptionOrder<T extends VmTarget>(context: FleetContext, parts: readonly (readonly T[])[]): T[] {
  const groups: T[][] = context.subscriptions.map(() => []);
  // Rows come in runs of one subscription: its position is looked up once per run.
  let written: string | undefined;
  let group: T[] | undefined;
  for (const part of parts) {
    for (const row of part) {
      if (row.subscriptionId !== written) {
        written = row.subscriptionId;
        const index = context.subscriptionOrder.get(row.subscriptionId.toLowerCase());
        group = index === undefined ? undefined : groups[index];
      }
      group?.push(row);
    }
  }
  return groups.length === 1 ? (groups[0] ?? []) : groups.flat();
}

/** Classified VMs → their rows, in order. */
function rowsOf(context: FleetContext, classified: readonly ClassifiedVm[], now: Date): FleetRows {
  // Per-call caches keyed by the strings as written: a fleet has a few subscriptions and NSGs but
  // thousands of rows naming them, and lower-casing or parsing each occurrence dominated the load.
  const subscriptionInfo = new Map<string, { name: string; freeTier: boolean }>();
  const infoOf = (subscriptionId: string) => {
    let info = subscriptionInfo.get(subscriptionId);
    if (info === undefined) {
      const key = subscriptionId.toLowerCase();
      info = { name: context.subscriptionNames.get(key) ?? subscriptionId, freeTier: context.freeTierSubscriptionIds.has(key) };
      subscriptionInfo.set(subscriptionId, info);
    }
    return info;
  };
  const policiesById = context.policiesById;
  const nsgNames = new Map<string, string>();
  const nsgName = (id: string) => {
    let name = nsgNames.get(id);
    if (name === undefined) {
      name = parseResourceId(id)?.name ?? id;
      nsgNames.set(id, name);
    }
    return name;
  };

  const rows: FleetRows = { configured: [], recommended: [], notRecommended: [] };
  // Rows are written out field by field (no spreads): one object per VM, all of a tab with the same shape.
  for (const vm of classified) {
    const info = infoOf(vm.subscriptionId);
    const c = vm.classification;
    const view = vm.network;
    switch (c.state) {
      case 'configured': {
        const policy = getByResourceId(policiesById, c.policyId);
        if (policy === undefined || view === undefined) break;
        const summary = summarizeVmAccess({ policy, vmId: vm.id, network: view, now });
        rows.configured.push({
          id: vm.id,
          name: vm.name,
          subscriptionId: vm.subscriptionId,
          subscriptionName: info.name,
          resourceGroup: vm.resourceGroup,
          location: vm.location,
          nsgIds: view.nsgIds,
          address: directAddress(view),
          // Through a firewall the summary's address is the firewall's public IP, else the one the
          // policy's VM entry records: what the row offers to connect to.
          firewallAddress: view.firewall === undefined ? undefined : summary.connection.address,
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
      case 'recommended':
        rows.recommended.push({
          id: vm.id,
          name: vm.name,
          subscriptionId: vm.subscriptionId,
          subscriptionName: info.name,
          resourceGroup: vm.resourceGroup,
          location: vm.location,
          nsgIds: view?.nsgIds,
          address: view === undefined ? undefined : directAddress(view),
          firewallAddress: view?.firewall === undefined ? undefined : view.firewall.publicIpAddress,
          os: vm.os,
          publicIpAddresses: view?.publicIpAddresses ?? [],
          nsgNames: (view?.nsgIds ?? []).map(nsgName),
          freeTier: info.freeTier,
        });
        break;
      case 'notRecommended':
        rows.notRecommended.push({
          id: vm.id,
          name: vm.name,
          subscriptionId: vm.subscriptionId,
          subscriptionName: info.name,
          resourceGroup: vm.resourceGroup,
          location: vm.location,
          os: vm.os,
          reason: c.reason,
        });
        break;
    }
  }
  return rows;
}

/** Where to connect directly: the VM's public IP, else its private IP. */
function directAddress(view: VmNetworkView): string | undefined {
  return view.publicIpAddresses[0] ?? view.privateIpAddresses[0];
}

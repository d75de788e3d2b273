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
import { classifyVms, type NotRecommendedReason } from './classification';
import type { JitNetworkAccessPolicy } from './jit-types';
import { buildNetworkIndex, type VmNetworkView } from './network-topology';
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

/** Pure: ARM resources of every subscription (in the order of `subscriptions`) → the three tabs' rows. */
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

  // The network views come back with the classification: each VM's network is resolved once.
  const classified = classifyVms({
    virtualMachines,
    classicVirtualMachines: resources.flatMap((r) => r.classicVirtualMachines),
    network,
    policies,
    pricingTiers,
    policyAssignments: resources.flatMap((r) => r.policyAssignments),
    resolveNetworkViews: true,
  });

  // Per-call caches keyed by the strings as written: a fleet has a few subscriptions and NSGs but
  // thousands of rows naming them, and lower-casing or parsing each occurrence dominated the load.
  const subscriptionNames = new Map(subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.displayName]));
  const subscriptionInfo = new Map<string, { name: string; freeTier: boolean }>();
  const infoOf = (subscriptionId: string) => {
    let info = subscriptionInfo.get(subscriptionId);
    if (info === undefined) {
      const key = subscriptionId.toLowerCase();
      info = { name: subscriptionNames.get(key) ?? subscriptionId, freeTier: freeTierSubscriptionIds.has(key) };
      subscriptionInfo.set(subscriptionId, info);
    }
    return info;
  };
  const policiesById = new Map<string, JitNetworkAccessPolicy>();
  for (const policy of policies) policiesById.set(indexResourceKey(policiesById, policy.id), policy);
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
  return { rows, freeTierSubscriptionIds };
}

/** Where to connect directly: the VM's public IP, else its private IP. */
function directAddress(view: VmNetworkView): string | undefined {
  return view.publicIpAddresses[0] ?? view.privateIpAddresses[0];
}

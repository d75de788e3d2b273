import { summarizeVmAccess, type OpenPort } from './access-summary';
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
} from './arm-types';
import { classifyVms, type NotRecommendedReason } from './classification';
import type { JitNetworkAccessPolicy } from './jit-types';
import { buildNetworkIndex, resolveVmNetwork, type VmNetworkView } from './network-topology';
import { parseResourceId, resourceKey } from './resource-id';

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

function networkFields(view: VmNetworkView, policyFirewallIp: string | undefined): Pick<VmTarget, 'nsgIds' | 'address' | 'firewallAddress'> {
  return {
    nsgIds: view.nsgIds,
    address: view.publicIpAddresses[0] ?? view.privateIpAddresses[0],
    firewallAddress: view.firewall === undefined ? undefined : (view.firewall.publicIpAddress ?? policyFirewallIp),
  };
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

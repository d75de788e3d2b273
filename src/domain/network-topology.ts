import type {
  AzureFirewall,
  NetworkInterfaceReference,
  NetworkInterfaceSummary,
  NetworkSecurityGroup,
  PublicIpAddressSummary,
  VirtualMachineSummary,
  VirtualNetwork,
} from './arm-types';
import { getByResourceId, indexResourceKey, resourceKey, resourceKeyIn, sameResourceId } from './resource-id';

/** The network resources of a fleet, as listed from ARM (NICs and public IPs may be summaries: only what resolution reads). */
export interface NetworkResources {
  networkInterfaces: readonly NetworkInterfaceSummary[];
  networkSecurityGroups: readonly NetworkSecurityGroup[];
  virtualNetworks: readonly VirtualNetwork[];
  publicIpAddresses: readonly PublicIpAddressSummary[];
  azureFirewalls: readonly AzureFirewall[];
}

/** Lookup tables keyed by lower-cased resource id, built once per fleet (O(n)). */
export interface NetworkIndex {
  nics: ReadonlyMap<string, NetworkInterfaceSummary>;
  nsgs: ReadonlyMap<string, NetworkSecurityGroup>;
  publicIps: ReadonlyMap<string, PublicIpAddressSummary>;
  /** subnet id → its virtual network and the subnet's NSG id. */
  subnets: ReadonlyMap<string, { vnetId: string; addressPrefix: string; nsgId?: string }>;
  vnets: ReadonlyMap<string, VirtualNetwork>;
  /** virtual network id → the Azure Firewall deployed in it (a firewall protects the VMs of its VNet). */
  firewallByVnet: ReadonlyMap<string, AzureFirewall>;
  /** NICs and public IPs keyed by their ids as written: a reference usually spells the id so (see nicOf). */
  nicsByWrittenId?: ReadonlyMap<string, NetworkInterfaceSummary>;
  publicIpsByWrittenId?: ReadonlyMap<string, PublicIpAddressSummary>;
}

/** Keyed by resourceKey: ARM ids compare case-insensitively. */
function byResourceKey<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(resourceKey(item.id), item);
  return map;
}

function byWrittenId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(item.id, item);
  return map;
}

/** The NIC a reference names: by its spelling first, else case-insensitively. */
function nicOf(index: NetworkIndex, id: string): NetworkInterfaceSummary | undefined {
  return index.nicsByWrittenId?.get(id) ?? index.nics.get(resourceKey(id));
}

function publicIpOf(index: NetworkIndex, id: string): PublicIpAddressSummary | undefined {
  return index.publicIpsByWrittenId?.get(id) ?? index.publicIps.get(resourceKey(id));
}

/** How one VM is reached from outside: what the classification, rule planning and UI need. */
export interface VmNetworkView {
  vmId: string;
  /** The primary IP configuration's address first (primary NIC, primary ipConfiguration); JIT rules point at it. */
  privateIpAddresses: string[];
  /** The VM's own public IP addresses (ipAddress values), the primary IP configuration's first. */
  publicIpAddresses: string[];
  nicNsgIds: string[];
  subnetNsgIds: string[];
  /** Every NSG that guards the VM, subnet NSGs first (inbound evaluation order), deduplicated. */
  nsgIds: string[];
  /** Address spaces of the VM's virtual networks (the "VirtualNetwork" service tag). */
  vnetAddressPrefixes: string[];
  firewall?: { id: string; publicIpAddress?: string; privateIpAddress?: string };
}

/** "/subscriptions/…/virtualNetworks/{vnet}/subnets/{subnet}" → "/subscriptions/…/virtualNetworks/{vnet}". */
function vnetIdOfSubnetId(subnetId: string): string | undefined {
  const at = subnetId.toLowerCase().lastIndexOf('/subnets/');
  return at > 0 ? subnetId.slice(0, at) : undefined;
}

/**
 * Builds the lookup tables in one pass over each list. Map values keep the ids as ARM wrote them;
 * only the keys are lower-cased. A firewall belongs to the VNet of the subnet its ipConfigurations
 * name (its AzureFirewallSubnet), taken from the listed VNets, or from the subnet id itself when
 * that VNet is not listed. Firewalls in a peered hub VNet are not modelled: JIT's firewall
 * integration covers a firewall in the VM's own VNet.
 */
export function buildNetworkIndex(resources: NetworkResources): NetworkIndex {
  // A NIC or public IP is referenced by one VM: its key is computed when indexing and when looked
  // up. Subnets and VNets are few and referenced by thousands of NICs: indexResourceKey lets a
  // reference spelled as the resource's own id skip lower-casing (see getByResourceId).
  // NICs and public IPs (one per VM, 10,000 each on a large fleet) are indexed by their ids as
  // written, and by lower-cased key only when a reference spelled differently asks (lower-casing
  // every id was a third of classifying the fleet the first time). A VM's NIC reference is written
  // by the same service that names the NIC, so the written spelling nearly always matches.
  const nicsByWrittenId = byWrittenId(resources.networkInterfaces);
  const publicIpsByWrittenId = byWrittenId(resources.publicIpAddresses);
  let nics: Map<string, NetworkInterfaceSummary> | undefined;
  let publicIps: Map<string, PublicIpAddressSummary> | undefined;
  const nsgs = byResourceKey(resources.networkSecurityGroups);

  const vnets = new Map<string, VirtualNetwork>();
  const subnets = new Map<string, { vnetId: string; addressPrefix: string; nsgId?: string }>();
  for (const vnet of resources.virtualNetworks) {
    vnets.set(indexResourceKey(vnets, vnet.id), vnet);
    for (const subnet of vnet.properties.subnets) {
      const nsgId = subnet.properties.networkSecurityGroup?.id;
      subnets.set(indexResourceKey(subnets, subnet.id), {
        vnetId: vnet.id,
        addressPrefix: subnet.properties.addressPrefix,
        ...(nsgId === undefined ? {} : { nsgId }),
      });
    }
  }

  const firewallByVnet = new Map<string, AzureFirewall>();
  for (const firewall of resources.azureFirewalls) {
    for (const ipConfiguration of firewall.properties.ipConfigurations) {
      const subnetId = ipConfiguration.properties.subnet?.id;
      if (subnetId === undefined) continue;
      const vnetId = getByResourceId(subnets, subnetId)?.vnetId ?? vnetIdOfSubnetId(subnetId);
      if (vnetId === undefined) continue;
      const key = indexResourceKey(firewallByVnet, vnetId);
      if (!firewallByVnet.has(key)) firewallByVnet.set(key, firewall);
    }
  }

  return {
    get nics() {
      nics ??= byResourceKey(resources.networkInterfaces);
      return nics;
    },
    nsgs,
    get publicIps() {
      publicIps ??= byResourceKey(resources.publicIpAddresses);
      return publicIps;
    },
    subnets,
    vnets,
    firewallByVnet,
    nicsByWrittenId,
    publicIpsByWrittenId,
  };
}

// A VM has a handful of NICs, NSGs and VNets: a linear scan is cheaper than allocating Sets
// for each of 10,000 VMs.
function pushUnique(list: string[], id: string): void {
  if (!list.some((existing) => sameResourceId(existing, id))) list.push(id);
}

function describeFirewall(firewall: AzureFirewall, index: NetworkIndex): NonNullable<VmNetworkView['firewall']> {
  const view: NonNullable<VmNetworkView['firewall']> = { id: firewall.id };
  for (const ipConfiguration of firewall.properties.ipConfigurations) {
    const publicIpId = ipConfiguration.properties.publicIPAddress?.id;
    const publicIp = publicIpId === undefined ? undefined : publicIpOf(index, publicIpId)?.properties.ipAddress;
    if (view.publicIpAddress === undefined && publicIp !== undefined) view.publicIpAddress = publicIp;
    const privateIp = ipConfiguration.properties.privateIPAddress;
    if (view.privateIpAddress === undefined && privateIp !== undefined) view.privateIpAddress = privateIp;
  }
  return view;
}

/** Index of the entry flagged primary, else 0 (ARM leaves the flag out when there is only one). */
function primaryIndex<T>(entries: readonly T[], isPrimary: (entry: T) => boolean | undefined): number {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry !== undefined && isPrimary(entry) === true) return i;
  }
  return 0;
}

// Module-level, so resolving thousands of VMs does not create a closure per VM and NIC.
const isPrimaryNicRef = (ref: NetworkInterfaceReference) => ref.properties?.primary;
const isPrimaryIpConfiguration = (configuration: NetworkInterfaceSummary['properties']['ipConfigurations'][number]) => configuration.properties.primary;

/**
 * Resolves one VM's NICs, their subnets, NSGs, public IPs and the firewall of their VNet, in
 * O(NICs of the VM). NSG ids are reported as referenced even when the NSG itself is not in the
 * index (the reference is what guards the VM; the caller may lack read access to the NSG).
 * NICs the index does not know are skipped.
 *
 * privateIpAddresses[0] (and publicIpAddresses[0]) come from the VM's primary IP configuration:
 * the ipConfiguration flagged primary on the NIC flagged primary in the VM's networkProfile. ARM
 * omits the flags on single-NIC / single-configuration resources, so an unflagged list counts its
 * first entry as primary. That address is where JIT points its rules and what the console connects
 * to; the other addresses follow in listing order.
 */
export function resolveVmNetwork(vm: VirtualMachineSummary, index: NetworkIndex): VmNetworkView {
  const privateIpAddresses: string[] = [];
  const publicIpAddresses: string[] = [];
  const nicNsgIds: string[] = [];
  const subnetNsgIds: string[] = [];
  const vnetAddressPrefixes: string[] = [];
  const seenVnets: string[] = [];
  let firewall: AzureFirewall | undefined;

  const nicRefs = vm.properties.networkProfile.networkInterfaces;
  const primaryNic = primaryIndex(nicRefs, isPrimaryNicRef);
  let primaryPrivate: string | undefined;
  let primaryPublic: string | undefined;

  // Plain loops rather than forEach callbacks: this runs for thousands of VMs per load.
  for (let nicIndex = 0; nicIndex < nicRefs.length; nicIndex++) {
    const nicRef = nicRefs[nicIndex];
    const nic = nicRef === undefined ? undefined : nicOf(index, nicRef.id);
    if (nic === undefined) continue;
    const nicNsgId = nic.properties.networkSecurityGroup?.id;
    if (nicNsgId !== undefined) pushUnique(nicNsgIds, nicNsgId);
    const ipConfigurations = nic.properties.ipConfigurations;
    const primaryConfig = nicIndex === primaryNic ? primaryIndex(ipConfigurations, isPrimaryIpConfiguration) : -1;

    for (let configIndex = 0; configIndex < ipConfigurations.length; configIndex++) {
      const ipConfiguration = ipConfigurations[configIndex];
      if (ipConfiguration === undefined) continue;
      const isPrimary = configIndex === primaryConfig;
      const { privateIPAddress, subnet: subnetRef, publicIPAddress } = ipConfiguration.properties;
      if (privateIPAddress) {
        if (isPrimary) primaryPrivate = privateIPAddress;
        else privateIpAddresses.push(privateIPAddress);
      }

      if (publicIPAddress !== undefined) {
        const ipAddress = publicIpOf(index, publicIPAddress.id)?.properties.ipAddress;
        if (ipAddress && isPrimary) primaryPublic = ipAddress;
        else if (ipAddress) publicIpAddresses.push(ipAddress);
      }

      if (subnetRef === undefined) continue;
      const subnet = getByResourceId(index.subnets, subnetRef.id);
      if (subnet?.nsgId !== undefined) pushUnique(subnetNsgIds, subnet.nsgId);
      const vnetId = subnet?.vnetId ?? vnetIdOfSubnetId(subnetRef.id);
      if (vnetId === undefined) continue;
      const vnetKey = resourceKeyIn(index.vnets, vnetId);
      if (seenVnets.includes(vnetKey)) continue;
      seenVnets.push(vnetKey);
      for (const prefix of index.vnets.get(vnetKey)?.properties.addressSpace.addressPrefixes ?? []) {
        if (!vnetAddressPrefixes.includes(prefix)) vnetAddressPrefixes.push(prefix);
      }
      firewall ??= index.firewallByVnet.get(vnetKey);
    }
  }
  if (primaryPrivate !== undefined) privateIpAddresses.unshift(primaryPrivate);
  if (primaryPublic !== undefined) publicIpAddresses.unshift(primaryPublic);

  const nsgIds = [...subnetNsgIds];
  for (const id of nicNsgIds) pushUnique(nsgIds, id);

  return {
    vmId: vm.id,
    privateIpAddresses,
    publicIpAddresses,
    nicNsgIds,
    subnetNsgIds,
    nsgIds,
    vnetAddressPrefixes,
    ...(firewall === undefined ? {} : { firewall: describeFirewall(firewall, index) }),
  };
}

/**
 * What classification needs of a VM's network, without building its view: whether an NSG or a
 * firewall guards it, and whether it has a public IP. Same answers as resolveVmNetwork
 * (nsgIds.length > 0 || firewall, publicIpAddresses.length > 0), allocation-free, because the
 * Virtual machines page classifies the whole fleet on every load.
 */
export function vmExposure(vm: VirtualMachineSummary, index: NetworkIndex): { guarded: boolean; hasPublicIp: boolean } {
  let guarded = false;
  let hasPublicIp = false;
  for (const nicRef of vm.properties.networkProfile.networkInterfaces) {
    const nic = nicOf(index, nicRef.id);
    if (nic === undefined) continue;
    if (nic.properties.networkSecurityGroup?.id !== undefined) guarded = true;
    for (const ipConfiguration of nic.properties.ipConfigurations) {
      const { subnet: subnetRef, publicIPAddress } = ipConfiguration.properties;
      if (!hasPublicIp && publicIPAddress !== undefined && publicIpOf(index, publicIPAddress.id)?.properties.ipAddress) hasPublicIp = true;
      if (guarded || subnetRef === undefined) continue;
      const subnet = getByResourceId(index.subnets, subnetRef.id);
      if (subnet?.nsgId !== undefined) {
        guarded = true;
        continue;
      }
      const vnetId = subnet?.vnetId ?? vnetIdOfSubnetId(subnetRef.id);
      if (vnetId !== undefined && getByResourceId(index.firewallByVnet, vnetId) !== undefined) guarded = true;
    }
    if (guarded && hasPublicIp) break;
  }
  return { guarded, hasPublicIp };
}

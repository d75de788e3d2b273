// Builders of ARM-shaped fleets for the domain's tests and benchmark: plain data, no I/O, ids under
// one resource group unless a scope says otherwise. Two levels:
//  - ARM resources (makeVm, makeNic, makeNsg, makeVnet, makePublicIp, makeFirewall), for code that
//    resolves topology itself (buildNetworkIndex, classifyVms) — and for networkStateOf;
//  - resolved views (vmNetwork, makeState), for the JIT write path and inbound evaluation when a
//    test wants to state "this VM is behind these NSGs" without wiring NICs and subnets.
// Traits are options or small functions over the built value (windows(vm), withUserRule(nsg, …)),
// so a scenario reads as what it is: makeVm('web', { nics: ['web-nic'], os: 'Windows' }).
import type {
  AzureFirewall,
  NetworkInterface,
  NetworkInterfaceIpConfiguration,
  NetworkSecurityGroup,
  OsType,
  PublicIpAddress,
  SecurityRule,
  SecurityRuleProtocol,
  VirtualMachine,
  VirtualNetwork,
} from './arm-types';
import type { JitNetworkState } from './jit-rules';
import { JIT_POLICY_TYPE, type JitNetworkAccessPolicy, type JitNetworkAccessPortRule, type JitProtocol } from './jit-types';
import { buildNetworkIndex, resolveVmNetwork, type NetworkIndex, type NetworkResources, type VmNetworkView } from './network-topology';

// ---------------------------------------------------------------------------------------------
// Scope and ids
// ---------------------------------------------------------------------------------------------

export const FLEET_SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const FLEET_LOCATION = 'westeurope';
/** The default resource group id: "/subscriptions/{sub}/resourceGroups/rg". */
export const FLEET_RG = `/subscriptions/${FLEET_SUBSCRIPTION}/resourceGroups/rg`;
/** The address space of the VNet that resolved views (vmNetwork) put every VM in. */
export const VNET_PREFIX = '10.0.0.0/16';

/** Where a resource lives; every builder takes one as its last option (defaults: FLEET_RG, FLEET_LOCATION). */
export interface FleetScope {
  /** Resource group id, "/subscriptions/{sub}/resourceGroups/{name}". */
  rg?: string;
  location?: string;
}

export function resourceGroupId(name: string, subscriptionId = FLEET_SUBSCRIPTION): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

const network = (rg: string | undefined, type: string, name: string) => `${rg ?? FLEET_RG}/providers/Microsoft.Network/${type}/${name}`;

export const vmId = (name: string, rg?: string): string => `${rg ?? FLEET_RG}/providers/Microsoft.Compute/virtualMachines/${name}`;
export const nicId = (name: string, rg?: string): string => network(rg, 'networkInterfaces', name);
export const nsgId = (name: string, rg?: string): string => network(rg, 'networkSecurityGroups', name);
export const publicIpId = (name: string, rg?: string): string => network(rg, 'publicIPAddresses', name);
export const vnetId = (name: string, rg?: string): string => network(rg, 'virtualNetworks', name);
export const subnetId = (vnet: string, subnet: string, rg?: string): string => `${vnetId(vnet, rg)}/subnets/${subnet}`;
export const firewallId = (name: string, rg?: string): string => network(rg, 'azureFirewalls', name);
export const policyId = (name = 'default', scope: FleetScope = {}): string =>
  `${scope.rg ?? FLEET_RG}/providers/Microsoft.Security/locations/${scope.location ?? FLEET_LOCATION}/jitNetworkAccessPolicies/${name}`;

// ---------------------------------------------------------------------------------------------
// ARM resources
// ---------------------------------------------------------------------------------------------

export interface VmOptions extends FleetScope {
  /** NIC names (in the VM's resource group); the first is primary unless `primaryNic` says otherwise. */
  nics?: string[];
  /** Index into `nics` of the NIC flagged properties.primary; by default no flag is written (Azure omits it on single-NIC VMs). */
  primaryNic?: number;
  os?: OsType;
  tags?: Record<string, string>;
}

export function makeVm(name: string, options: VmOptions = {}): VirtualMachine {
  const nics = options.nics ?? [];
  return {
    id: vmId(name, options.rg),
    name,
    type: 'Microsoft.Compute/virtualMachines',
    location: options.location ?? FLEET_LOCATION,
    ...(options.tags === undefined ? {} : { tags: options.tags }),
    properties: {
      vmId: name,
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: { osDisk: { osType: options.os ?? 'Linux', name: `${name}-os`, createOption: 'FromImage' } },
      networkProfile: {
        networkInterfaces: nics.map((nic, i) =>
          options.primaryNic === undefined ? { id: nicId(nic, options.rg) } : { id: nicId(nic, options.rg), properties: { primary: i === options.primaryNic } },
        ),
      },
      provisioningState: 'Succeeded',
    },
  };
}

/** Trait: the VM runs Windows. */
export function windows(vm: VirtualMachine): VirtualMachine {
  return { ...vm, properties: { ...vm.properties, storageProfile: { ...vm.properties.storageProfile, osDisk: { ...vm.properties.storageProfile.osDisk, osType: 'Windows' } } } };
}

export interface IpConfigOptions {
  privateIp: string;
  /** Subnet id (see subnetId). */
  subnet?: string;
  /** Public IP resource name (see makePublicIp). */
  publicIp?: string;
  primary?: boolean;
}

export interface NicOptions extends IpConfigOptions, FleetScope {
  /** NSG name attached to the NIC. */
  nsg?: string;
  /** Further IP configurations after the first ("ipconfig2", …). */
  extraIpConfigs?: IpConfigOptions[];
}

function ipConfiguration(nic: string, name: string, options: IpConfigOptions, rg: string | undefined): NetworkInterfaceIpConfiguration {
  return {
    id: `${nicId(nic, rg)}/ipConfigurations/${name}`,
    name,
    properties: {
      privateIPAddress: options.privateIp,
      privateIPAllocationMethod: 'Dynamic',
      ...(options.subnet === undefined ? {} : { subnet: { id: options.subnet } }),
      ...(options.publicIp === undefined ? {} : { publicIPAddress: { id: publicIpId(options.publicIp, rg) } }),
      ...(options.primary === undefined ? {} : { primary: options.primary }),
    },
  };
}

export function makeNic(name: string, options: NicOptions): NetworkInterface {
  const configs = [options, ...(options.extraIpConfigs ?? [])];
  return {
    id: nicId(name, options.rg),
    name,
    type: 'Microsoft.Network/networkInterfaces',
    location: options.location ?? FLEET_LOCATION,
    properties: {
      ipConfigurations: configs.map((config, i) => ipConfiguration(name, `ipconfig${i + 1}`, config, options.rg)),
      ...(options.nsg === undefined ? {} : { networkSecurityGroup: { id: nsgId(options.nsg, options.rg) } }),
      provisioningState: 'Succeeded',
    },
  };
}

export interface UserRuleOptions {
  port?: string;
  ports?: string[];
  access?: 'Allow' | 'Deny';
  source?: string;
  sources?: string[];
  destination?: string;
  protocol?: SecurityRuleProtocol;
  direction?: 'Inbound' | 'Outbound';
  description?: string;
}

/** A rule as a user writes it: by default inbound Tcp/22 from anywhere to anywhere, Allow. */
export function userRule(name: string, priority: number, options: UserRuleOptions = {}): SecurityRule {
  return {
    name,
    properties: {
      ...(options.description === undefined ? {} : { description: options.description }),
      protocol: options.protocol ?? 'Tcp',
      sourcePortRange: '*',
      ...(options.ports ? { destinationPortRanges: options.ports } : { destinationPortRange: options.port ?? '22' }),
      ...(options.sources ? { sourceAddressPrefixes: options.sources } : { sourceAddressPrefix: options.source ?? '*' }),
      destinationAddressPrefix: options.destination ?? '*',
      access: options.access ?? 'Allow',
      priority,
      direction: options.direction ?? 'Inbound',
    },
  };
}

export function makeNsg(name: string, rules: SecurityRule[] = [], scope: FleetScope = {}): NetworkSecurityGroup {
  return {
    id: nsgId(name, scope.rg),
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: scope.location ?? FLEET_LOCATION,
    properties: { securityRules: rules, provisioningState: 'Succeeded' },
  };
}

/** Trait: a copy of the NSG with one more user rule, e.g. withUserRule(nsg, 'ssh', 200, { port: '22' }). */
export function withUserRule(nsg: NetworkSecurityGroup, name: string, priority: number, options: UserRuleOptions = {}): NetworkSecurityGroup {
  return { ...nsg, properties: { ...nsg.properties, securityRules: [...nsg.properties.securityRules, userRule(name, priority, options)] } };
}

export function makePublicIp(name: string, ipAddress: string, scope: FleetScope = {}): PublicIpAddress {
  return {
    id: publicIpId(name, scope.rg),
    name,
    type: 'Microsoft.Network/publicIPAddresses',
    location: scope.location ?? FLEET_LOCATION,
    properties: { ipAddress, publicIPAllocationMethod: 'Static', provisioningState: 'Succeeded' },
  };
}

export interface SubnetSpec {
  name: string;
  prefix: string;
  /** NSG name attached to the subnet. */
  nsg?: string;
}

export function makeVnet(name: string, prefixes: string[], subnets: SubnetSpec[], scope: FleetScope = {}): VirtualNetwork {
  return {
    id: vnetId(name, scope.rg),
    name,
    type: 'Microsoft.Network/virtualNetworks',
    location: scope.location ?? FLEET_LOCATION,
    properties: {
      addressSpace: { addressPrefixes: prefixes },
      subnets: subnets.map((s) => ({
        id: subnetId(name, s.name, scope.rg),
        name: s.name,
        properties: {
          addressPrefix: s.prefix,
          ...(s.nsg === undefined ? {} : { networkSecurityGroup: { id: nsgId(s.nsg, scope.rg) } }),
        },
      })),
      provisioningState: 'Succeeded',
    },
  };
}

export interface FirewallOptions extends FleetScope {
  /** VNet whose AzureFirewallSubnet the firewall sits in (that VNet's VMs are behind it). */
  vnet?: string;
  /** Public IP resource name. */
  publicIp?: string;
  privateIp?: string;
}

export function makeFirewall(name: string, options: FirewallOptions = {}): AzureFirewall {
  return {
    id: firewallId(name, options.rg),
    name,
    type: 'Microsoft.Network/azureFirewalls',
    location: options.location ?? FLEET_LOCATION,
    properties: {
      ipConfigurations: [
        {
          id: `${firewallId(name, options.rg)}/azureFirewallIpConfigurations/config`,
          name: 'config',
          properties: {
            privateIPAddress: options.privateIp ?? '10.0.255.4',
            ...(options.publicIp === undefined ? {} : { publicIPAddress: { id: publicIpId(options.publicIp, options.rg) } }),
            ...(options.vnet === undefined ? {} : { subnet: { id: subnetId(options.vnet, 'AzureFirewallSubnet', options.rg) } }),
          },
        },
      ],
      natRuleCollections: [],
      provisioningState: 'Succeeded',
    },
  };
}

export function emptyResources(): NetworkResources {
  return { networkInterfaces: [], networkSecurityGroups: [], virtualNetworks: [], publicIpAddresses: [], azureFirewalls: [] };
}

/** The JIT write path's state resolved from ARM resources, the way the emulator derives it. */
export function networkStateOf(resources: NetworkResources, vms: readonly VirtualMachine[], index: NetworkIndex = buildNetworkIndex(resources)): JitNetworkState {
  return {
    index,
    nsgs: index.nsgs,
    firewalls: new Map(resources.azureFirewalls.map((fw) => [fw.id.toLowerCase(), fw])),
    vmNames: new Map(vms.map((vm) => [vm.id.toLowerCase(), vm.name])),
    vmNetworks: new Map(vms.map((vm) => [vm.id.toLowerCase(), resolveVmNetwork(vm, index)])),
  };
}

// ---------------------------------------------------------------------------------------------
// Resolved views: "this VM is behind these NSGs"
// ---------------------------------------------------------------------------------------------

/** A VM's resolved network in VNET_PREFIX, guarded by the named NSGs and optionally behind a firewall. */
export function vmNetwork(
  name: string,
  ip: string,
  nsgs: { subnet?: string[]; nic?: string[] },
  firewall?: { name: string; publicIp: string },
  scope: FleetScope = {},
): VmNetworkView {
  const subnetNsgIds = (nsgs.subnet ?? []).map((n) => nsgId(n, scope.rg));
  const nicNsgIds = (nsgs.nic ?? []).map((n) => nsgId(n, scope.rg));
  return {
    vmId: vmId(name, scope.rg),
    privateIpAddresses: [ip],
    publicIpAddresses: [],
    subnetNsgIds,
    nicNsgIds,
    nsgIds: [...new Set([...subnetNsgIds, ...nicNsgIds])],
    vnetAddressPrefixes: [VNET_PREFIX],
    ...(firewall ? { firewall: { id: firewallId(firewall.name, scope.rg), publicIpAddress: firewall.publicIp } } : {}),
  };
}

const EMPTY_INDEX: NetworkIndex = {
  nics: new Map(),
  nsgs: new Map(),
  publicIps: new Map(),
  subnets: new Map(),
  vnets: new Map(),
  firewallByVnet: new Map(),
};

/** A JIT write-path state from resolved views (the index is empty: the write path reads only the views). */
export function makeState(args: {
  vms: { name: string; network: VmNetworkView }[];
  nsgs: NetworkSecurityGroup[];
  firewalls?: AzureFirewall[];
}): JitNetworkState {
  return {
    index: EMPTY_INDEX,
    nsgs: new Map(args.nsgs.map((nsg) => [nsg.id.toLowerCase(), nsg])),
    firewalls: new Map((args.firewalls ?? []).map((fw) => [fw.id.toLowerCase(), fw])),
    vmNames: new Map(args.vms.map((vm) => [vm.network.vmId.toLowerCase(), vm.name])),
    vmNetworks: new Map(args.vms.map((vm) => [vm.network.vmId.toLowerCase(), vm.network])),
  };
}

/** Applies a write result to a state (what the emulator's store does). */
export function withWrite(state: JitNetworkState, write: { nsgs: NetworkSecurityGroup[]; firewalls: AzureFirewall[] }): JitNetworkState {
  const nsgs = new Map(state.nsgs);
  for (const nsg of write.nsgs) nsgs.set(nsg.id.toLowerCase(), nsg);
  const firewalls = new Map(state.firewalls);
  for (const fw of write.firewalls) firewalls.set(fw.id.toLowerCase(), fw);
  return { ...state, nsgs, firewalls };
}

export function rulesOf(state: JitNetworkState, nsgName: string, rg?: string): SecurityRule[] {
  return state.nsgs.get(nsgId(nsgName, rg).toLowerCase())?.properties.securityRules ?? [];
}

// ---------------------------------------------------------------------------------------------
// JIT policies
// ---------------------------------------------------------------------------------------------

/** A policy port: by default any protocol, any source, PT3H. */
export function portRule(number: number, options: { protocol?: JitProtocol; sources?: string[]; max?: string } = {}): JitNetworkAccessPortRule {
  const sources = options.sources ?? ['*'];
  return {
    number,
    protocol: options.protocol ?? '*',
    ...(sources.length === 1 ? { allowedSourceAddressPrefix: sources[0] } : { allowedSourceAddressPrefixes: sources }),
    maxRequestAccessDuration: options.max ?? 'PT3H',
  };
}

/** A stored policy (no requests yet) over VMs named in the scope's resource group. */
export function makePolicy(vms: { name: string; ports: JitNetworkAccessPortRule[] }[], name = 'default', scope: FleetScope = {}): JitNetworkAccessPolicy {
  return {
    id: policyId(name, scope),
    name,
    type: JIT_POLICY_TYPE,
    kind: 'Basic',
    location: scope.location ?? FLEET_LOCATION,
    properties: { virtualMachines: vms.map((vm) => ({ id: vmId(vm.name, scope.rg), ports: vm.ports })), requests: [], provisioningState: 'Succeeded' },
  };
}

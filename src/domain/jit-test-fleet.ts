// Builders for the JIT rule and inbound tests: plain ARM-shaped data, no I/O.
import type { AzureFirewall, NetworkSecurityGroup, SecurityRule, SecurityRuleProtocol } from './arm-types';
import type { JitNetworkState } from './jit-rules';
import type { JitNetworkAccessPolicy, JitNetworkAccessPortRule, JitProtocol } from './jit-types';
import type { NetworkIndex, VmNetworkView } from './network-topology';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-jit';

export const VNET_PREFIX = '10.0.0.0/16';

export function nsgId(name: string): string {
  return `${RG}/providers/Microsoft.Network/networkSecurityGroups/${name}`;
}

export function vmId(name: string): string {
  return `${RG}/providers/Microsoft.Compute/virtualMachines/${name}`;
}

export function firewallId(name: string): string {
  return `${RG}/providers/Microsoft.Network/azureFirewalls/${name}`;
}

export function makeNsg(name: string, rules: SecurityRule[] = []): NetworkSecurityGroup {
  return {
    id: nsgId(name),
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: 'westeurope',
    properties: { securityRules: rules, provisioningState: 'Succeeded' },
  };
}

export function userRule(
  name: string,
  priority: number,
  options: {
    port?: string;
    ports?: string[];
    access?: 'Allow' | 'Deny';
    source?: string;
    sources?: string[];
    destination?: string;
    protocol?: SecurityRuleProtocol;
    direction?: 'Inbound' | 'Outbound';
  } = {},
): SecurityRule {
  return {
    name,
    properties: {
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

/** The public IP is not on the firewall resource itself (it is a separate publicIPAddresses resource); tests pass it to vmNetwork. */
export function makeFirewall(name: string, _publicIp: string): AzureFirewall {
  return {
    id: firewallId(name),
    name,
    type: 'Microsoft.Network/azureFirewalls',
    location: 'westeurope',
    properties: {
      ipConfigurations: [{ id: `${firewallId(name)}/ipConfigurations/ip`, name: 'ip', properties: { privateIPAddress: '10.0.255.4' } }],
      natRuleCollections: [],
      provisioningState: 'Succeeded',
    },
  };
}

export function vmNetwork(
  name: string,
  ip: string,
  nsgs: { subnet?: string[]; nic?: string[] },
  firewall?: { name: string; publicIp: string },
): VmNetworkView {
  const subnetNsgIds = (nsgs.subnet ?? []).map(nsgId);
  const nicNsgIds = (nsgs.nic ?? []).map(nsgId);
  return {
    vmId: vmId(name),
    privateIpAddresses: [ip],
    publicIpAddresses: [],
    subnetNsgIds,
    nicNsgIds,
    nsgIds: [...new Set([...subnetNsgIds, ...nicNsgIds])],
    vnetAddressPrefixes: [VNET_PREFIX],
    ...(firewall ? { firewall: { id: firewallId(firewall.name), publicIpAddress: firewall.publicIp } } : {}),
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

export function portRule(number: number, options: { protocol?: JitProtocol; sources?: string[]; max?: string } = {}): JitNetworkAccessPortRule {
  const sources = options.sources ?? ['*'];
  return {
    number,
    protocol: options.protocol ?? '*',
    ...(sources.length === 1 ? { allowedSourceAddressPrefix: sources[0] } : { allowedSourceAddressPrefixes: sources }),
    maxRequestAccessDuration: options.max ?? 'PT3H',
  };
}

export function makePolicy(vms: { name: string; ports: JitNetworkAccessPortRule[] }[], name = 'default'): JitNetworkAccessPolicy {
  return {
    id: `${RG}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/${name}`,
    name,
    type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
    kind: 'Basic',
    location: 'westeurope',
    properties: { virtualMachines: vms.map((vm) => ({ id: vmId(vm.name), ports: vm.ports })), requests: [], provisioningState: 'Succeeded' },
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

export function rulesOf(state: JitNetworkState, nsgName: string): SecurityRule[] {
  return state.nsgs.get(nsgId(nsgName).toLowerCase())?.properties.securityRules ?? [];
}

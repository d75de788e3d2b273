import type { SecurityRule, SecurityRuleProtocol } from './arm-types';
import { addressInPrefixes, addressPrefixMatcher } from './address-prefix';

/** Azure's platform address behind the AzureLoadBalancer service tag (health probes). */
export const AZURE_LOAD_BALANCER_ADDRESS = '168.63.129.16';

/** The inbound defaults every NSG has (Network docs, "Default security rules"); used when a resource omits them. */
export function defaultInboundRules(): SecurityRule[] {
  const rule = (name: string, priority: number, source: string, destination: string, access: 'Allow' | 'Deny'): SecurityRule => ({
    name,
    properties: {
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: source,
      destinationAddressPrefix: destination,
      access,
      priority,
      direction: 'Inbound',
    },
  });
  return [
    rule('AllowVnetInBound', 65000, 'VirtualNetwork', 'VirtualNetwork', 'Allow'),
    rule('AllowAzureLoadBalancerInBound', 65001, 'AzureLoadBalancer', '*', 'Allow'),
    rule('DenyAllInBound', 65500, '*', '*', 'Deny'),
  ];
}

/** "22", "20-30" or "*" → inclusive range; undefined when malformed (a malformed range matches nothing). */
export function parsePortRange(text: string): { from: number; to: number } | undefined {
  // Rule planning tests the same few range strings against every rule of an NSG; a fleet has few
  // distinct ones, so they are parsed once (bounded, like the address prefix cache).
  let parsed = portRangeCache.get(text);
  if (parsed === undefined) {
    parsed = parsePortRangeText(text) ?? null;
    if (portRangeCache.size >= PORT_RANGE_CACHE_LIMIT) portRangeCache.clear();
    portRangeCache.set(text, parsed);
  }
  return parsed ?? undefined;
}

const PORT_RANGE_CACHE_LIMIT = 10_000;
const portRangeCache = new Map<string, { readonly from: number; readonly to: number } | null>();

function parsePortRangeText(text: string): { from: number; to: number } | undefined {
  const trimmed = text.trim();
  if (trimmed === '*') return { from: 0, to: 65535 };
  const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(trimmed);
  if (!match?.[1]) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from > 65535 || to > 65535 || to < from) return undefined;
  return { from, to };
}

export function portInRanges(port: number, ranges: readonly string[]): boolean {
  return ranges.some((text) => {
    const range = parsePortRange(text);
    return range !== undefined && port >= range.from && port <= range.to;
  });
}

function listOf(single: string | undefined, many: readonly string[] | undefined): string[] {
  if (many && many.length > 0) return [...many];
  return single === undefined ? [] : [single];
}

export function destinationPortsOf(rule: SecurityRule): string[] {
  return listOf(rule.properties.destinationPortRange, rule.properties.destinationPortRanges);
}

export function sourcePrefixesOf(rule: SecurityRule): string[] {
  return listOf(rule.properties.sourceAddressPrefix, rule.properties.sourceAddressPrefixes);
}

export function destinationPrefixesOf(rule: SecurityRule): string[] {
  return listOf(rule.properties.destinationAddressPrefix, rule.properties.destinationAddressPrefixes);
}

/** Whether an NSG rule's protocol can carry traffic of `protocol` ("*" on either side overlaps everything TCP/UDP). */
export function protocolOverlaps(ruleProtocol: SecurityRuleProtocol, protocol: 'Tcp' | 'Udp' | '*'): boolean {
  if (ruleProtocol === '*') return true;
  if (protocol === '*') return ruleProtocol === 'Tcp' || ruleProtocol === 'Udp';
  return ruleProtocol === protocol;
}

/**
 * Whether `address` matches one NSG address prefix, service tags included. "Internet" is modelled as
 * "outside the VM's virtual network" (the emulator has no public address plan); unknown tags match nothing.
 */
export function addressMatchesNsgPrefix(address: string, prefix: string, vnetAddressPrefixes: readonly string[]): boolean {
  const tag = prefix.trim();
  switch (tag.toLowerCase()) {
    case '*':
    case 'any':
      return true;
    case 'virtualnetwork':
      return addressInPrefixes(address, vnetAddressPrefixes);
    case 'internet':
      return !addressInPrefixes(address, vnetAddressPrefixes) && address !== AZURE_LOAD_BALANCER_ADDRESS;
    case 'azureloadbalancer':
      return address === AZURE_LOAD_BALANCER_ADDRESS;
    default:
      return /^[0-9a-f.:/]+$/i.test(tag) && addressInPrefixes(address, [tag]);
  }
}

export function addressMatchesNsgPrefixes(address: string, prefixes: readonly string[], vnetAddressPrefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => addressMatchesNsgPrefix(address, prefix, vnetAddressPrefixes));
}

/** One NSG address prefix (service tags included) parsed once; same answers as addressMatchesNsgPrefix. */
export type NsgPrefixMatcher = (address: string, vnetAddressPrefixes: readonly string[]) => boolean;

export function nsgPrefixMatcher(prefix: string): NsgPrefixMatcher {
  const tag = prefix.trim();
  switch (tag.toLowerCase()) {
    case '*':
    case 'any':
      return () => true;
    case 'virtualnetwork':
      return (address, vnet) => addressInPrefixes(address, vnet);
    case 'internet':
      return (address, vnet) => !addressInPrefixes(address, vnet) && address !== AZURE_LOAD_BALANCER_ADDRESS;
    case 'azureloadbalancer':
      return (address) => address === AZURE_LOAD_BALANCER_ADDRESS;
    default: {
      if (!/^[0-9a-f.:/]+$/i.test(tag)) return () => false;
      const inPrefix = addressPrefixMatcher(tag);
      return (address) => inPrefix(address);
    }
  }
}

/** A security rule with its ports and prefixes parsed, for evaluating many packets against it. */
export interface CompiledSecurityRule {
  rule: SecurityRule;
  /** The rule's protocol, copied here so a walk over thousands of rules reads one object per rule. */
  protocol: SecurityRuleProtocol;
  ports: { from: number; to: number }[];
  sources: NsgPrefixMatcher[];
  destinations: NsgPrefixMatcher[];
}

export function compileSecurityRule(rule: SecurityRule): CompiledSecurityRule {
  return {
    rule,
    protocol: rule.properties.protocol,
    ports: destinationPortsOf(rule).flatMap((text) => parsePortRange(text) ?? []),
    sources: sourcePrefixesOf(rule).map(nsgPrefixMatcher),
    destinations: destinationPrefixesOf(rule).map(nsgPrefixMatcher),
  };
}

export function compiledPortMatches(compiled: CompiledSecurityRule, port: number): boolean {
  for (const range of compiled.ports) if (port >= range.from && port <= range.to) return true;
  return false;
}

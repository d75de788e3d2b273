import type { AzureFirewall, AzureFirewallNatRule, NetworkSecurityGroup, SecurityRule } from './arm-types';
import type { VmNetworkView } from './network-topology';
import {
  addressMatchesNsgPrefix,
  compiledPortMatches,
  compileSecurityRule,
  defaultInboundRules,
  portInRanges,
  protocolOverlaps,
  type CompiledSecurityRule,
} from './nsg-rule-match';

export interface InboundPacket {
  sourceAddress: string;
  port: number;
  protocol: 'Tcp' | 'Udp';
  /** "vm": to the VM's own address; "firewall": to the protecting firewall's public IP and port (DNAT). */
  via: 'vm' | 'firewall';
}

export interface InboundVerdict {
  allowed: boolean;
  /** Per NSG (subnet first, then NIC), the rule that decided; for the firewall, the DNAT rule or none. */
  steps: { resourceId: string; ruleName?: string; access: 'Allow' | 'Deny' }[];
}

/** The inbound rules of an NSG in evaluation order (lowest priority number first), defaults included. */
export function inboundRulesInOrder(nsg: NetworkSecurityGroup): SecurityRule[] {
  return compiledInboundRules(nsg).map((compiled) => compiled.rule);
}

// Evaluating a packet walks the NSG's rules in priority order; sorting and parsing them once per
// NSG (not per packet) keeps that walk linear in the rules. The cache is keyed by the rule arrays:
// the domain treats ARM data as immutable values (every write makes new arrays), and the length
// check catches an array that was nevertheless appended to in place.
interface InboundCacheEntry {
  defaults: readonly SecurityRule[] | undefined;
  length: number;
  defaultsLength: number;
  rules: CompiledSecurityRule[];
}
const inboundCache = new WeakMap<readonly SecurityRule[], InboundCacheEntry>();

function compiledInboundRules(nsg: NetworkSecurityGroup): CompiledSecurityRule[] {
  const { securityRules, defaultSecurityRules } = nsg.properties;
  const cached = inboundCache.get(securityRules);
  if (
    cached !== undefined &&
    cached.defaults === defaultSecurityRules &&
    cached.length === securityRules.length &&
    cached.defaultsLength === (defaultSecurityRules?.length ?? 0)
  ) {
    return cached.rules;
  }
  const defaults = defaultSecurityRules && defaultSecurityRules.length > 0 ? defaultSecurityRules : defaultInboundRules();
  const rules = [...securityRules, ...defaults]
    .filter((rule) => rule.properties.direction === 'Inbound')
    .sort((a, b) => a.properties.priority - b.properties.priority)
    .map(compileSecurityRule);
  inboundCache.set(securityRules, {
    defaults: defaultSecurityRules,
    length: securityRules.length,
    defaultsLength: defaultSecurityRules?.length ?? 0,
    rules,
  });
  return rules;
}

function ruleMatches(compiled: CompiledSecurityRule, source: string, port: number, protocol: 'Tcp' | 'Udp', network: VmNetworkView): boolean {
  // The port first: it rules out most rules of a large NSG.
  if (!compiledPortMatches(compiled, port)) return false;
  if (!protocolOverlaps(compiled.protocol, protocol)) return false;
  const vnet = network.vnetAddressPrefixes;
  if (!compiled.sources.some((matches) => matches(source, vnet))) return false;
  return network.privateIpAddresses.some((ip) => compiled.destinations.some((matches) => matches(ip, vnet)));
}

/** The first matching rule decides; DenyAllInBound guarantees one always does for well-formed NSGs. */
export function evaluateNsg(
  nsg: NetworkSecurityGroup,
  packet: { sourceAddress: string; port: number; protocol: 'Tcp' | 'Udp' },
  network: VmNetworkView,
): { ruleName?: string; access: 'Allow' | 'Deny' } {
  for (const compiled of compiledInboundRules(nsg)) {
    if (ruleMatches(compiled, packet.sourceAddress, packet.port, packet.protocol, network)) {
      return { ruleName: compiled.rule.name, access: compiled.rule.properties.access };
    }
  }
  return { access: 'Deny' };
}

function natProtocolMatches(rule: AzureFirewallNatRule, protocol: 'Tcp' | 'Udp'): boolean {
  return rule.protocols.some((p) => p === 'Any' || p === protocol.toUpperCase());
}

/** The DNAT rule (in collection priority order) that would translate this packet, if any. */
export function findDnatRule(
  firewall: AzureFirewall,
  packet: { sourceAddress: string; port: number; protocol: 'Tcp' | 'Udp' },
  firewallPublicIp: string | undefined,
): AzureFirewallNatRule | undefined {
  const collections = [...firewall.properties.natRuleCollections]
    .filter((collection) => collection.properties.action.type === 'Dnat')
    .sort((a, b) => a.properties.priority - b.properties.priority);
  for (const collection of collections) {
    for (const rule of collection.properties.rules) {
      if (!portInRanges(packet.port, rule.destinationPorts)) continue;
      if (!natProtocolMatches(rule, packet.protocol)) continue;
      const sources = rule.sourceAddresses ?? [];
      // An empty source list on a NAT rule means "any" in the firewall's rule model.
      if (sources.length > 0 && !sources.some((prefix) => addressMatchesNsgPrefix(packet.sourceAddress, prefix, []))) continue;
      if (
        firewallPublicIp !== undefined &&
        !rule.destinationAddresses.some((d) => d === '*' || addressMatchesNsgPrefix(firewallPublicIp, d, []))
      )
        continue;
      return rule;
    }
  }
  return undefined;
}

/** Would this packet reach the VM? NSG rules in priority order including the default rules (AllowVnetInBound, AllowAzureLoadBalancerInBound, DenyAllInBound); every guarding NSG must allow; "via firewall" first needs a matching DNAT rule. */
export function evaluateInbound(args: {
  packet: InboundPacket;
  network: VmNetworkView;
  nsgs: ReadonlyMap<string, NetworkSecurityGroup>;
  firewalls: ReadonlyMap<string, AzureFirewall>;
}): InboundVerdict {
  const { packet, network, nsgs, firewalls } = args;
  const steps: InboundVerdict['steps'] = [];
  let port = packet.port;

  if (packet.via === 'firewall') {
    const firewallRef = network.firewall;
    const firewall = firewallRef ? firewalls.get(firewallRef.id.toLowerCase()) : undefined;
    if (!firewallRef || !firewall) return { allowed: false, steps };
    const rule = findDnatRule(firewall, packet, firewallRef.publicIpAddress);
    // A DNAT rule that forwards to another machine does not reach this VM.
    const translatedPort = rule ? Number(rule.translatedPort) : NaN;
    if (!rule || !network.privateIpAddresses.includes(rule.translatedAddress) || !Number.isInteger(translatedPort)) {
      steps.push({ resourceId: firewall.id, access: 'Deny' });
      return { allowed: false, steps };
    }
    steps.push({ resourceId: firewall.id, ruleName: rule.name, access: 'Allow' });
    port = translatedPort;
  }

  let allowed = true;
  for (const nsgId of network.nsgIds) {
    const nsg = nsgs.get(nsgId.toLowerCase());
    if (!nsg) continue;
    const verdict = evaluateNsg(nsg, { sourceAddress: packet.sourceAddress, port, protocol: packet.protocol }, network);
    steps.push({ resourceId: nsg.id, ...verdict });
    if (verdict.access === 'Deny') {
      allowed = false;
      break;
    }
  }
  return { allowed, steps };
}

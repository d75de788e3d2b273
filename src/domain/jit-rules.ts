import type {
  AzureFirewall,
  AzureFirewallNatRule,
  AzureFirewallNatRuleCollection,
  AzureFirewallNatRuleProtocol,
  NetworkSecurityGroup,
  SecurityRule,
} from './arm-types';
import { parseAddressPrefix, prefixContains } from './address-prefix';
import { MAX_REQUEST_DURATION_MS, parseIsoDuration } from './duration';
import { jitRuleDescription, jitRuleName, vmNameFromDescription, type JitRuleKind } from './jit-rule-naming';
import {
  JIT_POLICY_TYPE,
  type JitNetworkAccessPolicy,
  type JitNetworkAccessPolicyInitiateRequest,
  type JitNetworkAccessPolicyInput,
  type JitNetworkAccessPolicyVirtualMachine,
  type JitNetworkAccessPortRule,
  type JitNetworkAccessRequest,
  type JitNetworkAccessRequestPort,
  type JitProtocol,
} from './jit-types';
import type { NetworkIndex, VmNetworkView } from './network-topology';
import {
  addressMatchesNsgPrefixes,
  destinationPortsOf,
  destinationPrefixesOf,
  parsePortRange,
  portInRanges,
  protocolOverlaps,
  sourcePrefixesOf,
} from './nsg-rule-match';
import type { FieldError } from './policy-validation';

/** Every rule JIT writes has a name starting with this; anything else is a user rule and is never touched. */
export const JIT_RULE_PREFIX = 'SecurityCenter-JITRule';
export const MIN_RULE_PRIORITY = 100;
export const MAX_RULE_PRIORITY = 4096;
/** The NAT rule collection JIT writes its DNAT rules into on a protecting Azure Firewall. */
export const JIT_NAT_RULE_COLLECTION = 'SecurityCenter-JIT';
/** Firewall ports handed out as `mappedPort` start here (kept clear of well-known service ports). */
export const FIRST_MAPPED_PORT = 50000;

/** The NSGs and firewalls the JIT write path may change, keyed by lower-cased id. */
export interface JitNetworkState {
  index: NetworkIndex;
  nsgs: ReadonlyMap<string, NetworkSecurityGroup>;
  firewalls: ReadonlyMap<string, AzureFirewall>;
  /** VM id (lower-cased) → VM name, for descriptions and cleanup. */
  vmNames: ReadonlyMap<string, string>;
  /** VM id (lower-cased) → its resolved network (resolveVmNetwork): which NSGs guard it, its private IP, its firewall. */
  vmNetworks: ReadonlyMap<string, VmNetworkView>;
}

export type RuleChangeReason =
  | 'PolicyPortAdded' // deny rule written because a port was put under JIT
  | 'PolicyPortRemoved' // deny rule removed because the port or VM left the policy
  | 'RequestApproved' // allow rule (or DNAT rule) written for a request
  | 'NewerRequestInitiated' // allow rule replaced by a newer request's
  | 'Expired' // allow rule removed at endTimeUtc
  | 'CleanupDuplicate' // JIT rule duplicating another JIT rule at a lower priority
  | 'CleanupVmMismatch'; // JIT rule whose description names a VM that is not its destination

export interface RuleChange {
  action: 'add' | 'remove';
  target: 'nsg' | 'firewall';
  /** NSG or firewall id. */
  resourceId: string;
  ruleName: string;
  vmId: string;
  port: number;
  access: 'Allow' | 'Deny';
  priority?: number;
  reason: RuleChangeReason;
  /** A sentence for notifications and the activity log, e.g. "Removed rule X from nsg-a: it duplicates Y at a higher priority". */
  detail: string;
}

export interface JitWriteResult {
  /** Only the NSGs/firewalls that changed, in their new state. */
  nsgs: NetworkSecurityGroup[];
  firewalls: AzureFirewall[];
  changes: RuleChange[];
}

export type DomainResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function isJitRule(rule: SecurityRule | AzureFirewallNatRule): boolean {
  return rule.name.startsWith(JIT_RULE_PREFIX);
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const ALL_PROTOCOLS: readonly JitProtocol[] = ['TCP', 'UDP', '*'];

function nsgProtocol(protocol: JitProtocol): 'Tcp' | 'Udp' | '*' {
  return protocol === 'TCP' ? 'Tcp' : protocol === 'UDP' ? 'Udp' : '*';
}

function natProtocols(protocol: JitProtocol): AzureFirewallNatRuleProtocol[] {
  return protocol === 'TCP' ? ['TCP'] : protocol === 'UDP' ? ['UDP'] : ['TCP', 'UDP'];
}

function lastSegment(id: string): string {
  return id.split('/').filter((part) => part.length > 0).pop() ?? id;
}

function vmNameOf(state: JitNetworkState, vmId: string): string {
  return state.vmNames.get(vmId.toLowerCase()) ?? lastSegment(vmId);
}

/** resolveVmNetwork lists the primary IP configuration's address first: JIT's rules point at it. */
function primaryIp(network: VmNetworkView | undefined): string | undefined {
  return network?.privateIpAddresses[0];
}

function allowedPrefixesOf(rule: JitNetworkAccessPortRule): string[] {
  if (rule.allowedSourceAddressPrefix !== undefined) return [rule.allowedSourceAddressPrefix];
  return rule.allowedSourceAddressPrefixes ?? [];
}


function emptyWrite(): JitWriteResult {
  return { nsgs: [], firewalls: [], changes: [] };
}

// ---------------------------------------------------------------------------------------------
// Priorities
// ---------------------------------------------------------------------------------------------

/** Whether a user rule applies to traffic to this VM port (any access, any source): such rules keep precedence over JIT's. */
function coversPort(rule: SecurityRule, port: number, protocol: JitProtocol, vmIp: string, network: VmNetworkView): boolean {
  if (rule.properties.direction !== 'Inbound') return false;
  if (!protocolOverlaps(rule.properties.protocol, nsgProtocol(protocol))) return false;
  if (!portInRanges(port, destinationPortsOf(rule))) return false;
  // "VirtualNetwork" counts as covering even if the VNet data is incomplete: erring this way only lowers JIT's rule.
  return destinationPrefixesOf(rule).some(
    (prefix) => prefix.trim().toLowerCase() === 'virtualnetwork' || addressMatchesNsgPrefixes(vmIp, [prefix], network.vnetAddressPrefixes),
  );
}

function maxCoveringUserPriority(nsg: NetworkSecurityGroup, port: number, protocol: JitProtocol, vmIp: string, network: VmNetworkView): number {
  let max = MIN_RULE_PRIORITY - 1;
  for (const rule of nsg.properties.securityRules) {
    if (!isJitRule(rule) && coversPort(rule, port, protocol, vmIp, network)) max = Math.max(max, rule.properties.priority);
  }
  return max;
}

/** Priorities in use, plus the slot just above every JIT deny rule (reserved for its allow rule). */
function occupiedPriorities(nsg: NetworkSecurityGroup, reserveAllowSlots: boolean): Set<number> {
  const used = new Set<number>();
  for (const rule of nsg.properties.securityRules) {
    used.add(rule.properties.priority);
    if (reserveAllowSlots && isJitRule(rule) && rule.properties.access === 'Deny') used.add(rule.properties.priority - 1);
  }
  return used;
}

/**
 * The deny rule's priority: the lowest P above (numerically greater than) every covering user rule and
 * ≥ 101, such that P and P−1 are free; P−1 is left for the allow rule so an approval never has to move anything.
 */
export function planDenyPriority(nsg: NetworkSecurityGroup, maxCovering: number): number | undefined {
  const used = occupiedPriorities(nsg, true);
  for (let p = Math.max(MIN_RULE_PRIORITY + 1, maxCovering + 1); p <= MAX_RULE_PRIORITY; p += 1) {
    if (!used.has(p) && !used.has(p - 1)) return p;
  }
  return undefined;
}

/** The allow rule's priority: deny − 1 if free, else the nearest free slot below the deny and above every covering user rule. */
export function planAllowPriority(nsg: NetworkSecurityGroup, denyPriority: number, maxCovering: number): number | undefined {
  const used = occupiedPriorities(nsg, false);
  for (let p = denyPriority - 1; p > maxCovering && p >= MIN_RULE_PRIORITY; p -= 1) {
    if (!used.has(p)) return p;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Workspace: copy-on-write NSGs and firewalls, plus the change log
// ---------------------------------------------------------------------------------------------

class RuleWorkspace {
  private readonly nsgCopies = new Map<string, NetworkSecurityGroup>();
  private readonly firewallCopies = new Map<string, AzureFirewall>();
  private jitNameIndex: Map<string, string[]> | undefined;
  readonly changes: RuleChange[] = [];

  constructor(readonly state: JitNetworkState) {}

  nsg(id: string): NetworkSecurityGroup | undefined {
    const key = id.toLowerCase();
    return this.nsgCopies.get(key) ?? this.state.nsgs.get(key);
  }

  firewall(id: string): AzureFirewall | undefined {
    const key = id.toLowerCase();
    return this.firewallCopies.get(key) ?? this.state.firewalls.get(key);
  }

  allFirewallIds(): string[] {
    return [...new Set([...this.state.firewalls.keys(), ...this.firewallCopies.keys()])];
  }

  /**
   * NSGs holding a JIT rule of this name: the VM's guarding NSGs may have changed since the rule was
   * written. The name index is built once per workspace (current copies included) and kept up to
   * date by addNsgRule, so each lookup costs the NSGs that hold the name, not every touched NSG.
   * Entries may go stale when a rule is removed; removeNsgRule then finds nothing, which is harmless.
   */
  nsgsWithRule(name: string, hint: readonly string[]): string[] {
    if (!this.jitNameIndex) {
      this.jitNameIndex = new Map();
      for (const key of this.state.nsgs.keys()) {
        for (const rule of this.nsg(key)?.properties.securityRules ?? []) if (isJitRule(rule)) this.indexRuleName(rule.name, key);
      }
    }
    const found = this.jitNameIndex.get(name) ?? [];
    if (found.length === 0) return hint.map((id) => id.toLowerCase());
    return [...new Set([...hint.map((id) => id.toLowerCase()), ...found])];
  }

  private indexRuleName(name: string, nsgKey: string): void {
    const list = this.jitNameIndex?.get(name);
    if (list === undefined) this.jitNameIndex?.set(name, [nsgKey]);
    else if (!list.includes(nsgKey)) list.push(nsgKey);
  }

  addNsgRule(nsgId: string, rule: SecurityRule, change: Omit<RuleChange, 'action' | 'target' | 'resourceId' | 'ruleName' | 'priority'>): void {
    const nsg = this.nsg(nsgId);
    if (!nsg) return;
    this.nsgCopies.set(nsgId.toLowerCase(), {
      ...nsg,
      properties: { ...nsg.properties, securityRules: [...nsg.properties.securityRules, rule] },
    });
    if (this.jitNameIndex && isJitRule(rule)) this.indexRuleName(rule.name, nsgId.toLowerCase());
    this.changes.push({
      action: 'add',
      target: 'nsg',
      resourceId: nsg.id,
      ruleName: rule.name,
      priority: rule.properties.priority,
      ...change,
    });
  }

  /** Removes a JIT rule by name; never a user rule. Returns the removed rule. */
  removeNsgRule(
    nsgId: string,
    name: string,
    change: (rule: SecurityRule, nsg: NetworkSecurityGroup) => Omit<RuleChange, 'action' | 'target' | 'resourceId' | 'ruleName' | 'priority'>,
  ): SecurityRule | undefined {
    const nsg = this.nsg(nsgId);
    const rule = nsg?.properties.securityRules.find((candidate) => candidate.name === name);
    if (!nsg || !rule || !isJitRule(rule)) return undefined;
    this.nsgCopies.set(nsgId.toLowerCase(), {
      ...nsg,
      properties: { ...nsg.properties, securityRules: nsg.properties.securityRules.filter((candidate) => candidate !== rule) },
    });
    this.changes.push({
      action: 'remove',
      target: 'nsg',
      resourceId: nsg.id,
      ruleName: rule.name,
      priority: rule.properties.priority,
      ...change(rule, nsg),
    });
    return rule;
  }

  replaceNsg(nsg: NetworkSecurityGroup, changes: RuleChange[]): void {
    if (changes.length === 0) return;
    this.nsgCopies.set(nsg.id.toLowerCase(), nsg);
    this.changes.push(...changes);
  }

  setFirewall(firewall: AzureFirewall): void {
    this.firewallCopies.set(firewall.id.toLowerCase(), firewall);
  }

  result(): JitWriteResult {
    const nsgs = [...this.nsgCopies.entries()]
      .filter(([key, copy]) => !sameRules(this.state.nsgs.get(key)?.properties.securityRules, copy.properties.securityRules))
      .map(([, copy]) => copy);
    const firewalls = [...this.firewallCopies.entries()]
      .filter(([key, copy]) => JSON.stringify(this.state.firewalls.get(key)) !== JSON.stringify(copy))
      .map(([, copy]) => copy);
    return { nsgs, firewalls, changes: this.changes };
  }
}

function sameRules(a: readonly SecurityRule[] | undefined, b: readonly SecurityRule[]): boolean {
  return a !== undefined && a.length === b.length && a.every((rule, i) => rule === b[i]);
}

// ---------------------------------------------------------------------------------------------
// Deny and allow rules in NSGs
// ---------------------------------------------------------------------------------------------

interface PortContext {
  vmId: string;
  vmName: string;
  policyName: string;
  port: JitNetworkAccessPortRule;
  network: VmNetworkView;
  vmIp: string;
  /** Error path of the port in the policy or request body. */
  path: string;
}

function noFreePriority(nsg: NetworkSecurityGroup, ctx: PortContext, what: string): FieldError {
  return {
    path: ctx.path,
    code: 'NoFreePriority',
    message: `No free priority between ${MIN_RULE_PRIORITY} and ${MAX_RULE_PRIORITY} in network security group '${nsg.name}' for the JIT ${what} rule of port ${ctx.port.number} of VM '${ctx.vmName}'.`,
  };
}

function jitSecurityRule(ctx: PortContext, kind: JitRuleKind, access: 'Allow' | 'Deny', source: string, priority: number): SecurityRule {
  return {
    name: jitRuleName(ctx.vmId, ctx.port.number, ctx.port.protocol, kind),
    properties: {
      description: jitRuleDescription(ctx.port.number, ctx.vmName, ctx.policyName),
      protocol: nsgProtocol(ctx.port.protocol),
      sourcePortRange: '*',
      destinationPortRange: String(ctx.port.number),
      sourceAddressPrefix: source,
      destinationAddressPrefix: ctx.vmIp,
      access,
      priority,
      direction: 'Inbound',
    },
  };
}

/** Makes sure the port's deny rule exists in this NSG (pointing at the VM's current address); returns its priority. */
function ensureDeny(ws: RuleWorkspace, nsgId: string, ctx: PortContext): { priority: number } | { error: FieldError } | undefined {
  const nsg = ws.nsg(nsgId);
  if (!nsg) return undefined;
  const name = jitRuleName(ctx.vmId, ctx.port.number, ctx.port.protocol, 'Deny');
  const existing = nsg.properties.securityRules.find((rule) => rule.name === name);
  if (existing && destinationPrefixesOf(existing).includes(ctx.vmIp)) return { priority: existing.properties.priority };
  if (existing) {
    ws.removeNsgRule(nsgId, name, (rule) => ({
      vmId: ctx.vmId,
      port: ctx.port.number,
      access: 'Deny',
      reason: 'CleanupVmMismatch',
      detail: `Removed rule ${rule.name} from ${nsg.name}: its destination is not the current address ${ctx.vmIp} of VM '${ctx.vmName}'`,
    }));
  }
  const current = ws.nsg(nsgId) ?? nsg;
  const priority = planDenyPriority(current, maxCoveringUserPriority(current, ctx.port.number, ctx.port.protocol, ctx.vmIp, ctx.network));
  if (priority === undefined) return { error: noFreePriority(current, ctx, 'deny') };
  ws.addNsgRule(nsgId, jitSecurityRule(ctx, 'Deny', 'Deny', '*', priority), {
    vmId: ctx.vmId,
    port: ctx.port.number,
    access: 'Deny',
    reason: 'PolicyPortAdded',
    detail: `Added rule ${name} to ${current.name}: deny all inbound traffic to port ${ctx.port.number} of VM '${ctx.vmName}' at priority ${priority}`,
  });
  return { priority };
}

/** Writes the request's allow rule (replacing an older one for the same VM+port) just above the deny rule. */
function writeAllow(ws: RuleWorkspace, nsgId: string, ctx: PortContext, source: string, denyPriority: number): FieldError | undefined {
  const nsg = ws.nsg(nsgId);
  if (!nsg) return undefined;
  const name = jitRuleName(ctx.vmId, ctx.port.number, ctx.port.protocol, 'Allow');
  ws.removeNsgRule(nsgId, name, (rule, owner) => ({
    vmId: ctx.vmId,
    port: ctx.port.number,
    access: 'Allow',
    reason: 'NewerRequestInitiated',
    detail: `Removed rule ${rule.name} from ${owner.name}: a newer request for port ${ctx.port.number} of VM '${ctx.vmName}' replaces it`,
  }));
  const current = ws.nsg(nsgId) ?? nsg;
  const maxCovering = maxCoveringUserPriority(current, ctx.port.number, ctx.port.protocol, ctx.vmIp, ctx.network);
  const priority = planAllowPriority(current, denyPriority, maxCovering);
  if (priority === undefined) return noFreePriority(current, ctx, 'allow');
  ws.addNsgRule(nsgId, jitSecurityRule(ctx, 'Allow', 'Allow', source, priority), {
    vmId: ctx.vmId,
    port: ctx.port.number,
    access: 'Allow',
    reason: 'RequestApproved',
    detail: `Added rule ${name} to ${current.name}: allow ${source} to port ${ctx.port.number} of VM '${ctx.vmName}' at priority ${priority}`,
  });
  return undefined;
}

/** Removes the JIT rules of one VM+port+protocol wherever they are (NSG allow/deny and firewall DNAT). */
function removePortRules(
  ws: RuleWorkspace,
  vmId: string,
  port: number,
  protocol: JitProtocol,
  kinds: readonly JitRuleKind[],
  reason: RuleChangeReason,
  why: string,
): void {
  const network = ws.state.vmNetworks.get(vmId.toLowerCase());
  for (const kind of kinds) {
    const name = jitRuleName(vmId, port, protocol, kind);
    if (kind === 'Dnat') {
      for (const firewallId of ws.allFirewallIds()) removeDnat(ws, firewallId, name, vmId, port, reason, why);
      continue;
    }
    for (const nsgId of ws.nsgsWithRule(name, network?.nsgIds ?? [])) {
      ws.removeNsgRule(nsgId, name, (rule, nsg) => ({
        vmId,
        port,
        access: rule.properties.access,
        reason,
        detail: `Removed rule ${rule.name} from ${nsg.name}: ${why}`,
      }));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Firewall DNAT rules
// ---------------------------------------------------------------------------------------------

function removeDnat(ws: RuleWorkspace, firewallId: string, name: string, vmId: string, port: number, reason: RuleChangeReason, why: string): void {
  const firewall = ws.firewall(firewallId);
  if (!firewall) return;
  let removed = false;
  const collections = firewall.properties.natRuleCollections.map((collection) => {
    if (!collection.properties.rules.some((rule) => rule.name === name)) return collection;
    removed = true;
    return { ...collection, properties: { ...collection.properties, rules: collection.properties.rules.filter((rule) => rule.name !== name) } };
  });
  if (!removed) return;
  ws.setFirewall({ ...firewall, properties: { ...firewall.properties, natRuleCollections: collections } });
  ws.changes.push({
    action: 'remove',
    target: 'firewall',
    resourceId: firewall.id,
    ruleName: name,
    vmId,
    port,
    access: 'Allow',
    reason,
    detail: `Removed DNAT rule ${name} from ${firewall.name}: ${why}`,
  });
}

/** The lowest port ≥ FIRST_MAPPED_PORT no NAT rule of the firewall listens on: one pass over the sorted ranges, not a scan per candidate port. */
function freeMappedPort(firewall: AzureFirewall): number | undefined {
  const ranges = firewall.properties.natRuleCollections
    .flatMap((collection) => collection.properties.rules.flatMap((rule) => rule.destinationPorts))
    .flatMap((text) => parsePortRange(text) ?? [])
    .sort((a, b) => a.from - b.from);
  let candidate = FIRST_MAPPED_PORT;
  for (const range of ranges) {
    if (range.from > candidate) break;
    if (range.to >= candidate) candidate = range.to + 1;
  }
  return candidate <= 65535 ? candidate : undefined;
}

function withJitCollection(firewall: AzureFirewall): { collections: AzureFirewallNatRuleCollection[]; index: number } {
  const collections = [...firewall.properties.natRuleCollections];
  const index = collections.findIndex((collection) => collection.name === JIT_NAT_RULE_COLLECTION);
  if (index >= 0) return { collections, index };
  const used = new Set(collections.map((collection) => collection.properties.priority));
  let priority = 100;
  while (used.has(priority)) priority += 1;
  collections.push({ name: JIT_NAT_RULE_COLLECTION, properties: { priority, action: { type: 'Dnat' }, rules: [] } });
  return { collections, index: collections.length - 1 };
}

function writeDnat(ws: RuleWorkspace, firewallId: string, ctx: PortContext, source: string, mappedPort: number): void {
  const firewall = ws.firewall(firewallId);
  const publicIp = ctx.network.firewall?.publicIpAddress;
  if (!firewall || publicIp === undefined) return;
  const name = jitRuleName(ctx.vmId, ctx.port.number, ctx.port.protocol, 'Dnat');
  const { collections, index } = withJitCollection(firewall);
  const collection = collections[index];
  if (!collection) return;
  const rule: AzureFirewallNatRule = {
    name,
    description: jitRuleDescription(ctx.port.number, ctx.vmName, ctx.policyName),
    sourceAddresses: [source],
    destinationAddresses: [publicIp],
    destinationPorts: [String(mappedPort)],
    protocols: natProtocols(ctx.port.protocol),
    translatedAddress: ctx.vmIp,
    translatedPort: String(ctx.port.number),
  };
  collections[index] = {
    ...collection,
    properties: { ...collection.properties, rules: [...collection.properties.rules.filter((r) => r.name !== name), rule] },
  };
  ws.setFirewall({ ...firewall, properties: { ...firewall.properties, natRuleCollections: collections } });
  ws.changes.push({
    action: 'add',
    target: 'firewall',
    resourceId: firewall.id,
    ruleName: name,
    vmId: ctx.vmId,
    port: ctx.port.number,
    access: 'Allow',
    reason: 'RequestApproved',
    detail: `Added DNAT rule ${name} to ${firewall.name}: ${source} → ${publicIp}:${mappedPort} is forwarded to ${ctx.vmIp}:${ctx.port.number} of VM '${ctx.vmName}'`,
  });
}

// ---------------------------------------------------------------------------------------------
// Cleanup
// ---------------------------------------------------------------------------------------------

function ruleSignature(rule: SecurityRule): string {
  const sorted = (values: string[]) => [...values].map((v) => v.trim().toLowerCase()).sort().join(',');
  return [
    rule.properties.direction,
    rule.properties.access,
    rule.properties.protocol,
    sorted(destinationPortsOf(rule)),
    sorted(sourcePrefixesOf(rule)),
    sorted(destinationPrefixesOf(rule)),
  ].join('|');
}

const vmIdsByNameCache = new WeakMap<ReadonlyMap<string, string>, Map<string, string[]>>();

function vmIdsByName(state: JitNetworkState): Map<string, string[]> {
  const cached = vmIdsByNameCache.get(state.vmNames);
  if (cached) return cached;
  const byName = new Map<string, string[]>();
  for (const [id, name] of state.vmNames) {
    const key = name.toLowerCase();
    const ids = byName.get(key);
    if (ids === undefined) byName.set(key, [id]);
    else ids.push(id);
  }
  vmIdsByNameCache.set(state.vmNames, byName);
  return byName;
}

function portOfRule(rule: SecurityRule): number {
  const first = destinationPortsOf(rule)[0];
  const port = first === undefined ? NaN : Number(first);
  return Number.isInteger(port) ? port : 0;
}

/** Removes redundant JIT rules of one NSG: duplicates of another JIT rule at a lower priority, and JIT rules whose description names a VM that is not the rule's destination. Never a user rule. */
export function cleanupRedundantRules(nsg: NetworkSecurityGroup, state: JitNetworkState): { nsg: NetworkSecurityGroup; changes: RuleChange[] } {
  const changes: RuleChange[] = [];
  const removed = new Set<SecurityRule>();
  const nsgKey = nsg.id.toLowerCase();
  const jitRules = nsg.properties.securityRules.filter(isJitRule).sort((a, b) => a.properties.priority - b.properties.priority);

  const describedVm = (rule: SecurityRule): string => {
    const name = vmNameFromDescription(rule.properties.description);
    const ids = name === undefined ? [] : (vmIdsByName(state).get(name.toLowerCase()) ?? []);
    const id = ids.find((candidate) => state.vmNetworks.get(candidate)?.nsgIds.some((n) => n.toLowerCase() === nsgKey)) ?? ids[0];
    return id === undefined ? '' : (state.vmNetworks.get(id)?.vmId ?? id);
  };

  // Mismatches first, so a misdescribed rule never wins the duplicate check over the correct one.
  for (const rule of jitRules) {
    const vmName = vmNameFromDescription(rule.properties.description);
    if (vmName === undefined) continue;
    // Only VMs this NSG guards count: a VM name alone is ambiguous across resource groups.
    const candidates = (vmIdsByName(state).get(vmName.toLowerCase()) ?? [])
      .map((id) => state.vmNetworks.get(id))
      .filter((network): network is VmNetworkView => network !== undefined && network.nsgIds.some((id) => id.toLowerCase() === nsgKey));
    if (candidates.length === 0) continue;
    const destinations = destinationPrefixesOf(rule);
    const matches = candidates.some((network) =>
      network.privateIpAddresses.some((ip) => addressMatchesNsgPrefixes(ip, destinations, network.vnetAddressPrefixes)),
    );
    if (matches) continue;
    removed.add(rule);
    changes.push({
      action: 'remove',
      target: 'nsg',
      resourceId: nsg.id,
      ruleName: rule.name,
      vmId: candidates[0]?.vmId ?? '',
      port: portOfRule(rule),
      access: rule.properties.access,
      priority: rule.properties.priority,
      reason: 'CleanupVmMismatch',
      detail: `Removed rule ${rule.name} from ${nsg.name}: its description names VM '${vmName}', whose address is not the rule's destination ${destinations.join(', ')}`,
    });
  }

  const kept = new Map<string, SecurityRule>();
  for (const rule of jitRules) {
    if (removed.has(rule)) continue;
    const signature = ruleSignature(rule);
    const winner = kept.get(signature);
    if (winner) {
      removed.add(rule);
      changes.push({
        action: 'remove',
        target: 'nsg',
        resourceId: nsg.id,
        ruleName: rule.name,
        vmId: describedVm(rule),
        port: portOfRule(rule),
        access: rule.properties.access,
        priority: rule.properties.priority,
        reason: 'CleanupDuplicate',
        detail: `Removed rule ${rule.name} (priority ${rule.properties.priority}) from ${nsg.name}: it duplicates ${winner.name} at a higher priority (${winner.properties.priority}), so it is never used`,
      });
    } else {
      kept.set(signature, rule);
    }
  }

  if (removed.size === 0) return { nsg, changes };
  return {
    nsg: { ...nsg, properties: { ...nsg.properties, securityRules: nsg.properties.securityRules.filter((rule) => !removed.has(rule)) } },
    changes,
  };
}

// ---------------------------------------------------------------------------------------------
// Policy write
// ---------------------------------------------------------------------------------------------

interface PolicyPortEntry {
  vmId: string;
  port: JitNetworkAccessPortRule;
  path: string;
}

function policyPortEntries(policy: JitNetworkAccessPolicy | undefined): Map<string, PolicyPortEntry> {
  const entries = new Map<string, PolicyPortEntry>();
  policy?.properties.virtualMachines.forEach((vm, i) => {
    vm.ports.forEach((port, j) => {
      entries.set(`${vm.id.toLowerCase()}|${port.number}|${port.protocol}`, {
        vmId: vm.id,
        port,
        path: `properties.virtualMachines[${i}].ports[${j}].number`,
      });
    });
  });
  return entries;
}

/**
 * The write path of PUT/DELETE: given the stored policy (undefined when new) and the new one
 * (undefined on delete), plan and apply the deny rules: for each VM+port now in the policy and not
 * before, a Deny rule in every NSG guarding the VM (priority: below every user rule covering that
 * port, else the lowest free priority ≥ 100, leaving room for the allow rule just above it); for each
 * VM+port no longer in the policy, remove its JIT rules (deny, allow, DNAT). Then run cleanup on every
 * touched NSG. User rules are never renumbered, edited or deleted. Returns errors (e.g. code
 * "NoFreePriority" naming the NSG) without changing anything when a rule cannot be placed.
 *
 * Azure Firewall denies inbound traffic unless a DNAT rule forwards it, so enabling writes no firewall
 * rule; the DNAT rule is written when a request is approved.
 */
export function applyPolicyWrite(args: {
  previous: JitNetworkAccessPolicy | undefined;
  next: JitNetworkAccessPolicy | undefined;
  state: JitNetworkState;
  now: Date;
}): DomainResult<JitWriteResult> {
  const { previous, next, state } = args;
  const ws = new RuleWorkspace(state);
  const before = policyPortEntries(previous);
  const after = policyPortEntries(next);
  const policyName = next?.name ?? previous?.name ?? 'default';

  for (const [key, entry] of before) {
    if (after.has(key)) continue;
    removePortRules(
      ws,
      entry.vmId,
      entry.port.number,
      entry.port.protocol,
      ['Deny', 'Allow', 'Dnat'],
      'PolicyPortRemoved',
      `port ${entry.port.number} (${entry.port.protocol}) of VM '${vmNameOf(state, entry.vmId)}' is no longer under JIT in policy '${policyName}'`,
    );
  }

  // Every port of the new policy is reconciled, not only new ones: an NSG attached since the last
  // write gets its deny rule too. Ports whose rules are in place produce no change (idempotent PUT).
  const errors: FieldError[] = [];
  for (const entry of after.values()) {
    const network = state.vmNetworks.get(entry.vmId.toLowerCase());
    const vmIp = primaryIp(network);
    if (!network || vmIp === undefined) continue;
    const ctx: PortContext = { vmId: entry.vmId, vmName: vmNameOf(state, entry.vmId), policyName, port: entry.port, network, vmIp, path: entry.path };
    for (const nsgId of network.nsgIds) {
      const placed = ensureDeny(ws, nsgId, ctx);
      if (placed && 'error' in placed) errors.push(placed.error);
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const cleanupIds = new Set<string>();
  for (const policy of [previous, next]) {
    for (const vm of policy?.properties.virtualMachines ?? []) {
      for (const nsgId of state.vmNetworks.get(vm.id.toLowerCase())?.nsgIds ?? []) cleanupIds.add(nsgId.toLowerCase());
    }
  }
  for (const change of ws.changes) if (change.target === 'nsg') cleanupIds.add(change.resourceId.toLowerCase());
  for (const nsgId of cleanupIds) {
    const nsg = ws.nsg(nsgId);
    if (!nsg) continue;
    const cleaned = cleanupRedundantRules(nsg, state);
    ws.replaceNsg(cleaned.nsg, cleaned.changes);
  }
  return { ok: true, value: ws.result() };
}

/**
 * Ends the open requests whose port the policy no longer covers. applyPolicyWrite removes every JIT
 * rule (deny, allow, DNAT) of a VM+port+protocol that leaves the policy, so a request port still
 * `Initiated` on that VM+port would claim access that no longer exists. Such ports become Revoked.
 *
 * statusReason: the spec's enum has only Expired, UserRequested and NewerRequestInitiated. The
 * access ended because a user changed the policy, so "UserRequested" is the closest ("Expired" would
 * claim the end time passed, "NewerRequestInitiated" names another request). "Expired" is used only
 * when `now` is given and the port's end time has already passed (it had ended on its own).
 *
 * A request port counts as removed when any policy port with its number on that VM in `previous`
 * (number + protocol, the key the rules are written under) is missing from `virtualMachines`: its
 * allow rule was removed with it. Returns the same array when nothing changed.
 */
export function revokeRequestsForRemovedPorts(args: {
  previous: JitNetworkAccessPolicy | undefined;
  virtualMachines: readonly JitNetworkAccessPolicyVirtualMachine[];
  now?: Date;
}): JitNetworkAccessRequest[] {
  const requests = args.previous?.properties.requests ?? [];
  if (requests.length === 0) return requests;
  const kept = new Set<string>();
  for (const vm of args.virtualMachines) for (const port of vm.ports) kept.add(`${vm.id.toLowerCase()}|${port.number}|${port.protocol}`);
  const removed = new Set<string>();
  for (const vm of args.previous?.properties.virtualMachines ?? []) {
    for (const port of vm.ports) {
      const key = vm.id.toLowerCase();
      if (!kept.has(`${key}|${port.number}|${port.protocol}`)) removed.add(`${key}|${port.number}`);
    }
  }
  if (removed.size === 0) return requests;
  const nowMs = args.now?.getTime();

  let anyChanged = false;
  const result = requests.map((request) => {
    let changed = false;
    const virtualMachines = request.virtualMachines.map((vm) => {
      const key = vm.id.toLowerCase();
      let vmChanged = false;
      const ports = vm.ports.map((port): JitNetworkAccessRequestPort => {
        if (port.status !== 'Initiated' || !removed.has(`${key}|${port.number}`)) return port;
        vmChanged = true;
        const end = nowMs === undefined ? undefined : parseIsoDateTime(port.endTimeUtc);
        const expired = nowMs !== undefined && end !== undefined && end <= nowMs;
        return { ...port, status: 'Revoked', statusReason: expired ? 'Expired' : 'UserRequested' };
      });
      if (!vmChanged) return vm;
      changed = true;
      return { ...vm, ports };
    });
    if (!changed) return request;
    anyChanged = true;
    return { ...request, virtualMachines };
  });
  return anyChanged ? result : requests;
}

/**
 * Fills server-side fields of a policy being stored: publicIpAddress of firewall-protected VMs,
 * provisioningState "Succeeded". Requests come from the previous policy (a PUT cannot forge
 * requests); those still open on a VM+port the new policy drops are Revoked
 * (revokeRequestsForRemovedPorts), because applyPolicyWrite removes their rules. Pass `now` to
 * tell already-ended ports (Expired) from ones the edit cut short (UserRequested).
 */
export function normalizePolicyForStore(args: {
  id: string;
  name: string;
  location: string;
  input: JitNetworkAccessPolicyInput;
  previous: JitNetworkAccessPolicy | undefined;
  state: JitNetworkState;
  now?: Date;
}): JitNetworkAccessPolicy {
  const { id, name, location, input, previous, state, now } = args;
  return {
    id,
    name,
    type: JIT_POLICY_TYPE,
    kind: input.kind ?? 'Basic',
    location,
    properties: {
      virtualMachines: input.properties.virtualMachines.map((vm) => {
        const { publicIpAddress: _clientValue, ...rest } = vm;
        const firewallIp = state.vmNetworks.get(vm.id.toLowerCase())?.firewall?.publicIpAddress;
        return firewallIp === undefined ? { ...rest, ports: [...vm.ports] } : { ...rest, ports: [...vm.ports], publicIpAddress: firewallIp };
      }),
      requests: revokeRequestsForRemovedPorts({ previous, virtualMachines: input.properties.virtualMachines, ...(now === undefined ? {} : { now }) }),
      provisioningState: 'Succeeded',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/i;

/** ISO 8601 date-time → epoch ms (no zone means UTC, as ARM reads it); undefined when not ISO. */
export function parseIsoDateTime(text: string): number | undefined {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match?.[1]) return undefined;
  // ARM writes 7 fractional digits; Date.parse reliably reads only milliseconds.
  const fraction = match[2] === undefined ? '' : `.${match[2].slice(0, 3).padEnd(3, '0')}`;
  const ms = Date.parse(`${match[1]}${fraction}${(match[3] ?? 'Z').toUpperCase()}`);
  return Number.isNaN(ms) ? undefined : ms;
}

function findPolicyVm(policy: JitNetworkAccessPolicy, vmId: string) {
  const key = vmId.toLowerCase();
  return policy.properties.virtualMachines.find((vm) => vm.id.toLowerCase() === key);
}

/**
 * Validates an initiate against the policy (VM in policy, port in policy, end time in (now, now + max],
 * source inside the port's allowed prefixes; an omitted source means `callerAddress`). Error paths like
 * "virtualMachines[0].ports[0].endTimeUtc" with codes "VmNotInPolicy", "PortNotInPolicy",
 * "EndTimeInPast", "EndTimeTooLate", "SourceNotAllowed", "InvalidAddressPrefix" (and "InvalidEndTime",
 * "EmptyRequest", "DuplicatePort", "DuplicateVm").
 */
export function validateInitiate(args: {
  policy: JitNetworkAccessPolicy;
  body: JitNetworkAccessPolicyInitiateRequest;
  callerAddress: string;
  now: Date;
}): FieldError[] {
  const { policy, body, callerAddress, now } = args;
  const errors: FieldError[] = [];
  if (body.virtualMachines.length === 0) {
    errors.push({ path: 'virtualMachines', code: 'EmptyRequest', message: 'The request names no virtual machine.' });
  }
  const seenVms = new Set<string>();
  body.virtualMachines.forEach((vmRequest, i) => {
    const vmPath = `virtualMachines[${i}]`;
    const vmKey = vmRequest.id.toLowerCase();
    if (seenVms.has(vmKey)) {
      errors.push({ path: `${vmPath}.id`, code: 'DuplicateVm', message: `VM '${lastSegment(vmRequest.id)}' is named twice in the request.` });
      return;
    }
    seenVms.add(vmKey);
    const policyVm = findPolicyVm(policy, vmRequest.id);
    if (!policyVm) {
      errors.push({
        path: `${vmPath}.id`,
        code: 'VmNotInPolicy',
        message: `VM '${lastSegment(vmRequest.id)}' is not in just-in-time policy '${policy.name}'.`,
      });
      return;
    }
    if (vmRequest.ports.length === 0) {
      errors.push({ path: `${vmPath}.ports`, code: 'EmptyRequest', message: `The request names no port of VM '${lastSegment(vmRequest.id)}'.` });
    }
    const seenPorts = new Set<number>();
    vmRequest.ports.forEach((portRequest, j) => {
      const portPath = `${vmPath}.ports[${j}]`;
      if (seenPorts.has(portRequest.number)) {
        errors.push({ path: `${portPath}.number`, code: 'DuplicatePort', message: `Port ${portRequest.number} is requested twice.` });
        return;
      }
      seenPorts.add(portRequest.number);
      const rules = policyVm.ports.filter((rule) => rule.number === portRequest.number);
      if (rules.length === 0) {
        errors.push({
          path: `${portPath}.number`,
          code: 'PortNotInPolicy',
          message: `Port ${portRequest.number} of VM '${lastSegment(vmRequest.id)}' is not configured for just-in-time access.`,
        });
        return;
      }

      const end = parseIsoDateTime(portRequest.endTimeUtc);
      const maxMs = Math.min(...rules.map((rule) => parseIsoDuration(rule.maxRequestAccessDuration) ?? MAX_REQUEST_DURATION_MS));
      if (end === undefined) {
        errors.push({
          path: `${portPath}.endTimeUtc`,
          code: 'InvalidEndTime',
          message: `End time '${portRequest.endTimeUtc}' is not an ISO 8601 date and time.`,
        });
      } else if (end <= now.getTime()) {
        errors.push({
          path: `${portPath}.endTimeUtc`,
          code: 'EndTimeInPast',
          message: `End time ${portRequest.endTimeUtc} is not in the future.`,
        });
      } else if (end > now.getTime() + maxMs) {
        errors.push({
          path: `${portPath}.endTimeUtc`,
          code: 'EndTimeTooLate',
          message: `End time ${portRequest.endTimeUtc} is later than the policy allows for port ${portRequest.number} (${rules[0]?.maxRequestAccessDuration ?? ''} from now).`,
        });
      }

      const source = portRequest.allowedSourceAddressPrefix ?? callerAddress;
      const parsed = parseAddressPrefix(source);
      if (!parsed.ok) {
        errors.push({
          path: `${portPath}.allowedSourceAddressPrefix`,
          code: 'InvalidAddressPrefix',
          message: portRequest.allowedSourceAddressPrefix === undefined ? `Your address '${callerAddress}' is not a valid IP address.` : parsed.message,
        });
        return;
      }
      const isAny = parsed.prefix.kind === 'any';
      const allowed = rules.every((rule) =>
        allowedPrefixesOf(rule).some((prefix) => (isAny ? prefix.trim() === '*' : prefixContains(prefix, source))),
      );
      if (!allowed) {
        errors.push({
          path: `${portPath}.allowedSourceAddressPrefix`,
          code: 'SourceNotAllowed',
          message: `Source '${source}' is not within the allowed source addresses of port ${portRequest.number} (${rules.flatMap(allowedPrefixesOf).join(', ')}).`,
        });
      }
    });
  });
  return errors;
}

function revokeOlder(requests: JitNetworkAccessRequest[], vmId: string, port: number): JitNetworkAccessRequest[] {
  const key = vmId.toLowerCase();
  return requests.map((request) => {
    let changed = false;
    const virtualMachines = request.virtualMachines.map((vm) => {
      if (vm.id.toLowerCase() !== key) return vm;
      const ports = vm.ports.map((p): JitNetworkAccessRequestPort => {
        if (p.number !== port || p.status !== 'Initiated') return p;
        changed = true;
        return { ...p, status: 'Revoked', statusReason: 'NewerRequestInitiated' };
      });
      return changed ? { ...vm, ports } : vm;
    });
    return changed ? { ...request, virtualMachines } : request;
  });
}

/**
 * Applies a valid initiate: the new request (ports Initiated/UserRequested, mappedPort for
 * firewall-protected VMs) is appended to the policy's requests; older open requests on the same
 * VM+port become Revoked/NewerRequestInitiated and their allow rules are replaced (never two allow
 * rules for one VM+port+NSG); an Allow rule from the source goes just above the port's Deny rule in
 * each NSG, and a DNAT rule on the protecting firewall.
 */
export function applyInitiate(args: {
  policy: JitNetworkAccessPolicy;
  body: JitNetworkAccessPolicyInitiateRequest;
  requestor: string;
  callerAddress: string;
  state: JitNetworkState;
  now: Date;
}): DomainResult<{ policy: JitNetworkAccessPolicy; request: JitNetworkAccessRequest; write: JitWriteResult }> {
  const { policy, body, requestor, callerAddress, state, now } = args;
  const validation = validateInitiate({ policy, body, callerAddress, now });
  if (validation.length > 0) return { ok: false, errors: validation };

  const ws = new RuleWorkspace(state);
  const errors: FieldError[] = [];
  let requests = [...(policy.properties.requests ?? [])];
  const request: JitNetworkAccessRequest = {
    virtualMachines: [],
    startTimeUtc: now.toISOString(),
    requestor,
    ...(body.justification === undefined ? {} : { justification: body.justification }),
  };

  body.virtualMachines.forEach((vmRequest, i) => {
    const policyVm = findPolicyVm(policy, vmRequest.id);
    const network = state.vmNetworks.get(vmRequest.id.toLowerCase());
    const vmIp = primaryIp(network);
    if (!policyVm || !network || vmIp === undefined) {
      errors.push({
        path: `virtualMachines[${i}].id`,
        code: 'VmNotFound',
        message: `VM '${lastSegment(vmRequest.id)}' was not found or has no private IP address.`,
      });
      return;
    }
    const vmName = vmNameOf(state, policyVm.id);
    const ports: JitNetworkAccessRequestPort[] = [];
    vmRequest.ports.forEach((portRequest, j) => {
      const source = portRequest.allowedSourceAddressPrefix ?? callerAddress;
      const end = parseIsoDateTime(portRequest.endTimeUtc) ?? now.getTime();
      requests = revokeOlder(requests, policyVm.id, portRequest.number);
      const rules = policyVm.ports.filter((rule) => rule.number === portRequest.number);

      let mappedPort: number | undefined;
      const firewall = network.firewall ? ws.firewall(network.firewall.id) : undefined;
      if (firewall && network.firewall?.publicIpAddress !== undefined) {
        for (const rule of rules) {
          removeDnat(
            ws,
            firewall.id,
            jitRuleName(policyVm.id, rule.number, rule.protocol, 'Dnat'),
            policyVm.id,
            rule.number,
            'NewerRequestInitiated',
            `a newer request for port ${rule.number} of VM '${vmName}' replaces it`,
          );
        }
        const current = ws.firewall(firewall.id);
        mappedPort = current ? freeMappedPort(current) : undefined;
        if (mappedPort === undefined) {
          errors.push({
            path: `virtualMachines[${i}].ports[${j}].number`,
            code: 'NoFreePort',
            message: `Azure Firewall '${firewall.name}' has no free port from ${FIRST_MAPPED_PORT} to map port ${portRequest.number} of VM '${vmName}'.`,
          });
        }
      }

      for (const rule of rules) {
        const ctx: PortContext = { vmId: policyVm.id, vmName, policyName: policy.name, port: rule, network, vmIp, path: `virtualMachines[${i}].ports[${j}].number` };
        for (const nsgId of network.nsgIds) {
          // The deny rule is re-established if someone removed it, so the allow rule always has one below it.
          const deny = ensureDeny(ws, nsgId, ctx);
          if (!deny) continue;
          if ('error' in deny) {
            errors.push(deny.error);
            continue;
          }
          const allowError = writeAllow(ws, nsgId, ctx, source, deny.priority);
          if (allowError) errors.push(allowError);
        }
        if (firewall && mappedPort !== undefined) writeDnat(ws, firewall.id, ctx, source, mappedPort);
      }

      ports.push({
        number: portRequest.number,
        allowedSourceAddressPrefix: source,
        endTimeUtc: new Date(end).toISOString(),
        status: 'Initiated',
        statusReason: 'UserRequested',
        ...(mappedPort === undefined ? {} : { mappedPort }),
      });
    });
    request.virtualMachines.push({ id: policyVm.id, ports });
  });
  if (errors.length > 0) return { ok: false, errors };

  const updated: JitNetworkAccessPolicy = { ...policy, properties: { ...policy.properties, requests: [...requests, request] } };
  return { ok: true, value: { policy: updated, request, write: ws.result() } };
}

/** Expires every request port whose endTimeUtc ≤ now: status Revoked/Expired, allow and DNAT rules removed. Returns the policy unchanged (same object) when nothing expired. */
export function expireRequests(args: {
  policy: JitNetworkAccessPolicy;
  state: JitNetworkState;
  now: Date;
}): { policy: JitNetworkAccessPolicy; write: JitWriteResult } {
  const { policy, state, now } = args;
  const nowMs = now.getTime();
  const expired: { vmId: string; port: number; endTimeUtc: string }[] = [];
  const stillOpen = new Set<string>();

  const requests = (policy.properties.requests ?? []).map((request) => {
    let changed = false;
    const virtualMachines = request.virtualMachines.map((vm) => {
      let vmChanged = false;
      const ports = vm.ports.map((port): JitNetworkAccessRequestPort => {
        if (port.status !== 'Initiated') return port;
        const end = parseIsoDateTime(port.endTimeUtc);
        if (end !== undefined && end > nowMs) {
          stillOpen.add(`${vm.id.toLowerCase()}|${port.number}`);
          return port;
        }
        vmChanged = true;
        expired.push({ vmId: vm.id, port: port.number, endTimeUtc: port.endTimeUtc });
        return { ...port, status: 'Revoked', statusReason: 'Expired' };
      });
      if (!vmChanged) return vm;
      changed = true;
      return { ...vm, ports };
    });
    return changed ? { ...request, virtualMachines } : request;
  });
  if (expired.length === 0) return { policy, write: emptyWrite() };

  const ws = new RuleWorkspace(state);
  for (const { vmId, port, endTimeUtc } of expired) {
    // A newer open request on the same VM+port owns the allow rule now; leave it.
    if (stillOpen.has(`${vmId.toLowerCase()}|${port}`)) continue;
    for (const protocol of ALL_PROTOCOLS) {
      removePortRules(
        ws,
        vmId,
        port,
        protocol,
        ['Allow', 'Dnat'],
        'Expired',
        `the request for port ${port} of VM '${vmNameOf(state, vmId)}' ended at ${endTimeUtc}`,
      );
    }
  }
  const write = ws.result();
  return { policy: { ...policy, properties: { ...policy.properties, requests } }, write: write.changes.length > 0 ? write : emptyWrite() };
}

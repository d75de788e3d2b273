// Domain benchmark (issue 7): a synthetic 10,000-VM fleet with 50,000 NSG rules, built with the
// test builders, and the timings of the domain functions the console and the emulator call on it.
// Run: npm run bench:domain (bench/run-ts.mjs bundles this file and runs it under Node).
// Prints a table (figure, value, goal, pass/fail) and writes bench/domain-results.json.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildScenario } from '../mocks/scenarios/scenarios';
import { summarizeVmAccess } from '../src/domain/access-summary';
import type { AzureFirewall, NetworkInterface, NetworkSecurityGroup, PolicyAssignment, PricingTier, PublicIpAddress, SecurityRule, Subscription, VirtualMachine, VirtualNetwork } from '../src/domain/arm-types';
import { classifyVms } from '../src/domain/classification';
import { computeFleetRows, type SubscriptionResources } from '../src/domain/fleet-rows';
import {
  FLEET_SUBSCRIPTION,
  makeFirewall,
  makeNic,
  makeNsg,
  makePolicy,
  makePublicIp,
  makeVm,
  makeVnet,
  networkStateOf,
  nsgId,
  portRule,
  resourceGroupId,
  subnetId,
  userRule,
  vmNetwork,
  withWrite,
  type UserRuleOptions,
} from '../src/domain/fleet-builders';
import { evaluateInbound } from '../src/domain/inbound';
import { applyInitiate, applyPolicyWrite, expireRequests, type JitNetworkState } from '../src/domain/jit-rules';
import type { JitNetworkAccessPolicy } from '../src/domain/jit-types';
import { buildNetworkIndex, type NetworkResources } from '../src/domain/network-topology';

// ---------------------------------------------------------------------------------------------
// The fleet: 10 resource groups × (10 VNets × 4 subnets, 1,000 VMs, 100 NSGs × 50 rules)
// ---------------------------------------------------------------------------------------------

const RESOURCE_GROUPS = 10;
const VNETS_PER_RG = 10;
const SUBNETS_PER_VNET = 4;
const VMS_PER_SUBNET = 25;
const NIC_NSGS_PER_RG = 70;
const RULES_PER_NSG = 50;
const FIREWALL_VNETS = new Set(['rg-0/vnet-0', 'rg-1/vnet-0', 'rg-2/vnet-0', 'rg-3/vnet-0', 'rg-4/vnet-0']);
const NOW = new Date('2024-05-01T10:00:00.000Z');
const inHours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

/** A plausible user rule set: ports, ranges, lists, CIDRs, tags; a few rules cover SSH/RDP from an office range. */
function userRules(seed: number, count: number): SecurityRule[] {
  const ports = ['80', '443', '8080-8090', '1433', '5432', '6379', '9000-9100', '25', '53', '123'];
  const sources = ['Internet', 'VirtualNetwork', '*', 'AzureLoadBalancer', `198.51.${seed % 250}.0/24`, `203.0.113.${seed % 250}`];
  return Array.from({ length: count }, (_, i) => {
    const options: UserRuleOptions =
      i === 7
        ? { port: '22', source: `192.0.2.${seed % 250}/32`, access: 'Allow' }
        : i === 13
          ? { ports: ['3389', '5985-5986'], sources: ['192.0.2.0/28', '198.51.100.0/24'], access: 'Allow' }
          : {
              port: ports[(seed + i) % ports.length] ?? '80',
              source: sources[(seed * 7 + i) % sources.length] ?? '*',
              destination: i % 5 === 0 ? 'VirtualNetwork' : '*',
              access: i % 9 === 0 ? 'Deny' : 'Allow',
              protocol: i % 4 === 0 ? '*' : 'Tcp',
              direction: i % 11 === 10 ? 'Outbound' : 'Inbound',
            };
    return userRule(`user-${seed}-${i}`, 200 + i * 10, options);
  });
}

interface Fleet {
  resources: NetworkResources;
  vms: VirtualMachine[];
  policies: JitNetworkAccessPolicy[];
  pricingTiers: Map<string, PricingTier>;
  assignments: PolicyAssignment[];
}

function buildFleet(): Fleet {
  const nics: NetworkInterface[] = [];
  const nsgs: NetworkSecurityGroup[] = [];
  const vnets: VirtualNetwork[] = [];
  const publicIps: PublicIpAddress[] = [];
  const firewalls: AzureFirewall[] = [];
  const vms: VirtualMachine[] = [];
  const policies: JitNetworkAccessPolicy[] = [];
  let nsgSeed = 0;

  for (let g = 0; g < RESOURCE_GROUPS; g += 1) {
    const rgName = `rg-${g}`;
    const rg = resourceGroupId(rgName);
    for (let n = 0; n < NIC_NSGS_PER_RG; n += 1) nsgs.push(makeNsg(`nsg-nic-${n}`, userRules((nsgSeed += 1), RULES_PER_NSG), { rg }));
    const policyVms: string[] = [];

    for (let v = 0; v < VNETS_PER_RG; v += 1) {
      const vnetName = `vnet-${v}`;
      const octet = g * VNETS_PER_RG + v;
      const withFirewall = FIREWALL_VNETS.has(`${rgName}/${vnetName}`);
      const subnets = Array.from({ length: SUBNETS_PER_VNET }, (_, s) => ({
        name: `subnet-${s}`,
        prefix: `10.${octet}.${s}.0/24`,
        // One subnet in four has no NSG: its VMs rely on a NIC NSG, a firewall, or nothing.
        ...(s === SUBNETS_PER_VNET - 1 ? {} : { nsg: `nsg-${vnetName}-${s}` }),
      }));
      for (const subnet of subnets) if (subnet.nsg !== undefined) nsgs.push(makeNsg(subnet.nsg, userRules((nsgSeed += 1), RULES_PER_NSG), { rg }));
      if (withFirewall) {
        subnets.push({ name: 'AzureFirewallSubnet', prefix: `10.${octet}.255.0/26` });
        publicIps.push(makePublicIp(`pip-fw-${v}`, `52.${g}.${v}.1`, { rg }));
        firewalls.push(makeFirewall(`fw-${v}`, { rg, vnet: vnetName, publicIp: `pip-fw-${v}`, privateIp: `10.${octet}.255.4` }));
      }
      vnets.push(makeVnet(vnetName, [`10.${octet}.0.0/16`], subnets, { rg }));

      for (let s = 0; s < SUBNETS_PER_VNET; s += 1) {
        for (let i = 0; i < VMS_PER_SUBNET; i += 1) {
          const index = ((v * SUBNETS_PER_VNET + s) * VMS_PER_SUBNET + i);
          const name = `vm-${g}-${index}`;
          const hasPublicIp = index % 3 === 0;
          const nicNsg = index % 4 === 0 ? undefined : `nsg-nic-${index % NIC_NSGS_PER_RG}`;
          if (hasPublicIp) publicIps.push(makePublicIp(`${name}-pip`, `20.${g}.${Math.floor(index / 250)}.${index % 250}`, { rg }));
          nics.push(
            makeNic(`${name}-nic`, {
              rg,
              subnet: subnetId(vnetName, `subnet-${s}`, rg),
              privateIp: `10.${octet}.${s}.${4 + i}`,
              ...(nicNsg === undefined ? {} : { nsg: nicNsg }),
              ...(hasPublicIp ? { publicIp: `${name}-pip` } : {}),
            }),
          );
          const vm = makeVm(name, { rg, nics: [`${name}-nic`], os: index % 2 === 0 ? 'Linux' : 'Windows' });
          vms.push(vm);
          // A fifth of the fleet is already under JIT (from the second half of each group, so the
          // first half is free for the 500-VM policy write below).
          if (index >= 500 && index % 5 === 0) policyVms.push(name);
        }
      }
    }
    policies.push(makePolicy(policyVms.map((name) => ({ name, ports: [portRule(22), portRule(3389)] })), 'default', { rg }));
  }

  const assignments: PolicyAssignment[] = [
    {
      id: `${resourceGroupId('rg-9')}/providers/Microsoft.Authorization/policyAssignments/SecurityCenterBuiltIn`,
      name: 'SecurityCenterBuiltIn',
      type: 'Microsoft.Authorization/policyAssignments',
      properties: {
        displayName: 'ASC Default',
        policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8',
        scope: resourceGroupId('rg-9'),
        parameters: { jitNetworkAccessMonitoringEffect: { value: 'Disabled' } },
      },
    },
  ];
  return {
    resources: { networkInterfaces: nics, networkSecurityGroups: nsgs, virtualNetworks: vnets, publicIpAddresses: publicIps, azureFirewalls: firewalls },
    vms,
    policies,
    pricingTiers: new Map([[FLEET_SUBSCRIPTION, 'Standard']]),
    assignments,
  };
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

// With --expose-gc (the npm script passes it) each run starts on a collected heap, so a run is not
// charged for the garbage of the fleet build or of the previous run.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function time<T>(run: () => T): { ms: number; value: T } {
  collect();
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * A round trip through JSON, as over the wire: the page works on freshly parsed objects and
 * strings, not on a builder's (which share strings and hidden classes, and concatenate ids).
 */
function wire<T>(items: readonly T[]): T[] {
  return JSON.parse(JSON.stringify(items)) as T[];
}

/** First (cold) run, then the median of `warm` further runs. */
function measure<T>(warm: number, run: () => T): { cold: number; median: number; value: T } {
  const first = time(run);
  const runs: number[] = [];
  for (let i = 0; i < warm; i += 1) runs.push(time(run).ms);
  return { cold: first.ms, median: median(runs), value: first.value };
}

interface Row {
  figure: string;
  value: number;
  unit: string;
  goal: string;
  pass: boolean | null;
}

const rows: Row[] = [];
function report(figure: string, value: number, unit: string, goal?: { max: number; text?: string }): void {
  rows.push({ figure, value: Number(value.toFixed(3)), unit, goal: goal ? (goal.text ?? `< ${goal.max} ${unit}`) : '(reported)', pass: goal ? value < goal.max : null });
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

/** The synthetic fleet's figures; returns its size for the JSON output. */
function domainFigures(): { vms: number; nsgs: number; rules: number } {
  const fleet = buildFleet();
  const ruleCount = fleet.resources.networkSecurityGroups.reduce((sum, nsg) => sum + nsg.properties.securityRules.length, 0);
  console.log(
    `Fleet: ${fleet.vms.length} VMs, ${fleet.resources.networkInterfaces.length} NICs, ${fleet.resources.networkSecurityGroups.length} NSGs with ${ruleCount} rules, ` +
      `${fleet.resources.virtualNetworks.length} VNets, ${fleet.resources.publicIpAddresses.length} public IPs, ${fleet.resources.azureFirewalls.length} firewalls, ` +
      `${fleet.policies.reduce((sum, p) => sum + p.properties.virtualMachines.length, 0)} VMs under JIT`,
  );

  // 1. Index + classification of the whole fleet (the Virtual machines page's three tabs), on the
  // lists as the console receives them: parsed from ARM's JSON. The builder's own objects are not
  // what the page classifies: their ids are concatenated strings, which V8 flattens on their first
  // hash. That cost the first run 120–180 ms here against 45–50 ms on parsed lists.
  const received = {
    vms: wire(fleet.vms),
    resources: {
      networkInterfaces: wire(fleet.resources.networkInterfaces),
      networkSecurityGroups: wire(fleet.resources.networkSecurityGroups),
      publicIpAddresses: wire(fleet.resources.publicIpAddresses),
      virtualNetworks: wire(fleet.resources.virtualNetworks),
      azureFirewalls: wire(fleet.resources.azureFirewalls),
    },
    policies: wire(fleet.policies),
    assignments: wire(fleet.assignments),
  };
  const classify = () =>
    classifyVms({
      virtualMachines: received.vms,
      classicVirtualMachines: [],
      network: buildNetworkIndex(received.resources),
      policies: received.policies,
      pricingTiers: fleet.pricingTiers,
      policyAssignments: received.assignments,
    });
  const classified = measure(5, classify);
  const states = new Map<string, number>();
  for (const vm of classified.value) {
    const key = vm.classification.state === 'notRecommended' ? `notRecommended:${vm.classification.reason}` : vm.classification.state;
    states.set(key, (states.get(key) ?? 0) + 1);
  }
  console.log(`Classification: ${[...states].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  report('buildNetworkIndex + classifyVms, 10,000 VMs / 50,000 rules, first (cold) run', classified.cold, 'ms', { max: 100 });
  report('buildNetworkIndex + classifyVms, 10,000 VMs / 50,000 rules, median of 5 warm runs', classified.median, 'ms', { max: 100 });

  // 2. Enabling JIT on 500 VMs at once (one PUT): deny rules planned in every guarding NSG, then cleanup.
  const index = buildNetworkIndex(fleet.resources);
  const baseState: JitNetworkState = networkStateOf(fleet.resources, fleet.vms, index);
  const rg0 = resourceGroupId('rg-0');
  const guarded = fleet.vms.filter((vm) => vm.id.startsWith(`${rg0}/`) && (baseState.vmNetworks.get(vm.id.toLowerCase())?.nsgIds.length ?? 0) > 0);
  const policyOf = (count: number) =>
    makePolicy(
      guarded.slice(0, count).map((vm) => ({ name: vm.name, ports: [portRule(22, { protocol: 'TCP' }), portRule(3389, { protocol: 'TCP', sources: ['198.51.100.0/24', '203.0.113.0/24'] })] })),
      'bench',
      { rg: rg0 },
    );
  const writeOf = (policy: JitNetworkAccessPolicy) => () => {
    const result = applyPolicyWrite({ previous: undefined, next: policy, state: baseState, now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    return result.value;
  };
  const policy250 = policyOf(250);
  const policy500 = policyOf(500);
  writeOf(policy500)(); // warm the write path, so the 250-VM run is not charged for compiling it
  const write250 = measure(5, writeOf(policy250));
  const write500 = measure(5, writeOf(policy500));
  const denyRules = write500.value.changes.filter((c) => c.reason === 'PolicyPortAdded').length;
  report(`applyPolicyWrite, new policy of 500 VMs × 2 ports (${denyRules} deny rules in ${write500.value.nsgs.length} NSGs), median`, write500.median, 'ms', { max: 100 });
  report('applyPolicyWrite, 500 VMs ÷ 250 VMs (linear ≈ 2)', write500.median / write250.median, '×', { max: 3, text: '< 3 × (linear)' });
  const enabledState = withWrite(baseState, write500.value);

  // 3. Requests: one VM (the common click), and 100 VMs in one request.
  const body = (vms: VirtualMachine[]) => ({
    virtualMachines: vms.map((vm) => ({ id: vm.id, ports: [{ number: 22, endTimeUtc: inHours(1) }, { number: 3389, allowedSourceAddressPrefix: '198.51.100.7', endTimeUtc: inHours(1) }] })),
    justification: 'bench',
  });
  const initiateOf = (vms: VirtualMachine[], state: JitNetworkState, policy: JitNetworkAccessPolicy) => () => {
    const result = applyInitiate({ policy, body: body(vms), requestor: 'bench@contoso.com', callerAddress: '203.0.113.7', state, now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    return result.value;
  };
  const initiateOne = measure(5, initiateOf(guarded.slice(0, 1), enabledState, policy500));
  const initiateHundred = measure(5, initiateOf(guarded.slice(0, 100), enabledState, policy500));
  report('applyInitiate, 1 VM × 2 ports, median', initiateOne.median, 'ms', { max: 10 });
  report('applyInitiate, 100 VMs × 2 ports in one request, median', initiateHundred.median, 'ms', { max: 100 });

  // 4. Expiry of 500 open requests (1,000 ports, allow and DNAT rules removed).
  let openPolicy = policy500;
  let openState = enabledState;
  for (let i = 0; i < 500; i += 100) {
    const opened = initiateOf(guarded.slice(i, i + 100), openState, openPolicy)();
    openPolicy = opened.policy;
    openState = withWrite(openState, opened.write);
  }
  const expire = measure(5, () => expireRequests({ policy: openPolicy, state: openState, now: new Date(inHours(2)) }));
  report(`expireRequests, 500 requests / 1,000 ports ending (${expire.value.write.changes.length} rules removed), median`, expire.median, 'ms', { max: 100 });
  const nothingDue = measure(5, () => expireRequests({ policy: openPolicy, state: openState, now: NOW }));
  report('expireRequests, 500 open requests, nothing due (every read runs it), median', nothingDue.median, 'ms', { max: 10 });

  // 5. Inbound evaluation against one NSG of 100 / 1,000 / 10,000 rules, none matching: the worst
  //    case walks every rule down to DenyAllInBound.
  const perEvaluation: number[] = [];
  for (const size of [100, 1_000, 10_000]) {
    const rules = Array.from({ length: size }, (_, i) =>
      userRule(`r-${i}`, 100 + (i % 3_900), { port: String(1_000 + (i % 20_000)), source: `198.51.${i % 250}.0/24`, destination: i % 2 === 0 ? '*' : `10.0.${i % 250}.9` }),
    );
    // NSG priorities are unique; the order of equal ones does not matter to this walk.
    const nsg = makeNsg(`nsg-${size}`, rules);
    const network = vmNetwork('vm-eval', '10.0.1.4', { nic: [nsg.name] });
    const nsgs = new Map([[nsgId(nsg.name).toLowerCase(), nsg]]);
    const firewalls = new Map<string, AzureFirewall>();
    const sources = ['203.0.113.5', '192.0.2.77', '198.18.0.1', '100.64.3.3'];
    const iterations = Math.max(200, Math.round(2_000_000 / size));
    const run = () => {
      let allowed = 0;
      for (let i = 0; i < iterations; i += 1) {
        const verdict = evaluateInbound({ packet: { sourceAddress: sources[i % sources.length] ?? '203.0.113.5', port: 22, protocol: 'Tcp', via: 'vm' }, network, nsgs, firewalls });
        if (verdict.allowed) allowed += 1;
      }
      return allowed;
    };
    const result = measure(5, run);
    if (result.value !== 0) throw new Error('a non-matching rule set allowed traffic');
    const microseconds = (result.median / iterations) * 1_000;
    perEvaluation.push(microseconds);
    report(`evaluateInbound, NSG of ${size.toLocaleString('en-US')} rules, per packet (median)`, microseconds, 'µs', size === 10_000 ? { max: 1_000, text: '< 1,000 µs' } : undefined);
  }
  const [p100 = NaN, p1k = NaN, p10k = NaN] = perEvaluation;
  report('evaluateInbound growth, 1,000 ÷ 100 rules (linear ≈ 10)', p1k / p100, '×', { max: 20, text: '< 20 × (linear)' });
  report('evaluateInbound growth, 10,000 ÷ 1,000 rules (linear ≈ 10)', p10k / p1k, '×', { max: 20, text: '< 20 × (linear)' });

  // 6. The Configured tab's columns for every VM (10,000 summaries; policies hold their requests).
  const policyByRg = new Map(fleet.policies.map((policy) => [policy.id.split('/providers/')[0]?.toLowerCase() ?? '', policy]));
  const rg0Key = rg0.toLowerCase();
  policyByRg.set(rg0Key, openPolicy);
  const networks = fleet.vms.map((vm) => {
    const network = openState.vmNetworks.get(vm.id.toLowerCase());
    if (!network) throw new Error(`no network for ${vm.id}`);
    return { vm, network, policy: policyByRg.get(vm.id.split('/providers/')[0]?.toLowerCase() ?? '') };
  });
  const summarize = measure(5, () => {
    let open = 0;
    for (const { vm, network, policy } of networks) {
      if (!policy) continue;
      open += summarizeVmAccess({ policy, vmId: vm.id, network, now: new Date(NOW.getTime() + 60_000) }).openPorts.length;
    }
    return open;
  });
  report(`summarizeVmAccess, 10,000 VMs (${summarize.value} open ports), median`, summarize.median, 'ms', { max: 100 });
  return { vms: fleet.vms.length, nsgs: fleet.resources.networkSecurityGroups.length, rules: ruleCount };
}

// ---------------------------------------------------------------------------------------------
// The blade's rows on the emulator's `large` scenario (what the browser computes after the last
// ARM response), in a fresh Node process so the first run is as cold as the page's first load
// ---------------------------------------------------------------------------------------------

const FLEET_ROWS_PART = 'fleet-rows';
const FLEET_ROWS_MARKER = 'FLEET_ROWS_RESULT ';

interface FleetRowsResult {
  vms: number;
  configured: number;
  recommended: number;
  notRecommended: number;
  cold: number;
  median: number;
}

/** The ARM lists of every subscription, as the console receives them: JSON from the emulator's store. */
function largeScenarioLists(): { subscriptions: Subscription[]; resources: SubscriptionResources[] } {
  const store = buildScenario('large', NOW);
  const subscriptions = wire(store.subscriptions.all());
  const resources = subscriptions.map((subscription): SubscriptionResources => {
    const s = subscription.subscriptionId;
    return {
      virtualMachines: wire(store.virtualMachines.inSubscription(s)),
      classicVirtualMachines: wire(store.classicVirtualMachines.inSubscription(s)),
      networkInterfaces: wire(store.networkInterfaces.inSubscription(s)),
      publicIpAddresses: wire(store.publicIpAddresses.inSubscription(s)),
      virtualNetworks: wire(store.virtualNetworks.inSubscription(s)),
      azureFirewalls: wire(store.azureFirewalls.inSubscription(s)),
      pricings: wire(store.pricings.inSubscription(s)),
      policies: wire(store.jitPolicies.inSubscription(s)),
      policyAssignments: wire(store.policyAssignments.inSubscription(s)),
    };
  });
  return { subscriptions, resources };
}

function fleetRowsFigures(): FleetRowsResult {
  const { subscriptions, resources } = largeScenarioLists();
  const result = measure(5, () => computeFleetRows(subscriptions, resources, NOW));
  const { rows: tabs } = result.value;
  return {
    vms: resources.reduce((sum, r) => sum + r.virtualMachines.length + r.classicVirtualMachines.length, 0),
    configured: tabs.configured.length,
    recommended: tabs.recommended.length,
    notRecommended: tabs.notRecommended.length,
    cold: result.cold,
    median: result.median,
  };
}

/** Runs fleetRowsFigures in a child process (this same bench, told which part to run) and reports it. */
function reportFleetRows(): void {
  const root = process.env.BENCH_ROOT ?? process.cwd();
  const child = spawnSync(process.execPath, ['--expose-gc', path.join(root, 'bench', 'run-ts.mjs'), path.join(root, 'bench', 'domain-bench.ts')], {
    cwd: root,
    env: { ...process.env, DOMAIN_BENCH_PART: FLEET_ROWS_PART },
    encoding: 'utf8',
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith(FLEET_ROWS_MARKER));
  if (child.status !== 0 || line === undefined) throw new Error(`fleet rows bench failed (exit ${String(child.status)}): ${child.stderr}`);
  const result = JSON.parse(line.slice(FLEET_ROWS_MARKER.length)) as FleetRowsResult;
  console.log(
    `Large scenario: ${result.vms} VMs → ${result.configured} configured, ${result.recommended} recommended, ${result.notRecommended} not recommended`,
  );
  report(`computeFleetRows (index, classification, rows), large scenario ${result.vms.toLocaleString('en-US')} VMs, first (cold) run`, result.cold, 'ms', { max: 150 });
  report('computeFleetRows, large scenario, median of 5 warm runs', result.median, 'ms', { max: 150 });
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function output(fleet: { vms: number; nsgs: number; rules: number }): void {
  const widths = [Math.max(...rows.map((r) => r.figure.length)), 12, 18, 6];
  const line = (cells: string[]) => cells.map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join(' | ');
  console.log('');
  console.log(line(['figure', 'value', 'goal', 'result']));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line([row.figure, `${row.value.toFixed(row.unit === '×' ? 2 : 1)} ${row.unit}`, row.goal, row.pass === null ? '' : row.pass ? 'pass' : 'FAIL']));

  const root = process.env.BENCH_ROOT ?? process.cwd();
  const out = path.join(root, 'bench', 'domain-results.json');
  writeFileSync(
    out,
    `${JSON.stringify({ node: process.version, fleet, rows }, null, 2)}\n`,
  );
  console.log(`\nWrote ${path.relative(root, out)}`);
  const failed = rows.filter((row) => row.pass === false).length;
  if (failed > 0) {
    console.log(`${failed} goal(s) missed`);
    process.exitCode = 1;
  }
}

if (process.env.DOMAIN_BENCH_PART === FLEET_ROWS_PART) {
  console.log(`${FLEET_ROWS_MARKER}${JSON.stringify(fleetRowsFigures())}`);
} else {
  const fleet = domainFigures();
  reportFleetRows();
  output(fleet);
}

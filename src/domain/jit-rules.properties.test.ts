import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixContains } from './address-prefix';
import type { AzureFirewall, NetworkSecurityGroup, SecurityRule, SecurityRuleProtocol } from './arm-types';
import { evaluateInbound } from './inbound';
import {
  applyInitiate,
  applyPolicyWrite,
  cleanupRedundantRules,
  expireRequests,
  JIT_RULE_PREFIX,
  isJitRule,
  MAX_RULE_PRIORITY,
  MIN_RULE_PRIORITY,
  normalizePolicyForStore,
  type JitNetworkState,
} from './jit-rules';
import type { JitNetworkAccessPolicy, JitProtocol } from './jit-types';
import type { VmNetworkView } from './network-topology';
import { makeFirewall, makeNsg, makeState, policyId, portRule, userRule, vmId, vmNetwork, withWrite } from './fleet-builders';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
// Each sequence costs a few milliseconds on 2 cores; give long runs (PROPERTY_RUNS=10000) room.
const TIMEOUT_MS = 30_000 + RUNS * 10;
const START = Date.parse('2024-05-01T10:00:00.000Z');
const CALLER = '198.51.100.9';
const JIT_PORTS = [22, 3389, 5985] as const;
/** Sources the checks send packets from: inside/outside the allowed ranges, the VNet, the load balancer. */
const PROBE_SOURCES = ['198.51.100.7', CALLER, '203.0.113.5', '192.0.2.1', '10.0.0.9', '168.63.129.16'];
const POLICY_ID = policyId('default');

// ---------------------------------------------------------------------------------------------
// Arbitraries: a small fleet and a sequence of operations on it
// ---------------------------------------------------------------------------------------------

interface FleetVm {
  name: string;
  subnet: number;
  nicNsg: boolean;
  firewall: boolean;
}

const userRuleSpec = fc.record({
  priority: fc.integer({ min: MIN_RULE_PRIORITY, max: 130 }),
  port: fc.constantFrom('22', '3389', '80', '20-30', '*', '5985'),
  access: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
  source: fc.constantFrom('*', '198.51.100.0/24', '203.0.113.5', 'VirtualNetwork', 'Internet'),
  destination: fc.constantFrom('*', 'VirtualNetwork', '10.0.0.4', '10.0.1.5', '10.0.0.0/24'),
  protocol: fc.constantFrom<SecurityRuleProtocol>('Tcp', 'Udp', '*'),
});

const userRules = fc.uniqueArray(userRuleSpec, { maxLength: 4, selector: (rule) => rule.priority });

const fleetArb = fc.record({
  vms: fc.array(fc.record({ subnet: fc.integer({ min: 0, max: 1 }), nicNsg: fc.boolean(), firewall: fc.boolean() }), { minLength: 1, maxLength: 4 }),
  subnetRules: fc.tuple(userRules, userRules),
  nicRules: fc.array(userRules, { minLength: 4, maxLength: 4 }),
});

const portSpec = fc.record({
  number: fc.constantFrom(...JIT_PORTS),
  protocol: fc.constantFrom<JitProtocol>('TCP', 'UDP', '*'),
  source: fc.constantFrom('*', '198.51.100.0/24'),
  maxHours: fc.integer({ min: 1, max: 3 }),
});

const operationArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      vms: fc.array(fc.record({ vm: fc.integer({ min: 0, max: 3 }), ports: fc.uniqueArray(portSpec, { minLength: 1, maxLength: 3, selector: (p) => p.number }) }), {
        maxLength: 4,
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      vm: fc.integer({ min: 0, max: 3 }),
      port: fc.constantFrom(...JIT_PORTS, 80),
      source: fc.constantFrom<string | undefined>(undefined, '198.51.100.7', '198.51.100.0/28', '203.0.113.5', '*'),
      minutes: fc.integer({ min: -5, max: 200 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('time' as const), minutes: fc.integer({ min: 1, max: 200 }) }) },
);

type FleetSpec = typeof fleetArb extends fc.Arbitrary<infer T> ? T : never;

function buildFleet(spec: FleetSpec): { state: JitNetworkState; vms: FleetVm[] } {
  const vms: FleetVm[] = spec.vms.map((vm, i) => ({ name: `vm-${i}`, ...vm }));
  const nsgs: NetworkSecurityGroup[] = [];
  const toRule = (prefix: string) => (rule: (typeof spec.subnetRules)[0][number], i: number) => userRule(`${prefix}-user-${i}`, rule.priority, rule);
  spec.subnetRules.forEach((rules, s) => nsgs.push(makeNsg(`subnet-${s}`, rules.map(toRule(`subnet-${s}`)))));
  const networks = vms.map((vm, i) => {
    if (vm.nicNsg) nsgs.push(makeNsg(`nic-${i}`, (spec.nicRules[i] ?? []).map(toRule(`nic-${i}`))));
    return {
      name: vm.name,
      network: vmNetwork(
        vm.name,
        `10.0.${vm.subnet}.${4 + i}`,
        { subnet: [`subnet-${vm.subnet}`], nic: vm.nicNsg ? [`nic-${i}`] : [] },
        vm.firewall ? { name: 'fw', publicIp: '52.1.1.1' } : undefined,
      ),
    };
  });
  return { state: makeState({ vms: networks, nsgs, firewalls: [makeFirewall('fw')] }), vms };
}

// ---------------------------------------------------------------------------------------------
// The model: what should be open
// ---------------------------------------------------------------------------------------------

interface Grant {
  vmId: string;
  port: number;
  protocol: JitProtocol;
  source: string;
  end: number;
  mappedPort?: number;
}

function networkOf(state: JitNetworkState, id: string): VmNetworkView {
  const network = state.vmNetworks.get(id.toLowerCase());
  if (!network) throw new Error(`no network for ${id}`);
  return network;
}

function packetProtocols(protocol: JitProtocol): ('Tcp' | 'Udp')[] {
  return protocol === 'TCP' ? ['Tcp'] : protocol === 'UDP' ? ['Udp'] : ['Tcp', 'Udp'];
}

function isUserRuleName(state: JitNetworkState, nsgId: string, name: string | undefined): boolean {
  const rule = state.nsgs.get(nsgId.toLowerCase())?.properties.securityRules.find((r) => r.name === name);
  return rule !== undefined && !isJitRule(rule);
}

function decidedByUserRules(state: JitNetworkState, steps: { resourceId: string; ruleName?: string }[], access: 'Allow' | 'Deny' | 'any'): boolean {
  return steps.some((step) => isUserRuleName(state, step.resourceId, step.ruleName)) && (access === 'any' || steps.every((s) => isUserRuleName(state, s.resourceId, s.ruleName)));
}

function sourceInside(prefix: string, address: string): boolean {
  return prefix === '*' || prefixContains(prefix, address);
}

function checkInvariants(args: {
  state: JitNetworkState;
  originalUserRules: Map<string, SecurityRule[]>;
  policy: JitNetworkAccessPolicy | undefined;
  grants: Map<string, Grant>;
  now: number;
}): void {
  const { state, originalUserRules, policy, grants, now } = args;

  for (const [key, nsg] of state.nsgs) {
    // User rules are never renumbered, edited or deleted.
    expect(nsg.properties.securityRules.filter((r) => !isJitRule(r))).toEqual(originalUserRules.get(key));
    // Priorities are unique per NSG and within 100–4096.
    const priorities = nsg.properties.securityRules.map((r) => r.properties.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
    for (const p of priorities) {
      expect(p).toBeGreaterThanOrEqual(MIN_RULE_PRIORITY);
      expect(p).toBeLessThanOrEqual(MAX_RULE_PRIORITY);
    }
    // No allow rule outlives its request.
    for (const rule of nsg.properties.securityRules.filter((r) => isJitRule(r) && r.properties.access === 'Allow')) {
      const owner = [...grants.values()].find(
        (g) =>
          g.end > now &&
          String(g.port) === rule.properties.destinationPortRange &&
          g.source === rule.properties.sourceAddressPrefix &&
          networkOf(state, g.vmId).privateIpAddresses.includes(rule.properties.destinationAddressPrefix ?? ''),
      );
      expect(owner, `allow rule ${rule.name} in ${nsg.name} has no open request`).toBeDefined();
    }
  }
  const dnatRules = [...state.firewalls.values()].flatMap((fw: AzureFirewall) => fw.properties.natRuleCollections.flatMap((c) => c.properties.rules));
  for (const rule of dnatRules) {
    const owner = [...grants.values()].find(
      (g) => g.end > now && String(g.mappedPort) === rule.destinationPorts[0] && networkOf(state, g.vmId).privateIpAddresses.includes(rule.translatedAddress),
    );
    expect(owner, `DNAT rule ${rule.name} has no open request`).toBeDefined();
  }

  // No request stays open on a VM+port the policy no longer covers (its rules are gone).
  const covered = new Set(policy?.properties.virtualMachines.flatMap((vm) => vm.ports.map((p) => `${vm.id.toLowerCase()}|${p.number}`)));
  for (const request of policy?.properties.requests ?? []) {
    for (const vm of request.virtualMachines) {
      for (const port of vm.ports) {
        if (port.status === 'Initiated') expect(covered.has(`${vm.id.toLowerCase()}|${port.number}`), `open request on ${vm.id}:${port.number}`).toBe(true);
      }
    }
  }

  for (const vm of policy?.properties.virtualMachines ?? []) {
    const network = networkOf(state, vm.id);
    for (const port of vm.ports) {
      const grant = grants.get(`${vm.id.toLowerCase()}|${port.number}`);
      for (const protocol of packetProtocols(port.protocol)) {
        for (const sourceAddress of PROBE_SOURCES) {
          const verdict = evaluateInbound({ packet: { sourceAddress, port: port.number, protocol, via: 'vm' }, network, nsgs: state.nsgs, firewalls: state.firewalls });
          if (grant && sourceInside(grant.source, sourceAddress)) {
            // An open request lets its source in, unless a user rule of higher precedence denies it.
            if (!verdict.allowed) expect(decidedByUserRules(state, verdict.steps, 'any')).toBe(true);
          } else if (verdict.allowed) {
            // Under JIT and outside any open request: only the user's own rules can let traffic in
            // (JIT never makes a port more open than the user's rules already made it).
            expect(decidedByUserRules(state, verdict.steps, 'Allow')).toBe(true);
          }
          if (network.firewall && grant?.mappedPort !== undefined) {
            const viaFirewall = evaluateInbound({
              packet: { sourceAddress, port: grant.mappedPort, protocol, via: 'firewall' },
              network,
              nsgs: state.nsgs,
              firewalls: state.firewalls,
            });
            if (!sourceInside(grant.source, sourceAddress)) expect(viaFirewall.allowed).toBe(false);
            else if (!viaFirewall.allowed) expect(decidedByUserRules(state, viaFirewall.steps, 'any')).toBe(true);
          }
        }
      }
      if (!grant && network.firewall) {
        // No open request: the firewall forwards nothing to this port.
        expect(dnatRules.some((r) => r.translatedAddress === network.privateIpAddresses[0] && r.translatedPort === String(port.number))).toBe(false);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('JIT rules property: random enable / edit / remove / request / expire sequences', () => {
  it('never touches user rules, keeps priorities valid, and opens exactly what open requests allow', { timeout: TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fleetArb, fc.array(operationArb, { minLength: 1, maxLength: 8 }), (spec, operations) => {
        const { state: initial, vms } = buildFleet(spec);
        const originalUserRules = new Map([...initial.nsgs].map(([key, nsg]) => [key, nsg.properties.securityRules.filter((r) => !isJitRule(r))]));
        let state = initial;
        let policy: JitNetworkAccessPolicy | undefined;
        let grants = new Map<string, Grant>();
        let now = START;

        for (const op of operations) {
          if (op.kind === 'write' || op.kind === 'delete') {
            let next: JitNetworkAccessPolicy | undefined;
            if (op.kind === 'write') {
              const chosen = new Map<number, (typeof op.vms)[number]['ports']>();
              for (const entry of op.vms) if (entry.vm < vms.length) chosen.set(entry.vm, entry.ports);
              next = normalizePolicyForStore({
                id: POLICY_ID,
                name: 'default',
                location: 'westeurope',
                input: {
                  properties: {
                    virtualMachines: [...chosen].map(([index, ports]) => ({
                      id: vmId(`vm-${index}`),
                      ports: ports.map((p) => portRule(p.number, { protocol: p.protocol, sources: [p.source], max: `PT${p.maxHours}H` })),
                    })),
                  },
                },
                previous: policy,
                state,
                now: new Date(now),
              });
            }
            const result = applyPolicyWrite({ previous: policy, next, state, now: new Date(now) });
            expect(result.ok).toBe(true);
            if (!result.ok) return;
            state = withWrite(state, result.value);
            // A grant survives only while its VM+port+protocol stays under JIT (otherwise its rules were removed).
            const keep = new Set(next?.properties.virtualMachines.flatMap((vm) => vm.ports.map((p) => `${vm.id.toLowerCase()}|${p.number}|${p.protocol}`)));
            grants = new Map([...grants].filter(([, g]) => keep.has(`${g.vmId.toLowerCase()}|${g.port}|${g.protocol}`)));
            policy = next;
            // Idempotent PUT: writing the same policy again changes nothing.
            const again = applyPolicyWrite({ previous: policy, next: policy, state, now: new Date(now) });
            expect(again.ok && again.value.changes.length === 0 && again.value.nsgs.length === 0).toBe(true);
          } else if (op.kind === 'request') {
            if (!policy) continue;
            const id = vmId(`vm-${op.vm}`);
            const body = {
              virtualMachines: [
                {
                  id,
                  ports: [
                    {
                      number: op.port,
                      endTimeUtc: new Date(now + op.minutes * 60_000).toISOString(),
                      ...(op.source === undefined ? {} : { allowedSourceAddressPrefix: op.source }),
                    },
                  ],
                },
              ],
            };
            const rule = policy.properties.virtualMachines.find((vm) => vm.id === id)?.ports.find((p) => p.number === op.port);
            const source = op.source ?? CALLER;
            const allowed = rule?.allowedSourceAddressPrefix ?? '';
            const expectedValid =
              rule !== undefined &&
              op.minutes > 0 &&
              op.minutes * 60_000 <= Number(/PT(\d)H/.exec(rule.maxRequestAccessDuration)?.[1]) * 3_600_000 &&
              (allowed === '*' || (source !== '*' && prefixContains(allowed, source)));
            const result = applyInitiate({ policy, body, requestor: 'requester@contoso.com', callerAddress: CALLER, state, now: new Date(now) });
            expect(result.ok).toBe(expectedValid);
            if (!result.ok || !rule) continue;
            state = withWrite(state, result.value.write);
            policy = result.value.policy;
            const mappedPort = result.value.request.virtualMachines[0]?.ports[0]?.mappedPort;
            grants.set(`${id.toLowerCase()}|${op.port}`, {
              vmId: id,
              port: op.port,
              protocol: rule.protocol,
              source,
              end: now + op.minutes * 60_000,
              ...(mappedPort === undefined ? {} : { mappedPort }),
            });
          } else {
            now += op.minutes * 60_000;
          }

          // Expiry runs on every read and write.
          if (policy) {
            const expired = expireRequests({ policy, state, now: new Date(now) });
            policy = expired.policy;
            state = withWrite(state, expired.write);
          }
          grants = new Map([...grants].filter(([, g]) => g.end > now));
          checkInvariants({ state, originalUserRules, policy, grants, now });
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('cleanup property: redundant JIT rules', () => {
  const ruleArb = fc.record({
    jit: fc.boolean(),
    vm: fc.constantFrom('vm-0', 'vm-1', 'vm-gone'),
    destination: fc.constantFrom('10.0.0.4', '10.0.0.5', '10.0.9.9'),
    source: fc.constantFrom('*', '198.51.100.7'),
    access: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
    port: fc.constantFrom('22', '3389'),
    priority: fc.integer({ min: MIN_RULE_PRIORITY, max: 140 }),
  });

  it('removes only JIT rules, leaves no two identical JIT rules and no misdescribed one, and is idempotent', { timeout: TIMEOUT_MS }, () => {
    const state = makeState({
      vms: [
        { name: 'vm-0', network: vmNetwork('vm-0', '10.0.0.4', { subnet: ['subnet-0'] }) },
        { name: 'vm-1', network: vmNetwork('vm-1', '10.0.0.5', { subnet: ['subnet-0'] }) },
      ],
      nsgs: [],
    });
    fc.assert(
      fc.property(fc.uniqueArray(ruleArb, { maxLength: 10, selector: (r) => r.priority }), (specs) => {
        const rules = specs.map((spec, i): SecurityRule => {
          const base = userRule(`${spec.jit ? JIT_RULE_PREFIX : 'user'}_${i}`, spec.priority, spec);
          return { ...base, properties: { ...base.properties, description: `JIT rule for port ${spec.port} of VM '${spec.vm}' in policy 'default'` } };
        });
        const nsg = makeNsg('subnet-0', rules);
        const { nsg: cleaned, changes } = cleanupRedundantRules(nsg, state);
        expect(cleaned.properties.securityRules.filter((r) => !isJitRule(r))).toEqual(rules.filter((r) => !isJitRule(r)));
        expect(changes.length).toBe(rules.length - cleaned.properties.securityRules.length);
        const jit = cleaned.properties.securityRules.filter(isJitRule);
        const signatures = jit.map((r) => JSON.stringify({ ...r.properties, priority: 0, description: '' }));
        expect(new Set(signatures).size).toBe(signatures.length);
        const ipOf: Record<string, string> = { 'vm-0': '10.0.0.4', 'vm-1': '10.0.0.5' };
        for (const rule of jit) {
          const named = /VM '([^']+)'/.exec(rule.properties.description ?? '')?.[1] ?? '';
          const ip = ipOf[named];
          if (ip !== undefined) expect(rule.properties.destinationAddressPrefix).toBe(ip);
        }
        // Every removed rule was a duplicate of a kept rule at a higher priority, or misdescribed.
        for (const change of changes) {
          const removed = rules.find((r) => r.name === change.ruleName);
          expect(removed && isJitRule(removed)).toBe(true);
        }
        expect(cleanupRedundantRules(cleaned, state).changes).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

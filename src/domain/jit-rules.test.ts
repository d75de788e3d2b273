import { describe, expect, it } from 'vitest';
import type { SecurityRule } from './arm-types';
import {
  applyInitiate,
  applyPolicyWrite,
  cleanupRedundantRules,
  expireRequests,
  isJitRule,
  JIT_NAT_RULE_COLLECTION,
  JIT_RULE_PREFIX,
  normalizePolicyForStore,
  planAllowPriority,
  planDenyPriority,
  revokeRequestsForRemovedPorts,
  validateInitiate,
  type JitNetworkState,
} from './jit-rules';
import { jitRuleName } from './jit-rule-naming';
import type { JitNetworkAccessPolicy, JitNetworkAccessPolicyInitiateRequest } from './jit-types';
import {
  emptyResources,
  firewallId,
  makeFirewall,
  makeNic,
  makeNsg,
  makePolicy,
  makeState,
  makeVm,
  makeVnet,
  networkStateOf,
  nsgId,
  portRule,
  rulesOf,
  subnetId,
  userRule,
  vmId,
  vmNetwork,
  withWrite,
} from './fleet-builders';

const NOW = new Date('2024-05-01T10:00:00.000Z');
const inHours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

function write(state: JitNetworkState, previous: JitNetworkAccessPolicy | undefined, next: JitNetworkAccessPolicy | undefined) {
  const result = applyPolicyWrite({ previous, next, state, now: NOW });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { result: result.value, state: withWrite(state, result.value) };
}

function initiate(state: JitNetworkState, policy: JitNetworkAccessPolicy, body: JitNetworkAccessPolicyInitiateRequest, caller = '203.0.113.7', now = NOW) {
  const result = applyInitiate({ policy, body, requestor: 'requester@contoso.com', callerAddress: caller, state, now });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { ...result.value, state: withWrite(state, result.value.write) };
}

const jitRules = (rules: SecurityRule[]) => rules.filter(isJitRule);
const byAccess = (rules: SecurityRule[], access: 'Allow' | 'Deny') => jitRules(rules).filter((r) => r.properties.access === access);

function oneVmState(userRules: SecurityRule[] = [], nic = true) {
  return makeState({
    vms: [{ name: 'vm-linux', network: vmNetwork('vm-linux', '10.0.1.4', { subnet: ['nsg-subnet'], ...(nic ? { nic: ['nsg-nic'] } : {}) }) }],
    nsgs: [makeNsg('nsg-subnet'), makeNsg('nsg-nic', userRules)],
  });
}

describe('applyPolicyWrite: enabling JIT writes deny rules', () => {
  it('writes a deny-all rule for the port in every NSG guarding the VM (subnet and NIC), on top when no user rule covers it', () => {
    const { result, state } = write(oneVmState(), undefined, makePolicy([{ name: 'vm-linux', ports: [portRule(22, { protocol: 'TCP' })] }]));
    expect(result.nsgs.map((n) => n.name).sort()).toEqual(['nsg-nic', 'nsg-subnet']);
    for (const nsg of ['nsg-subnet', 'nsg-nic']) {
      const [deny] = byAccess(rulesOf(state, nsg), 'Deny');
      expect(deny).toBeDefined();
      expect(deny?.name.startsWith(JIT_RULE_PREFIX)).toBe(true);
      expect(deny?.name.length).toBeLessThanOrEqual(80);
      expect(deny?.name).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(deny?.properties).toMatchObject({
        description: "JIT rule for port 22 of VM 'vm-linux' in policy 'default'",
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: '10.0.1.4',
        destinationPortRange: '22',
        direction: 'Inbound',
        access: 'Deny',
        priority: 101, // 100 stays free for the allow rule
      });
    }
    expect(result.changes.filter((c) => c.reason === 'PolicyPortAdded')).toHaveLength(2);
    expect(result.firewalls).toEqual([]);
  });

  it('maps the JIT protocols TCP, UDP and * to the NSG protocols Tcp, Udp and *', () => {
    const policy = makePolicy([{ name: 'vm-linux', ports: [portRule(22, { protocol: 'TCP' }), portRule(53, { protocol: 'UDP' }), portRule(3389, { protocol: '*' })] }]);
    const { state } = write(oneVmState([], false), undefined, policy);
    const protocols = Object.fromEntries(
      byAccess(rulesOf(state, 'nsg-subnet'), 'Deny').map((r): [string, string] => [r.properties.destinationPortRange ?? '', r.properties.protocol]),
    );
    expect(protocols).toEqual({ '22': 'Tcp', '53': 'Udp', '3389': '*' });
  });

  it('names rules deterministically by VM, port, protocol and access', () => {
    expect(jitRuleName(vmId('a'), 22, 'TCP', 'Deny')).toBe(jitRuleName(vmId('a').toUpperCase(), 22, 'TCP', 'Deny'));
    expect(jitRuleName(vmId('a'), 22, 'TCP', 'Deny')).not.toBe(jitRuleName(vmId('b'), 22, 'TCP', 'Deny'));
    expect(jitRuleName(vmId('a'), 22, 'TCP', 'Deny')).not.toBe(jitRuleName(vmId('a'), 22, 'UDP', 'Deny'));
    expect(jitRuleName(vmId('a'), 22, '*', 'Allow')).toMatch(/^SecurityCenter-JITRule_[0-9a-f]{8}_22_Any_Allow$/);
  });

  it('puts the deny rule below user rules that cover the port, so they keep precedence', () => {
    const userAllow = userRule('AllowSshFromOffice', 300, { port: '22', source: '198.51.100.0/24' });
    const { state } = write(oneVmState([userAllow]), undefined, makePolicy([{ name: 'vm-linux', ports: [portRule(22)] }]));
    const [deny] = byAccess(rulesOf(state, 'nsg-nic'), 'Deny');
    expect(deny?.properties.priority).toBe(302); // 301 is left for the allow rule
    const [subnetDeny] = byAccess(rulesOf(state, 'nsg-subnet'), 'Deny');
    expect(subnetDeny?.properties.priority).toBe(101); // no user rule there
  });

  it.each([
    ['a port range', userRule('r', 500, { port: '20-30' }), true],
    ['the any port', userRule('r', 500, { port: '*' }), true],
    ['a port list', userRule('r', 500, { ports: ['80', '22'] }), true],
    ['a deny rule (any access)', userRule('r', 500, { access: 'Deny' }), true],
    ['the VirtualNetwork destination', userRule('r', 500, { destination: 'VirtualNetwork' }), true],
    ['a CIDR holding the VM', userRule('r', 500, { destination: '10.0.1.0/24' }), true],
    ['the any protocol', userRule('r', 500, { protocol: '*' }), true],
    ['another port', userRule('r', 500, { port: '80' }), false],
    ['another destination', userRule('r', 500, { destination: '10.0.2.4' }), false],
    ['another protocol', userRule('r', 500, { protocol: 'Udp' }), false],
    ['an outbound rule', userRule('r', 500, { direction: 'Outbound' }), false],
  ])('treats %s as covering: %s', (_label, rule, covers) => {
    const policy = makePolicy([{ name: 'vm-linux', ports: [portRule(22, { protocol: 'TCP' })] }]);
    const { state } = write(oneVmState([rule]), undefined, policy);
    const [deny] = byAccess(rulesOf(state, 'nsg-nic'), 'Deny');
    expect(deny?.properties.priority).toBe(covers ? 502 : 101);
  });

  it('skips priorities taken by other rules and keeps the slot above each JIT deny rule for its allow rule', () => {
    const nsg = makeNsg('n', [userRule('web', 100, { port: '80' }), userRule('x', 102, { port: '443' })]);
    expect(planDenyPriority(nsg, 99)).toBe(104);
    const withDeny = makeNsg('n', [{ ...userRule(`${JIT_RULE_PREFIX}_x`, 101, { access: 'Deny' }) }]);
    expect(planDenyPriority(withDeny, 99)).toBe(103); // 100 is reserved for the allow rule of the deny at 101
  });

  it('never renumbers, edits or deletes user rules', () => {
    const users = [userRule('AllowSsh', 100, { port: '22' }), userRule('DenyRdp', 101, { port: '3389', access: 'Deny' })];
    const before = structuredClone(users);
    const { state } = write(oneVmState(users), undefined, makePolicy([{ name: 'vm-linux', ports: [portRule(22), portRule(3389)] }]));
    const after = rulesOf(state, 'nsg-nic').filter((r) => !isJitRule(r));
    expect(after).toEqual(before);
    expect(after[0]).toBe(users[0]);
  });

  it('is idempotent: writing the same policy again changes nothing', () => {
    const policy = makePolicy([{ name: 'vm-linux', ports: [portRule(22), portRule(3389)] }]);
    const first = write(oneVmState(), undefined, policy);
    const again = applyPolicyWrite({ previous: policy, next: policy, state: first.state, now: NOW });
    expect(again).toEqual({ ok: true, value: { nsgs: [], firewalls: [], changes: [] } });
  });

  it('writes the deny rule of an unchanged port into an NSG attached since the last write', () => {
    const policy = makePolicy([{ name: 'vm-linux', ports: [portRule(22)] }]);
    const first = write(oneVmState([], false), undefined, policy);
    const attached: JitNetworkState = {
      ...first.state,
      nsgs: new Map([...first.state.nsgs, [nsgId('nsg-nic').toLowerCase(), makeNsg('nsg-nic')]]),
      vmNetworks: new Map([[vmId('vm-linux').toLowerCase(), vmNetwork('vm-linux', '10.0.1.4', { subnet: ['nsg-subnet'], nic: ['nsg-nic'] })]]),
    };
    const { result } = write(attached, policy, policy);
    expect(result.nsgs.map((n) => n.name)).toEqual(['nsg-nic']);
  });

  it('removes the JIT rules (deny, allow, DNAT) of a port taken out of the policy, and keeps the others', () => {
    const fleet = makeState({
      vms: [{ name: 'vm-fw', network: vmNetwork('vm-fw', '10.0.1.5', { nic: ['nsg-fw'] }, { name: 'fw', publicIp: '52.1.1.1' }) }],
      nsgs: [makeNsg('nsg-fw', [userRule('AllowHttp', 200, { port: '80' })])],
      firewalls: [makeFirewall('fw')],
    });
    const policy = makePolicy([{ name: 'vm-fw', ports: [portRule(22), portRule(3389)] }]);
    const enabled = write(fleet, undefined, policy);
    const opened = initiate(enabled.state, policy, { virtualMachines: [{ id: vmId('vm-fw'), ports: [{ number: 22, endTimeUtc: inHours(1) }] }] });
    expect(jitRules(rulesOf(opened.state, 'nsg-fw'))).toHaveLength(3);
    const edited = makePolicy([{ name: 'vm-fw', ports: [portRule(3389)] }]);
    const { result, state } = write(opened.state, opened.policy, edited);
    const left = jitRules(rulesOf(state, 'nsg-fw'));
    expect(left.map((r) => r.properties.destinationPortRange)).toEqual(['3389']);
    expect(rulesOf(state, 'nsg-fw').find((r) => r.name === 'AllowHttp')).toBeDefined();
    const dnat = state.firewalls.get(firewallId('fw').toLowerCase())?.properties.natRuleCollections.flatMap((c) => c.properties.rules);
    expect(dnat).toEqual([]);
    expect(result.changes.map((c) => [c.action, c.target, c.access, c.reason])).toEqual(
      expect.arrayContaining([
        ['remove', 'nsg', 'Deny', 'PolicyPortRemoved'],
        ['remove', 'nsg', 'Allow', 'PolicyPortRemoved'],
        ['remove', 'firewall', 'Allow', 'PolicyPortRemoved'],
      ]),
    );
  });

  it('removes every JIT rule of the policy when it is deleted', () => {
    const policy = makePolicy([{ name: 'vm-linux', ports: [portRule(22), portRule(3389)] }]);
    const enabled = write(oneVmState([userRule('u', 100, { port: '80' })]), undefined, policy);
    const { state } = write(enabled.state, policy, undefined);
    expect(jitRules(rulesOf(state, 'nsg-nic'))).toEqual([]);
    expect(jitRules(rulesOf(state, 'nsg-subnet'))).toEqual([]);
    expect(rulesOf(state, 'nsg-nic')).toHaveLength(1);
  });

  it('treats a changed protocol as a removal and an addition', () => {
    const tcp = makePolicy([{ name: 'vm-linux', ports: [portRule(22, { protocol: 'TCP' })] }]);
    const udp = makePolicy([{ name: 'vm-linux', ports: [portRule(22, { protocol: 'UDP' })] }]);
    const enabled = write(oneVmState([], false), undefined, tcp);
    const { result, state } = write(enabled.state, tcp, udp);
    expect(result.changes.map((c) => `${c.action}:${c.reason}`)).toEqual(['remove:PolicyPortRemoved', 'add:PolicyPortAdded']);
    expect(byAccess(rulesOf(state, 'nsg-subnet'), 'Deny').map((r) => r.properties.protocol)).toEqual(['Udp']);
  });

  it('gives each VM of a shared subnet NSG its own deny rule and allow slot', () => {
    const fleet = makeState({
      vms: [
        { name: 'a', network: vmNetwork('a', '10.0.1.4', { subnet: ['shared'] }) },
        { name: 'b', network: vmNetwork('b', '10.0.1.5', { subnet: ['shared'] }) },
      ],
      nsgs: [makeNsg('shared')],
    });
    const { state } = write(fleet, undefined, makePolicy([{ name: 'a', ports: [portRule(22)] }, { name: 'b', ports: [portRule(22)] }]));
    expect(byAccess(rulesOf(state, 'shared'), 'Deny').map((r) => [r.properties.destinationAddressPrefix, r.properties.priority])).toEqual([
      ['10.0.1.4', 101],
      ['10.0.1.5', 103],
    ]);
  });

  it('refuses with NoFreePriority naming the NSG and port, changing nothing, when no priority is free', () => {
    const full = Array.from({ length: 4096 - 100 + 1 }, (_, i) => userRule(`u${i}`, 100 + i, { port: '80' }));
    const result = applyPolicyWrite({ previous: undefined, next: makePolicy([{ name: 'vm-linux', ports: [portRule(22)] }]), state: oneVmState(full), now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([['NoFreePriority', 'properties.virtualMachines[0].ports[0].number']]);
    expect(result.errors[0]?.message).toMatch(/nsg-nic.*port 22/);
  });

  it('runs cleanup on the NSGs it touches and reports what cleanup removed', () => {
    const base = userRule('x', 900, { access: 'Deny', destination: '10.9.9.9' });
    const stale: SecurityRule = {
      name: `${JIT_RULE_PREFIX}_legacy`,
      properties: { ...base.properties, description: "JIT rule for port 22 of VM 'vm-linux' in policy 'default'" },
    };
    const { result, state } = write(oneVmState([], false), undefined, makePolicy([{ name: 'vm-linux', ports: [portRule(80)] }]));
    const dirty = withWrite(state, { nsgs: [makeNsg('nsg-subnet', [...rulesOf(state, 'nsg-subnet'), stale])], firewalls: [] });
    const policy = makePolicy([{ name: 'vm-linux', ports: [portRule(80)] }]);
    const again = write(dirty, policy, policy);
    expect(result.changes.every((c) => c.reason === 'PolicyPortAdded')).toBe(true);
    expect(again.result.changes).toEqual([expect.objectContaining({ reason: 'CleanupVmMismatch', ruleName: `${JIT_RULE_PREFIX}_legacy` })]);
    expect(rulesOf(again.state, 'nsg-subnet').map((r) => r.name)).not.toContain(`${JIT_RULE_PREFIX}_legacy`);
  });
});

describe('applyPolicyWrite on a VM with several addresses', () => {
  it('points the deny rule at the primary IP configuration of the primary NIC', () => {
    const subnet = subnetId('vnet', 'default');
    const resources = {
      ...emptyResources(),
      networkInterfaces: [
        makeNic('nic-1', { subnet, privateIp: '10.0.1.4' }),
        makeNic('nic-2', { subnet, privateIp: '10.0.1.5', primary: false, extraIpConfigs: [{ subnet, privateIp: '10.0.1.6', primary: true }] }),
      ],
      networkSecurityGroups: [makeNsg('nsg-subnet')],
      virtualNetworks: [makeVnet('vnet', ['10.0.0.0/16'], [{ name: 'default', prefix: '10.0.1.0/24', nsg: 'nsg-subnet' }])],
    };
    const state = networkStateOf(resources, [makeVm('vm-multi', { nics: ['nic-1', 'nic-2'], primaryNic: 1 })]);
    const { state: after } = write(state, undefined, makePolicy([{ name: 'vm-multi', ports: [portRule(22)] }]));
    expect(byAccess(rulesOf(after, 'nsg-subnet'), 'Deny').map((r) => r.properties.destinationAddressPrefix)).toEqual(['10.0.1.6']);
  });
});

describe('normalizePolicyForStore', () => {
  const fleet = makeState({
    vms: [
      { name: 'vm-fw', network: vmNetwork('vm-fw', '10.0.1.5', { nic: ['n'] }, { name: 'fw', publicIp: '52.1.1.1' }) },
      { name: 'vm-plain', network: vmNetwork('vm-plain', '10.0.1.6', { nic: ['n'] }) },
    ],
    nsgs: [makeNsg('n')],
  });
  const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default';

  it('fills id, type, kind, location, the firewall public IP and provisioningState, and strips a client-sent public IP', () => {
    const stored = normalizePolicyForStore({
      id,
      name: 'default',
      location: 'westeurope',
      input: {
        properties: {
          virtualMachines: [
            { id: vmId('vm-fw'), ports: [portRule(22)] },
            { id: vmId('vm-plain'), ports: [portRule(22)], publicIpAddress: '1.2.3.4' },
          ],
        },
      },
      previous: undefined,
      state: fleet,
    });
    expect(stored).toEqual({
      id,
      name: 'default',
      type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
      kind: 'Basic',
      location: 'westeurope',
      properties: {
        virtualMachines: [
          { id: vmId('vm-fw'), ports: [portRule(22)], publicIpAddress: '52.1.1.1' },
          { id: vmId('vm-plain'), ports: [portRule(22)] },
        ],
        requests: [],
        provisioningState: 'Succeeded',
      },
    });
  });

  it('keeps the stored requests and ignores requests sent by the client', () => {
    const previous = makePolicy([{ name: 'vm-plain', ports: [portRule(22)] }]);
    const kept = [{ virtualMachines: [], startTimeUtc: NOW.toISOString(), requestor: 'a@contoso.com' }];
    previous.properties.requests = kept;
    const stored = normalizePolicyForStore({
      id,
      name: 'default',
      location: 'westeurope',
      input: {
        kind: 'Basic',
        properties: { virtualMachines: [], requests: [{ virtualMachines: [], startTimeUtc: NOW.toISOString(), requestor: 'forged@contoso.com' }] },
      },
      previous,
      state: fleet,
    });
    expect(stored.properties.requests).toBe(kept);
  });
});

describe('open requests end with their port (normalizePolicyForStore / revokeRequestsForRemovedPorts)', () => {
  const twoPorts = makePolicy([
    { name: 'vm-linux', ports: [portRule(22, { protocol: 'TCP' }), portRule(3389, { protocol: 'TCP' })] },
    { name: 'vm-other', ports: [portRule(22, { protocol: 'TCP' })] },
  ]);
  const state = makeState({
    vms: [
      { name: 'vm-linux', network: vmNetwork('vm-linux', '10.0.1.4', { nic: ['n'] }) },
      { name: 'vm-other', network: vmNetwork('vm-other', '10.0.1.5', { nic: ['n'] }) },
    ],
    nsgs: [makeNsg('n')],
  });
  const open = (ports: number[], vm = 'vm-linux', end = inHours(1)) => ({
    virtualMachines: [{ id: vmId(vm), ports: ports.map((number) => ({ number, endTimeUtc: end })) }],
  });
  function opened() {
    const enabled = write(state, undefined, twoPorts);
    const a = initiate(enabled.state, twoPorts, open([22, 3389]));
    const b = initiate(a.state, a.policy, open([22], 'vm-other'));
    return b;
  }
  const store = (previous: JitNetworkAccessPolicy, vms: { name: string; ports: ReturnType<typeof portRule>[] }[], now?: Date) =>
    normalizePolicyForStore({
      id: previous.id,
      name: previous.name,
      location: previous.location,
      input: { properties: { virtualMachines: makePolicy(vms).properties.virtualMachines } },
      previous,
      state,
      ...(now === undefined ? {} : { now }),
    });
  const statuses = (policy: JitNetworkAccessPolicy) =>
    (policy.properties.requests ?? []).flatMap((r) => r.virtualMachines.flatMap((vm) => vm.ports.map((p) => `${vm.id.split('/').pop() ?? ''}:${p.number}:${p.status}/${p.statusReason}`)));

  it('removing a port from a VM revokes (UserRequested) the open request port on it, and only that one', () => {
    const { policy } = opened();
    const stored = store(policy, [
      { name: 'vm-linux', ports: [portRule(22, { protocol: 'TCP' })] },
      { name: 'vm-other', ports: [portRule(22, { protocol: 'TCP' })] },
    ]);
    expect(statuses(stored)).toEqual(['vm-linux:22:Initiated/UserRequested', 'vm-linux:3389:Revoked/UserRequested', 'vm-other:22:Initiated/UserRequested']);
  });

  it('removing a VM revokes every open request port of that VM; its allow rules are removed by the same write', () => {
    const { policy, state: current } = opened();
    const stored = store(policy, [{ name: 'vm-other', ports: [portRule(22, { protocol: 'TCP' })] }]);
    expect(statuses(stored)).toEqual(['vm-linux:22:Revoked/UserRequested', 'vm-linux:3389:Revoked/UserRequested', 'vm-other:22:Initiated/UserRequested']);
    const after = write(current, policy, stored);
    const allowTo = (ip: string) => byAccess(rulesOf(after.state, 'n'), 'Allow').filter((r) => r.properties.destinationAddressPrefix === ip);
    expect(allowTo('10.0.1.4')).toEqual([]);
    expect(allowTo('10.0.1.5')).toHaveLength(1);
  });

  it('changing the protocol of a port ends its open request (the rule written for the old protocol is removed)', () => {
    const { policy } = opened();
    const stored = store(policy, [
      { name: 'vm-linux', ports: [portRule(22, { protocol: 'UDP' }), portRule(3389, { protocol: 'TCP' })] },
      { name: 'vm-other', ports: [portRule(22, { protocol: 'TCP' })] },
    ]);
    expect(statuses(stored)).toContain('vm-linux:22:Revoked/UserRequested');
    expect(statuses(stored)).toContain('vm-linux:3389:Initiated/UserRequested');
  });

  it('leaves closed ports as they were, and marks a port whose end time already passed Expired when now is given', () => {
    const { policy } = opened();
    const later = store(policy, [{ name: 'vm-other', ports: [portRule(22, { protocol: 'TCP' })] }], new Date(inHours(2)));
    expect(statuses(later)).toEqual(['vm-linux:22:Revoked/Expired', 'vm-linux:3389:Revoked/Expired', 'vm-other:22:Initiated/UserRequested']);
    const twice = store(later, [{ name: 'vm-other', ports: [portRule(22, { protocol: 'TCP' })] }], NOW);
    expect(twice.properties.requests).toBe(later.properties.requests);
  });

  it('keeps the same requests array when the edit removes nothing (changing sources or durations keeps access open)', () => {
    const { policy } = opened();
    const requests = revokeRequestsForRemovedPorts({
      previous: policy,
      virtualMachines: makePolicy([
        { name: 'vm-linux', ports: [portRule(22, { protocol: 'TCP', max: 'PT1H' }), portRule(3389, { protocol: 'TCP', sources: ['198.51.100.0/24'] })] },
        { name: 'vm-other', ports: [portRule(22, { protocol: 'TCP' })] },
      ]).properties.virtualMachines,
    });
    expect(requests).toBe(policy.properties.requests);
  });
});

describe('validateInitiate', () => {
  const policy = makePolicy([
    { name: 'vm', ports: [portRule(22, { sources: ['198.51.100.0/24', '203.0.113.0/24'], max: 'PT3H' }), portRule(3389, { sources: ['*'], max: 'PT1H' })] },
  ]);
  const check = (ports: { number: number; allowedSourceAddressPrefix?: string; endTimeUtc: string }[], id = vmId('vm'), caller = '203.0.113.7') =>
    validateInitiate({ policy, body: { virtualMachines: [{ id, ports }] }, callerAddress: caller, now: NOW }).map((e) => `${e.path}:${e.code}`);

  it('accepts a source inside an allowed prefix and an end time within the maximum', () => {
    expect(check([{ number: 22, allowedSourceAddressPrefix: '198.51.100.0/28', endTimeUtc: inHours(3) }])).toEqual([]);
    expect(check([{ number: 3389, allowedSourceAddressPrefix: '*', endTimeUtc: inHours(1) }])).toEqual([]);
  });

  it('uses the caller address when the source is omitted ("My IP")', () => {
    expect(check([{ number: 22, endTimeUtc: inHours(1) }])).toEqual([]);
    expect(check([{ number: 22, endTimeUtc: inHours(1) }], vmId('vm'), '192.0.2.1')).toEqual(['virtualMachines[0].ports[0].allowedSourceAddressPrefix:SourceNotAllowed']);
  });

  it('rejects a VM or port outside the policy', () => {
    expect(check([{ number: 22, endTimeUtc: inHours(1) }], vmId('other'))).toEqual(['virtualMachines[0].id:VmNotInPolicy']);
    expect(check([{ number: 80, endTimeUtc: inHours(1) }])).toEqual(['virtualMachines[0].ports[0].number:PortNotInPolicy']);
  });

  it('matches VM ids case-insensitively', () => {
    expect(check([{ number: 22, endTimeUtc: inHours(1) }], vmId('vm').toUpperCase())).toEqual([]);
  });

  it('requires the end time strictly after now and at most now + the port maximum', () => {
    const path = 'virtualMachines[0].ports[0].endTimeUtc';
    expect(check([{ number: 22, endTimeUtc: NOW.toISOString() }])).toEqual([`${path}:EndTimeInPast`]);
    expect(check([{ number: 22, endTimeUtc: inHours(-1) }])).toEqual([`${path}:EndTimeInPast`]);
    expect(check([{ number: 22, endTimeUtc: inHours(3) }])).toEqual([]);
    expect(check([{ number: 22, endTimeUtc: new Date(NOW.getTime() + 3 * 3_600_000 + 1000).toISOString() }])).toEqual([`${path}:EndTimeTooLate`]);
    expect(check([{ number: 3389, endTimeUtc: inHours(2) }])).toEqual([`${path}:EndTimeTooLate`]);
    expect(check([{ number: 22, endTimeUtc: 'tomorrow' }])).toEqual([`${path}:InvalidEndTime`]);
    expect(check([{ number: 22, endTimeUtc: '2024-05-01T11:00:00.0000000Z' }])).toEqual([]);
  });

  it('allows "*" only where the policy allows any source, and rejects sources outside the allowed prefixes', () => {
    const path = 'virtualMachines[0].ports[0].allowedSourceAddressPrefix';
    expect(check([{ number: 22, allowedSourceAddressPrefix: '*', endTimeUtc: inHours(1) }])).toEqual([`${path}:SourceNotAllowed`]);
    expect(check([{ number: 22, allowedSourceAddressPrefix: '198.51.0.0/16', endTimeUtc: inHours(1) }])).toEqual([`${path}:SourceNotAllowed`]);
    expect(check([{ number: 22, allowedSourceAddressPrefix: '10.0.0.300', endTimeUtc: inHours(1) }])).toEqual([`${path}:InvalidAddressPrefix`]);
  });
});

describe('applyInitiate', () => {
  const policy = makePolicy([{ name: 'vm-linux', ports: [portRule(22, { protocol: 'TCP' })] }]);

  it('writes an allow rule from the source just above the deny rule in each NSG and stores the request', () => {
    const enabled = write(oneVmState(), undefined, policy);
    const opened = initiate(
      enabled.state,
      policy,
      { virtualMachines: [{ id: vmId('vm-linux'), ports: [{ number: 22, allowedSourceAddressPrefix: '198.51.100.7', endTimeUtc: inHours(2) }] }], justification: 'patching' },
    );
    for (const nsg of ['nsg-subnet', 'nsg-nic']) {
      const [deny] = byAccess(rulesOf(opened.state, nsg), 'Deny');
      const [allow] = byAccess(rulesOf(opened.state, nsg), 'Allow');
      expect(allow?.properties).toMatchObject({ access: 'Allow', sourceAddressPrefix: '198.51.100.7', destinationAddressPrefix: '10.0.1.4', destinationPortRange: '22', protocol: 'Tcp' });
      expect(allow?.properties.priority).toBe((deny?.properties.priority ?? 0) - 1);
    }
    expect(opened.request).toEqual({
      virtualMachines: [
        {
          id: vmId('vm-linux'),
          ports: [{ number: 22, allowedSourceAddressPrefix: '198.51.100.7', endTimeUtc: inHours(2), status: 'Initiated', statusReason: 'UserRequested' }],
        },
      ],
      startTimeUtc: NOW.toISOString(),
      requestor: 'requester@contoso.com',
      justification: 'patching',
    });
    expect(opened.policy.properties.requests).toEqual([opened.request]);
    expect(opened.write.changes.filter((c) => c.reason === 'RequestApproved')).toHaveLength(2);
  });

  it('uses the caller address when no source is given', () => {
    const enabled = write(oneVmState([], false), undefined, policy);
    const opened = initiate(enabled.state, policy, { virtualMachines: [{ id: vmId('vm-linux'), ports: [{ number: 22, endTimeUtc: inHours(1) }] }] }, '192.0.2.44');
    expect(byAccess(rulesOf(opened.state, 'nsg-subnet'), 'Allow')[0]?.properties.sourceAddressPrefix).toBe('192.0.2.44');
    expect(opened.request.virtualMachines[0]?.ports[0]?.allowedSourceAddressPrefix).toBe('192.0.2.44');
  });

  it('revokes the older request on the same VM and port and leaves exactly one allow rule', () => {
    const enabled = write(oneVmState([], false), undefined, policy);
    const body = (source: string) => ({ virtualMachines: [{ id: vmId('vm-linux'), ports: [{ number: 22, allowedSourceAddressPrefix: source, endTimeUtc: inHours(1) }] }] });
    const first = initiate(enabled.state, policy, body('198.51.100.1'));
    const second = initiate(first.state, first.policy, body('198.51.100.2'));
    const allows = byAccess(rulesOf(second.state, 'nsg-subnet'), 'Allow');
    expect(allows.map((r) => r.properties.sourceAddressPrefix)).toEqual(['198.51.100.2']);
    expect(second.policy.properties.requests?.map((r) => r.virtualMachines[0]?.ports[0]?.status)).toEqual(['Revoked', 'Initiated']);
    expect(second.policy.properties.requests?.[0]?.virtualMachines[0]?.ports[0]?.statusReason).toBe('NewerRequestInitiated');
    expect(second.write.changes.map((c) => `${c.action}:${c.reason}`)).toEqual(['remove:NewerRequestInitiated', 'add:RequestApproved']);
  });

  it('places the allow rule at the nearest free priority above the deny rule when deny − 1 is taken', () => {
    const nsg = makeNsg('n', [userRule('web', 300, { port: '80' }), userRule('ssh', 200, { port: '22' })]);
    expect(planAllowPriority(nsg, 301, 200)).toBe(299);
    expect(planAllowPriority(makeNsg('n', [userRule('ssh', 200, { port: '22' }), userRule('web', 201, { port: '80' })]), 202, 200)).toBeUndefined();
  });

  it('for a firewall-protected VM, writes a DNAT rule in the SecurityCenter-JIT collection and reports the mapped port', () => {
    const fleet = makeState({
      vms: [
        { name: 'a', network: vmNetwork('a', '10.0.1.4', { nic: ['n'] }, { name: 'fw', publicIp: '52.1.1.1' }) },
        { name: 'b', network: vmNetwork('b', '10.0.1.5', { nic: ['n'] }, { name: 'fw', publicIp: '52.1.1.1' }) },
      ],
      nsgs: [makeNsg('n')],
      firewalls: [makeFirewall('fw')],
    });
    const both = makePolicy([{ name: 'a', ports: [portRule(22, { protocol: '*' })] }, { name: 'b', ports: [portRule(3389, { protocol: 'TCP' })] }]);
    const enabled = write(fleet, undefined, both);
    expect(enabled.result.firewalls).toEqual([]); // the firewall denies inbound by default: enabling writes nothing there
    const a = initiate(enabled.state, both, { virtualMachines: [{ id: vmId('a'), ports: [{ number: 22, allowedSourceAddressPrefix: '198.51.100.9', endTimeUtc: inHours(1) }] }] });
    const b = initiate(a.state, a.policy, { virtualMachines: [{ id: vmId('b'), ports: [{ number: 3389, endTimeUtc: inHours(1) }] }] });
    expect(a.request.virtualMachines[0]?.ports[0]?.mappedPort).toBe(50000);
    expect(b.request.virtualMachines[0]?.ports[0]?.mappedPort).toBe(50001);
    const collections = b.state.firewalls.get(firewallId('fw').toLowerCase())?.properties.natRuleCollections ?? [];
    expect(collections.map((c) => [c.name, c.properties.priority, c.properties.action.type])).toEqual([[JIT_NAT_RULE_COLLECTION, 100, 'Dnat']]);
    expect(collections[0]?.properties.rules[0]).toMatchObject({
      sourceAddresses: ['198.51.100.9'],
      destinationAddresses: ['52.1.1.1'],
      destinationPorts: ['50000'],
      protocols: ['TCP', 'UDP'],
      translatedAddress: '10.0.1.4',
      translatedPort: '22',
    });
    expect(collections[0]?.properties.rules[1]).toMatchObject({ protocols: ['TCP'], destinationPorts: ['50001'], translatedPort: '3389' });
    // A newer request for a replaces its DNAT rule instead of adding a second one.
    const again = initiate(b.state, b.policy, { virtualMachines: [{ id: vmId('a'), ports: [{ number: 22, allowedSourceAddressPrefix: '198.51.100.10', endTimeUtc: inHours(1) }] }] });
    const rules = again.state.firewalls.get(firewallId('fw').toLowerCase())?.properties.natRuleCollections[0]?.properties.rules ?? [];
    expect(rules.map((r) => r.sourceAddresses)).toEqual([['203.0.113.7'], ['198.51.100.10']]);
    expect(again.request.virtualMachines[0]?.ports[0]?.mappedPort).toBe(50000);
  });

  it('picks a free collection priority when 100 is taken on the firewall', () => {
    const fw = makeFirewall('fw');
    fw.properties.natRuleCollections = [{ name: 'user-dnat', properties: { priority: 100, action: { type: 'Dnat' }, rules: [] } }];
    const fleet = makeState({ vms: [{ name: 'a', network: vmNetwork('a', '10.0.1.4', {}, { name: 'fw', publicIp: '52.1.1.1' }) }], nsgs: [], firewalls: [fw] });
    const p = makePolicy([{ name: 'a', ports: [portRule(22)] }]);
    const opened = initiate(write(fleet, undefined, p).state, p, { virtualMachines: [{ id: vmId('a'), ports: [{ number: 22, endTimeUtc: inHours(1) }] }] });
    const collections = opened.state.firewalls.get(firewallId('fw').toLowerCase())?.properties.natRuleCollections ?? [];
    expect(collections.map((c) => [c.name, c.properties.priority])).toEqual([['user-dnat', 100], [JIT_NAT_RULE_COLLECTION, 101]]);
  });

  it('returns the validation errors instead of writing anything', () => {
    const result = applyInitiate({
      policy,
      body: { virtualMachines: [{ id: vmId('vm-linux'), ports: [{ number: 22, endTimeUtc: inHours(5) }] }] },
      requestor: 'r',
      callerAddress: '203.0.113.7',
      state: oneVmState(),
      now: NOW,
    });
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'EndTimeTooLate' })] });
  });
});

describe('expireRequests', () => {
  const policy = makePolicy([{ name: 'vm-linux', ports: [portRule(22)] }]);

  it('returns the same policy object when nothing expired', () => {
    const enabled = write(oneVmState(), undefined, policy);
    const opened = initiate(enabled.state, policy, { virtualMachines: [{ id: vmId('vm-linux'), ports: [{ number: 22, endTimeUtc: inHours(1) }] }] });
    const result = expireRequests({ policy: opened.policy, state: opened.state, now: new Date(NOW.getTime() + 3_599_000) });
    expect(result.policy).toBe(opened.policy);
    expect(result.write).toEqual({ nsgs: [], firewalls: [], changes: [] });
  });

  it('at endTimeUtc revokes the port (Expired) and removes its allow rules, keeping the deny rules', () => {
    const enabled = write(oneVmState(), undefined, policy);
    const opened = initiate(enabled.state, policy, { virtualMachines: [{ id: vmId('vm-linux'), ports: [{ number: 22, endTimeUtc: inHours(1) }] }] });
    const { policy: expired, write: result } = expireRequests({ policy: opened.policy, state: opened.state, now: new Date(inHours(1)) });
    expect(expired.properties.requests?.[0]?.virtualMachines[0]?.ports[0]).toMatchObject({ status: 'Revoked', statusReason: 'Expired' });
    const state = withWrite(opened.state, result);
    for (const nsg of ['nsg-subnet', 'nsg-nic']) {
      expect(byAccess(rulesOf(state, nsg), 'Allow')).toEqual([]);
      expect(byAccess(rulesOf(state, nsg), 'Deny')).toHaveLength(1);
    }
    expect(result.changes.map((c) => [c.action, c.access, c.reason])).toEqual([
      ['remove', 'Allow', 'Expired'],
      ['remove', 'Allow', 'Expired'],
    ]);
  });

  it('removes the DNAT rule of an expired firewall request', () => {
    const fleet = makeState({
      vms: [{ name: 'a', network: vmNetwork('a', '10.0.1.4', { nic: ['n'] }, { name: 'fw', publicIp: '52.1.1.1' }) }],
      nsgs: [makeNsg('n')],
      firewalls: [makeFirewall('fw')],
    });
    const p = makePolicy([{ name: 'a', ports: [portRule(22)] }]);
    const opened = initiate(write(fleet, undefined, p).state, p, { virtualMachines: [{ id: vmId('a'), ports: [{ number: 22, endTimeUtc: inHours(1) }] }] });
    const { write: result } = expireRequests({ policy: opened.policy, state: opened.state, now: new Date(inHours(2)) });
    expect(result.firewalls[0]?.properties.natRuleCollections[0]?.properties.rules).toEqual([]);
    expect(result.changes.some((c) => c.target === 'firewall' && c.reason === 'Expired')).toBe(true);
  });
});

describe('cleanupRedundantRules', () => {
  const fleet = makeState({
    vms: [
      { name: 'vm-a', network: vmNetwork('vm-a', '10.0.1.4', { nic: ['n'] }) },
      { name: 'vm-b', network: vmNetwork('vm-b', '10.0.1.5', { nic: ['n'] }) },
    ],
    nsgs: [],
  });
  const jit = (name: string, priority: number, vmName: string, destination: string, access: 'Allow' | 'Deny' = 'Deny'): SecurityRule => ({
    name: `${JIT_RULE_PREFIX}_${name}`,
    properties: {
      description: `JIT rule for port 22 of VM '${vmName}' in policy 'default'`,
      protocol: 'Tcp',
      sourcePortRange: '*',
      destinationPortRange: '22',
      sourceAddressPrefix: '*',
      destinationAddressPrefix: destination,
      access,
      priority,
      direction: 'Inbound',
    },
  });

  it('removes a JIT rule duplicating another JIT rule at a higher priority, keeping the one that is used', () => {
    const nsg = makeNsg('n', [jit('late', 400, 'vm-a', '10.0.1.4'), jit('early', 150, 'vm-a', '10.0.1.4')]);
    const { nsg: cleaned, changes } = cleanupRedundantRules(nsg, fleet);
    expect(cleaned.properties.securityRules.map((r) => r.name)).toEqual([`${JIT_RULE_PREFIX}_early`]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: 'remove', reason: 'CleanupDuplicate', ruleName: `${JIT_RULE_PREFIX}_late`, vmId: vmId('vm-a'), port: 22 });
    expect(changes[0]?.detail).toContain(`duplicates ${JIT_RULE_PREFIX}_early`);
  });

  it('removes a JIT rule whose description names a VM that is not its destination', () => {
    const nsg = makeNsg('n', [jit('wrong', 150, 'vm-a', '10.0.1.5'), jit('right', 152, 'vm-b', '10.0.1.5')]);
    const { nsg: cleaned, changes } = cleanupRedundantRules(nsg, fleet);
    expect(cleaned.properties.securityRules.map((r) => r.name)).toEqual([`${JIT_RULE_PREFIX}_right`]);
    expect(changes[0]?.reason).toBe('CleanupVmMismatch');
    expect(changes[0]?.detail).toContain("names VM 'vm-a'");
  });

  it('leaves rules naming an unknown VM, rules that differ, and every user rule alone', () => {
    const user = userRule('dup-of-user', 160, { access: 'Deny', destination: '10.0.1.4' });
    const nsg = makeNsg('n', [
      jit('ghost', 150, 'vm-gone', '10.0.9.9'),
      jit('deny', 152, 'vm-a', '10.0.1.4'),
      jit('allow', 151, 'vm-a', '10.0.1.4', 'Allow'),
      user,
      { ...user, name: 'user-copy', properties: { ...user.properties, priority: 170, description: "JIT rule for port 22 of VM 'vm-a'", destinationAddressPrefix: '10.0.1.99' } },
    ]);
    const { nsg: cleaned, changes } = cleanupRedundantRules(nsg, fleet);
    expect(changes).toEqual([]);
    expect(cleaned).toBe(nsg);
  });
});

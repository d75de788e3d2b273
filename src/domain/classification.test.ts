import { describe, expect, it } from 'vitest';
import type { ClassicVirtualMachine, PolicyAssignment, PricingTier, VirtualMachine } from './arm-types';
import { classifyVms, NOT_RECOMMENDED_REASON_TEXT, type ClassificationInput, type NotRecommendedReason } from './classification';
import { JIT_POLICY_TYPE, type JitNetworkAccessPolicy } from './jit-types';
import { buildNetworkIndex, resolveVmNetwork, type NetworkResources } from './network-topology';
import {
  FLEET_RG as TEST_RG,
  FLEET_SUBSCRIPTION as TEST_SUBSCRIPTION,
  makeFirewall,
  makeNic as testNic,
  makeNsg as testNsg,
  makePublicIp as testPublicIp,
  makeVm,
  makeVnet as testVnet,
  policyId,
  resourceGroupId,
  subnetId as testSubnetId,
  windows,
} from './fleet-builders';

const OTHER_RG = resourceGroupId('rg-other');
const testVm = (name: string, nics: string[], opts: { rg?: string } = {}) => makeVm(name, { nics, ...opts });

function network(): NetworkResources {
  return {
    networkInterfaces: [
      testNic('nic-nsg', { subnet: testSubnetId('vnet-a', 'plain'), nsg: 'nsg1', publicIp: 'pip1', privateIp: '10.0.1.4' }),
      testNic('nic-subnet-nsg', { subnet: testSubnetId('vnet-a', 'guarded'), privateIp: '10.0.2.4' }),
      testNic('nic-bare-public', { subnet: testSubnetId('vnet-a', 'plain'), publicIp: 'pip2', privateIp: '10.0.1.5' }),
      testNic('nic-bare-private', { subnet: testSubnetId('vnet-a', 'plain'), privateIp: '10.0.1.6' }),
      testNic('nic-fw', { subnet: testSubnetId('vnet-fw', 'workload'), privateIp: '10.1.0.4' }),
      testNic('nic-fw-nsg', { subnet: testSubnetId('vnet-fw', 'workload'), nsg: 'nsg1', privateIp: '10.1.0.5' }),
    ],
    networkSecurityGroups: [testNsg('nsg1'), testNsg('nsg-subnet')],
    virtualNetworks: [
      testVnet('vnet-a', ['10.0.0.0/16'], [
        { name: 'plain', prefix: '10.0.1.0/24' },
        { name: 'guarded', prefix: '10.0.2.0/24', nsg: 'nsg-subnet' },
      ]),
      testVnet('vnet-fw', ['10.1.0.0/16'], [
        { name: 'workload', prefix: '10.1.0.0/24' },
        { name: 'AzureFirewallSubnet', prefix: '10.1.255.0/26' },
      ]),
    ],
    publicIpAddresses: [testPublicIp('pip1', '20.0.0.1'), testPublicIp('pip2', '20.0.0.2'), testPublicIp('pip-fw', '20.0.0.100')],
    azureFirewalls: [makeFirewall('fw', { vnet: 'vnet-fw', publicIp: 'pip-fw' })],
  };
}

function jitPolicy(vmIds: string[]): JitNetworkAccessPolicy {
  return {
    id: policyId('default'),
    name: 'default',
    type: JIT_POLICY_TYPE,
    location: 'westeurope',
    properties: {
      virtualMachines: vmIds.map((id) => ({ id, ports: [{ number: 22, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] })),
    },
  };
}

function assignment(scope: string, effect: string, notScopes?: string[]): PolicyAssignment {
  return {
    id: `${scope}/providers/Microsoft.Authorization/policyAssignments/SecurityCenterBuiltIn`,
    name: 'SecurityCenterBuiltIn',
    type: 'Microsoft.Authorization/policyAssignments',
    properties: {
      displayName: 'ASC Default',
      policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8',
      scope,
      ...(notScopes === undefined ? {} : { notScopes }),
      parameters: { jitNetworkAccessMonitoringEffect: { value: effect } },
    },
  };
}

function classic(name: string): ClassicVirtualMachine {
  return {
    id: `${TEST_RG}/providers/Microsoft.ClassicCompute/virtualMachines/${name}`,
    name,
    type: 'Microsoft.ClassicCompute/virtualMachines',
    location: 'westeurope',
    properties: { operatingSystemDisk: { operatingSystem: 'Windows' } },
  };
}

function classify(
  vms: VirtualMachine[],
  opts: { tier?: PricingTier; policies?: JitNetworkAccessPolicy[]; assignments?: PolicyAssignment[]; classic?: ClassicVirtualMachine[] } = {},
) {
  const input: ClassificationInput = {
    virtualMachines: vms,
    classicVirtualMachines: opts.classic ?? [],
    network: buildNetworkIndex(network()),
    policies: opts.policies ?? [],
    pricingTiers: new Map([[TEST_SUBSCRIPTION.toUpperCase(), opts.tier ?? 'Standard']]),
    policyAssignments: opts.assignments ?? [],
  };
  return classifyVms(input);
}

const only = (vm: VirtualMachine, opts?: Parameters<typeof classify>[1]) => classify([vm], opts)[0]?.classification;

describe('classifyVms', () => {
  it('a VM with a NIC NSG in a Standard subscription is Recommended', () => {
    expect(only(testVm('vm', ['nic-nsg']))).toEqual({ state: 'recommended' });
  });

  it('a VM whose subnet has an NSG is Recommended', () => {
    expect(only(testVm('vm', ['nic-subnet-nsg']))).toEqual({ state: 'recommended' });
  });

  it('a VM behind an Azure Firewall without any NSG is Recommended', () => {
    expect(only(testVm('vm', ['nic-fw']))).toEqual({ state: 'recommended' });
  });

  it('a VM in a JIT policy is Configured, matching its id case-insensitively', () => {
    const vm = testVm('vm', ['nic-nsg']);
    const policy = jitPolicy([vm.id.toUpperCase()]);
    expect(only(vm, { policies: [policy] })).toEqual({ state: 'configured', policyId: policy.id });
  });

  it('a VM that two policies name, spelled differently, belongs to the first one listed', () => {
    const vm = testVm('vm', ['nic-nsg']);
    const upper = { ...jitPolicy([vm.id.toUpperCase()]), id: policyId('upper') };
    const exact = { ...jitPolicy([vm.id]), id: policyId('exact') };
    expect(only(vm, { policies: [upper, exact] })).toEqual({ state: 'configured', policyId: upper.id });
    expect(only(vm, { policies: [exact, upper] })).toEqual({ state: 'configured', policyId: exact.id });
  });

  it('Configured wins over everything else, even the Free tier', () => {
    const vm = testVm('vm', ['nic-bare-private']);
    expect(only(vm, { tier: 'Free', policies: [jitPolicy([vm.id])] })?.state).toBe('configured');
  });

  it('a classic VM is Not recommended with reason classicVm', () => {
    const [result] = classify([], { classic: [classic('old')] });
    expect(result).toEqual({
      id: `${TEST_RG}/providers/Microsoft.ClassicCompute/virtualMachines/old`,
      name: 'old',
      subscriptionId: TEST_SUBSCRIPTION,
      resourceGroup: 'rg',
      location: 'westeurope',
      kind: 'classic',
      os: 'Windows',
      classification: { state: 'notRecommended', reason: 'classicVm' },
    });
  });

  it('a classic VM stays classicVm in a Free subscription', () => {
    expect(classify([], { tier: 'Free', classic: [classic('old')] })[0]?.classification).toEqual({ state: 'notRecommended', reason: 'classicVm' });
  });

  it('a VM in a Free-tier subscription is Not recommended with reason freeTier', () => {
    expect(only(testVm('vm', ['nic-nsg']), { tier: 'Free' })).toEqual({ state: 'notRecommended', reason: 'freeTier' });
  });

  it('a subscription missing from the pricing map counts as Free', () => {
    const input: ClassificationInput = {
      virtualMachines: [testVm('vm', ['nic-nsg'])],
      classicVirtualMachines: [],
      network: buildNetworkIndex(network()),
      policies: [],
      pricingTiers: new Map(),
      policyAssignments: [],
    };
    expect(classifyVms(input)[0]?.classification).toEqual({ state: 'notRecommended', reason: 'freeTier' });
  });

  it('JIT disabled by the subscription policy', () => {
    const assignments = [assignment(`/subscriptions/${TEST_SUBSCRIPTION}`, 'Disabled')];
    expect(only(testVm('vm', ['nic-nsg']), { assignments })).toEqual({ state: 'notRecommended', reason: 'jitDisabledBySubscriptionPolicy' });
  });

  it('JIT disabled by the resource group policy, compared case-insensitively, with value in any case', () => {
    const assignments = [assignment(`/subscriptions/${TEST_SUBSCRIPTION.toUpperCase()}/resourcegroups/RG`, 'disabled')];
    expect(only(testVm('vm', ['nic-nsg']), { assignments })).toEqual({ state: 'notRecommended', reason: 'jitDisabledByResourceGroupPolicy' });
  });

  it('the subscription reason comes before the resource group reason', () => {
    const assignments = [assignment(TEST_RG, 'Disabled'), assignment(`/subscriptions/${TEST_SUBSCRIPTION}`, 'Disabled')];
    expect(only(testVm('vm', ['nic-nsg']), { assignments })).toEqual({ state: 'notRecommended', reason: 'jitDisabledBySubscriptionPolicy' });
  });

  it('a disabling assignment on another resource group does not affect the VM', () => {
    expect(only(testVm('vm', ['nic-nsg']), { assignments: [assignment(OTHER_RG, 'Disabled')] })).toEqual({ state: 'recommended' });
  });

  it('an assignment that audits JIT does not disable it', () => {
    expect(only(testVm('vm', ['nic-nsg']), { assignments: [assignment(`/subscriptions/${TEST_SUBSCRIPTION}`, 'AuditIfNotExists')] })).toEqual({ state: 'recommended' });
  });

  it('notScopes exclude a resource group or a VM from a disabling assignment', () => {
    const vm = testVm('vm', ['nic-nsg']);
    expect(only(vm, { assignments: [assignment(`/subscriptions/${TEST_SUBSCRIPTION}`, 'Disabled', [TEST_RG.toUpperCase()])] })).toEqual({ state: 'recommended' });
    expect(only(vm, { assignments: [assignment(`/subscriptions/${TEST_SUBSCRIPTION}`, 'Disabled', [vm.id])] })).toEqual({ state: 'recommended' });
    // "rg" must not exclude "rg-other": a notScope is a path prefix, not a string prefix.
    const other = testVm('vm2', ['nic-nsg'], { rg: OTHER_RG });
    expect(only(other, { assignments: [assignment(`/subscriptions/${TEST_SUBSCRIPTION}`, 'Disabled', [TEST_RG])] })).toEqual({ state: 'notRecommended', reason: 'jitDisabledBySubscriptionPolicy' });
  });

  it('a VM with a public IP and no NSG and no firewall is Not recommended: noNsg', () => {
    expect(only(testVm('vm', ['nic-bare-public']))).toEqual({ state: 'notRecommended', reason: 'noNsg' });
  });

  it('a VM with no public IP and no NSG is Not recommended: noPublicIpAndNoNsg', () => {
    expect(only(testVm('vm', ['nic-bare-private']))).toEqual({ state: 'notRecommended', reason: 'noPublicIpAndNoNsg' });
  });

  it('a VM with an NSG but no public IP is still Recommended', () => {
    expect(only(testVm('vm', ['nic-subnet-nsg']))).toEqual({ state: 'recommended' });
  });

  it('reports name, subscription, resource group, location and OS from the VM', () => {
    expect(classify([windows(testVm('win', ['nic-fw-nsg']))])[0]).toEqual({
      id: `${TEST_RG}/providers/Microsoft.Compute/virtualMachines/win`,
      name: 'win',
      subscriptionId: TEST_SUBSCRIPTION,
      resourceGroup: 'rg',
      location: 'westeurope',
      kind: 'arm',
      os: 'Windows',
      classification: { state: 'recommended' },
    });
  });

  it('with resolveNetworkViews: the same classifications in input order, and the network view of each VM that is Configured or reached the network check', () => {
    const nicNames = ['nic-nsg', 'nic-subnet-nsg', 'nic-bare-public', 'nic-bare-private', 'nic-fw', 'nic-fw-nsg'];
    const vms = [
      ...nicNames.map((nic) => testVm(`vm-${nic}`, [nic])),
      ...nicNames.map((nic) => testVm(`vm-other-${nic}`, [nic], { rg: OTHER_RG })),
    ];
    const configured = vms.filter((_, i) => i % 4 === 0);
    const input: ClassificationInput = {
      virtualMachines: vms,
      classicVirtualMachines: [classic('old')],
      network: buildNetworkIndex(network()),
      policies: [jitPolicy(configured.map((vm) => vm.id.toUpperCase()))],
      pricingTiers: new Map([[TEST_SUBSCRIPTION, 'Standard']]),
      // The other resource group has JIT disabled: its VMs stop before the network check.
      policyAssignments: [assignment(OTHER_RG, 'Disabled')],
    };
    const plain = classifyVms(input);
    const withViews = classifyVms({ ...input, resolveNetworkViews: true });
    expect(withViews.map(({ network: _network, ...vm }) => vm)).toEqual(plain);
    expect(plain.map((vm) => vm.id)).toEqual([...vms.map((vm) => vm.id), `${TEST_RG}/providers/Microsoft.ClassicCompute/virtualMachines/old`]);
    const states = new Set(withViews.map((vm) => (vm.classification.state === 'notRecommended' ? vm.classification.reason : vm.classification.state)));
    expect(states).toEqual(new Set(['configured', 'recommended', 'noNsg', 'noPublicIpAndNoNsg', 'jitDisabledByResourceGroupPolicy', 'classicVm']));
    withViews.forEach((vm, i) => {
      const arm = vms[i];
      const networkChecked = vm.classification.state !== 'notRecommended' || vm.classification.reason === 'noNsg' || vm.classification.reason === 'noPublicIpAndNoNsg';
      expect(vm.network, vm.name).toEqual(arm !== undefined && networkChecked ? resolveVmNetwork(arm, input.network) : undefined);
    });
  });

  it('every reason has a sentence and a remedy', () => {
    const reasons: NotRecommendedReason[] = ['freeTier', 'classicVm', 'jitDisabledBySubscriptionPolicy', 'jitDisabledByResourceGroupPolicy', 'noNsg', 'noPublicIpAndNoNsg'];
    for (const reason of reasons) {
      expect(NOT_RECOMMENDED_REASON_TEXT[reason].sentence).toMatch(/^[A-Z].+\.$/);
      expect(NOT_RECOMMENDED_REASON_TEXT[reason].remedy).toMatch(/^[A-Z].+\.$/);
    }
  });

  it('classifies 10,000 VMs, a third of them configured (no timing assertion: a smoke test of the linear path)', () => {
    const nicNames = ['nic-nsg', 'nic-bare-public', 'nic-bare-private', 'nic-fw'];
    const vms = Array.from({ length: 10_000 }, (_, i) => testVm(`vm-${String(i)}`, [nicNames[i % 4] ?? 'nic-nsg']));
    const policy = jitPolicy(vms.filter((_, i) => i % 3 === 0).map((vm) => vm.id));
    const result = classify(vms, { policies: [policy] });
    expect(result).toHaveLength(10_000);
    expect(result.filter((r) => r.classification.state === 'configured')).toHaveLength(3334);
  });
});

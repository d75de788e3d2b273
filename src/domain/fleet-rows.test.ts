import { describe, expect, it } from 'vitest';
import type { ClassicVirtualMachine, Pricing, Subscription } from './arm-types';
import { computeFleetRows, type SubscriptionResources } from './fleet-rows';
import { makeFirewall, makeNic, makePolicy, makePublicIp, makeVm, makeVnet, nsgId, portRule, resourceGroupId, subnetId, vmId, windows } from './fleet-builders';

const PROD = '00000000-0000-0000-0000-0000000000aa';
const SANDBOX = '00000000-0000-0000-0000-0000000000bb';
const PROD_RG = resourceGroupId('rg-prod', PROD);
const SANDBOX_RG = resourceGroupId('rg-sandbox', SANDBOX);
const NOW = new Date('2024-05-01T10:00:00.000Z');
const hoursFromNow = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

function subscription(subscriptionId: string, displayName: string): Subscription {
  return { id: `/subscriptions/${subscriptionId}`, subscriptionId, tenantId: 'tenant', displayName, state: 'Enabled' };
}

function standard(subscriptionId: string): Pricing {
  return { id: `/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/VirtualMachines`, name: 'VirtualMachines', type: 'Microsoft.Security/pricings', properties: { pricingTier: 'Standard' } };
}

function empty(): SubscriptionResources {
  return { virtualMachines: [], classicVirtualMachines: [], networkInterfaces: [], publicIpAddresses: [], virtualNetworks: [], azureFirewalls: [], pricings: [], policies: [], policyAssignments: [] };
}

/**
 * Production (Standard): a configured VM behind a firewall, a configured VM with an open request, a
 * recommended VM, one with nothing guarding it, and a classic VM. Sandbox (no pricing listed, so
 * Free): a VM with an NSG. References are written in upper case where ARM could return them so.
 */
function fleet(): { subscriptions: Subscription[]; resources: SubscriptionResources[] } {
  const rg = PROD_RG;
  const prod = empty();
  prod.pricings = [standard(PROD)];
  prod.virtualNetworks = [
    makeVnet('vnet', ['10.0.0.0/16'], [{ name: 'web', prefix: '10.0.1.0/24', nsg: 'nsg-web' }, { name: 'plain', prefix: '10.0.2.0/24' }], { rg }),
    makeVnet('vnet-fw', ['10.1.0.0/16'], [{ name: 'workload', prefix: '10.1.0.0/24' }, { name: 'AzureFirewallSubnet', prefix: '10.1.255.0/26' }], { rg }),
  ];
  prod.publicIpAddresses = [makePublicIp('pip-rec', '20.0.0.1', { rg }), makePublicIp('pip-cfg', '20.0.0.2', { rg }), makePublicIp('pip-fw', '20.0.0.100', { rg })];
  prod.azureFirewalls = [makeFirewall('fw', { rg, vnet: 'vnet-fw', publicIp: 'pip-fw', privateIp: '10.1.255.4' })];
  prod.networkInterfaces = [
    makeNic('nic-fw', { rg, subnet: subnetId('vnet-fw', 'workload', rg).toUpperCase(), privateIp: '10.1.0.4' }),
    makeNic('nic-cfg', { rg, subnet: subnetId('vnet', 'web', rg), nsg: 'nsg-nic', publicIp: 'pip-cfg', privateIp: '10.0.1.4' }),
    makeNic('nic-rec', { rg, subnet: subnetId('vnet', 'web', rg), nsg: 'nsg-nic', publicIp: 'pip-rec', privateIp: '10.0.1.5' }),
    makeNic('nic-bare', { rg, subnet: subnetId('vnet', 'plain', rg), privateIp: '10.0.2.4' }),
  ];
  const upperNics = (vm: ReturnType<typeof makeVm>) => {
    vm.properties.networkProfile.networkInterfaces = vm.properties.networkProfile.networkInterfaces.map((ref) => ({ id: ref.id.toUpperCase() }));
    return vm;
  };
  prod.virtualMachines = [
    makeVm('vm-fw', { rg, nics: ['nic-fw'] }),
    windows(makeVm('vm-cfg', { rg, nics: ['nic-cfg'] })),
    upperNics(makeVm('vm-rec', { rg, nics: ['nic-rec'] })),
    makeVm('vm-bare', { rg, nics: ['nic-bare'] }),
  ];
  const classic: ClassicVirtualMachine = {
    id: `${rg}/providers/Microsoft.ClassicCompute/virtualMachines/old`,
    name: 'old',
    type: 'Microsoft.ClassicCompute/virtualMachines',
    location: 'westeurope',
    properties: {},
  };
  prod.classicVirtualMachines = [classic];
  const policy = makePolicy([{ name: 'vm-fw', ports: [portRule(22)] }, { name: 'vm-cfg', ports: [portRule(3389)] }], 'default', { rg });
  policy.properties.virtualMachines = policy.properties.virtualMachines.map((vm) => ({ ...vm, id: vm.id.toUpperCase() }));
  policy.properties.requests = [
    {
      virtualMachines: [{ id: vmId('vm-cfg', rg), ports: [{ number: 3389, allowedSourceAddressPrefix: '203.0.113.7', endTimeUtc: hoursFromNow(2), status: 'Initiated', statusReason: 'UserRequested' }] }],
      startTimeUtc: hoursFromNow(-1),
      requestor: 'admin@contoso.com',
    },
  ];
  prod.policies = [policy];

  const sandbox = empty();
  sandbox.networkInterfaces = [makeNic('nic-free', { rg: SANDBOX_RG, nsg: 'nsg-free', privateIp: '10.9.0.4' })];
  sandbox.virtualMachines = [makeVm('vm-free', { rg: SANDBOX_RG, nics: ['nic-free'] })];
  return { subscriptions: [subscription(PROD, 'Production'), subscription(SANDBOX.toUpperCase(), 'Sandbox')], resources: [prod, sandbox] };
}

describe('computeFleetRows', () => {
  const { subscriptions, resources } = fleet();
  const { rows, freeTierSubscriptionIds } = computeFleetRows(subscriptions, resources, NOW);
  const base = (name: string, rg = PROD_RG, subscriptionId = PROD, subscriptionName = 'Production') => ({
    id: vmId(name, rg),
    name,
    subscriptionId,
    subscriptionName,
    resourceGroup: rg.split('/').pop(),
    location: 'westeurope',
  });

  it('a subscription without a VirtualMachines pricing is on the Free tier, keyed lower-case', () => {
    expect([...freeTierSubscriptionIds]).toEqual([SANDBOX]);
  });

  it('Configured rows: the policy, its NSGs, open ports and last access; through a firewall, its public IP', () => {
    const policyId = resources[0]?.policies[0]?.id;
    expect(rows.configured).toEqual([
      {
        ...base('vm-fw'),
        nsgIds: [],
        address: '10.1.0.4',
        firewallAddress: '20.0.0.100',
        policyId,
        onlyVmInPolicy: false,
        approvedRequestsLast7Days: 0,
        lastAccessUtc: undefined,
        lastUser: undefined,
        connection: { via: 'firewall', address: '20.0.0.100' },
        openPorts: [],
      },
      {
        ...base('vm-cfg'),
        nsgIds: [nsgId('nsg-web', PROD_RG), nsgId('nsg-nic', PROD_RG)],
        address: '20.0.0.2',
        firewallAddress: undefined,
        policyId,
        onlyVmInPolicy: false,
        approvedRequestsLast7Days: 1,
        lastAccessUtc: hoursFromNow(-1),
        lastUser: 'admin@contoso.com',
        connection: { via: 'nsg', address: '20.0.0.2' },
        openPorts: [{ number: 3389, address: '20.0.0.2', connectPort: 3389, source: '203.0.113.7', endTimeUtc: hoursFromNow(2), requestor: 'admin@contoso.com' }],
      },
    ]);
  });

  it('Recommended rows: NSG names (subnet first), public IPs, and the address to connect to; references in another case resolve', () => {
    expect(rows.recommended).toEqual([
      {
        ...base('vm-rec'),
        nsgIds: [nsgId('nsg-web', PROD_RG), nsgId('nsg-nic', PROD_RG)],
        address: '20.0.0.1',
        firewallAddress: undefined,
        os: 'Linux',
        publicIpAddresses: ['20.0.0.1'],
        nsgNames: ['nsg-web', 'nsg-nic'],
        freeTier: false,
      },
    ]);
  });

  it('Not recommended rows: the reason, classic VMs after every Resource Manager VM', () => {
    expect(rows.notRecommended).toEqual([
      { ...base('vm-bare'), os: 'Linux', reason: 'noPublicIpAndNoNsg' },
      { ...base('vm-free', SANDBOX_RG, SANDBOX, 'Sandbox'), os: 'Linux', reason: 'freeTier' },
      { ...base('old'), id: `${PROD_RG}/providers/Microsoft.ClassicCompute/virtualMachines/old`, os: undefined, reason: 'classicVm' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildNetworkIndex, resolveVmNetwork, vmExposure, type NetworkResources } from './network-topology';
import {
  FLEET_RG as RG,
  makeFirewall,
  makeNic as nic,
  makeNsg as nsg,
  makePublicIp as publicIp,
  makeVm,
  makeVnet as vnet,
  subnetId,
} from './fleet-builders';

const NET = `${RG}/providers/Microsoft.Network`;
const vm = (name: string, nics: string[]) => makeVm(name, { nics });

function fleet(): NetworkResources {
  return {
    networkInterfaces: [
      nic('nic-a', { subnet: subnetId('vnet-a', 'default'), nsg: 'nsg-nic', publicIp: 'pip-a', privateIp: '10.0.0.4' }),
      nic('nic-a2', { subnet: subnetId('vnet-a', 'default'), nsg: 'nsg-nic', privateIp: '10.0.0.5' }),
      nic('nic-b', { subnet: subnetId('vnet-b', 'workload'), privateIp: '10.1.0.4' }),
      nic('nic-c', { privateIp: '192.168.0.4' }),
    ],
    networkSecurityGroups: [nsg('nsg-nic'), nsg('nsg-subnet')],
    virtualNetworks: [
      vnet('vnet-a', ['10.0.0.0/16'], [{ name: 'default', prefix: '10.0.0.0/24', nsg: 'nsg-subnet' }]),
      vnet('vnet-b', ['10.1.0.0/16', 'fd00::/48'], [
        { name: 'workload', prefix: '10.1.0.0/24' },
        { name: 'AzureFirewallSubnet', prefix: '10.1.255.0/26' },
      ]),
    ],
    publicIpAddresses: [publicIp('pip-a', '20.50.0.1'), publicIp('pip-fw', '20.60.0.1')],
    azureFirewalls: [makeFirewall('fw-b', { vnet: 'vnet-b', publicIp: 'pip-fw', privateIp: '10.1.255.4' })],
  };
}

describe('buildNetworkIndex', () => {
  it('keys every resource by its lower-cased id and maps subnets to their VNet and NSG', () => {
    const index = buildNetworkIndex(fleet());
    expect(index.nics.get(`${NET}/networkInterfaces/nic-a`.toLowerCase())?.id).toBe(`${NET}/networkInterfaces/nic-a`);
    expect(index.nsgs.size).toBe(2);
    expect(index.subnets.get(subnetId('vnet-a', 'default').toLowerCase())).toEqual({
      vnetId: `${NET}/virtualNetworks/vnet-a`,
      addressPrefix: '10.0.0.0/24',
      nsgId: `${NET}/networkSecurityGroups/nsg-subnet`,
    });
    expect(index.firewallByVnet.get(`${NET}/virtualNetworks/vnet-b`.toLowerCase())?.name).toBe('fw-b');
    expect(index.firewallByVnet.has(`${NET}/virtualNetworks/vnet-a`.toLowerCase())).toBe(false);
  });

  it('places a firewall in its VNet even when that VNet is not listed', () => {
    const resources = { ...fleet(), virtualNetworks: [] };
    expect(buildNetworkIndex(resources).firewallByVnet.get(`${NET}/virtualNetworks/vnet-b`.toLowerCase())?.name).toBe('fw-b');
  });
});

describe('resolveVmNetwork', () => {
  const index = buildNetworkIndex(fleet());

  it('a VM with a NIC NSG and a subnet NSG is guarded by both, subnet NSG first', () => {
    const view = resolveVmNetwork(vm('vm-a', ['nic-a']), index);
    expect(view).toEqual({
      vmId: `${RG}/providers/Microsoft.Compute/virtualMachines/vm-a`,
      privateIpAddresses: ['10.0.0.4'],
      publicIpAddresses: ['20.50.0.1'],
      nicNsgIds: [`${NET}/networkSecurityGroups/nsg-nic`],
      subnetNsgIds: [`${NET}/networkSecurityGroups/nsg-subnet`],
      nsgIds: [`${NET}/networkSecurityGroups/nsg-subnet`, `${NET}/networkSecurityGroups/nsg-nic`],
      vnetAddressPrefixes: ['10.0.0.0/16'],
    });
  });

  it('two NICs sharing an NSG and a subnet list each NSG once', () => {
    const view = resolveVmNetwork(vm('vm-a', ['nic-a', 'nic-a2']), index);
    expect(view.privateIpAddresses).toEqual(['10.0.0.4', '10.0.0.5']);
    expect(view.nsgIds).toHaveLength(2);
    expect(view.vnetAddressPrefixes).toEqual(['10.0.0.0/16']);
  });

  it('a VM in the VNet of an Azure Firewall is protected by it, with the firewall public IP', () => {
    const view = resolveVmNetwork(vm('vm-b', ['nic-b']), index);
    expect(view.nsgIds).toEqual([]);
    expect(view.publicIpAddresses).toEqual([]);
    expect(view.vnetAddressPrefixes).toEqual(['10.1.0.0/16', 'fd00::/48']);
    expect(view.firewall).toEqual({ id: `${NET}/azureFirewalls/fw-b`, publicIpAddress: '20.60.0.1', privateIpAddress: '10.1.255.4' });
  });

  it('looks NICs up case-insensitively and skips NICs it does not know', () => {
    const machine = vm('vm-x', []);
    machine.properties.networkProfile.networkInterfaces = [
      { id: `${NET}/networkInterfaces/NIC-A`.toUpperCase() },
      { id: `${NET}/networkInterfaces/missing` },
    ];
    expect(resolveVmNetwork(machine, index).privateIpAddresses).toEqual(['10.0.0.4']);
  });

  it('follows every reference case-insensitively: references written in another case than the resources give the same view', () => {
    const resources = fleet();
    const upper = (ref: { id: string } | undefined) => (ref === undefined ? undefined : { id: ref.id.toUpperCase() });
    // ARM may return a reference in another case than the resource's own id (ids are case-insensitive).
    const shouted: NetworkResources = {
      ...resources,
      networkInterfaces: resources.networkInterfaces.map((n) => ({
        ...n,
        properties: {
          ...n.properties,
          ...(n.properties.networkSecurityGroup === undefined ? {} : { networkSecurityGroup: { id: n.properties.networkSecurityGroup.id.toUpperCase() } }),
          ipConfigurations: n.properties.ipConfigurations.map((c) => ({
            ...c,
            properties: {
              ...c.properties,
              ...(c.properties.subnet === undefined ? {} : { subnet: upper(c.properties.subnet) }),
              ...(c.properties.publicIPAddress === undefined ? {} : { publicIPAddress: upper(c.properties.publicIPAddress) }),
            },
          })),
        },
      })),
      azureFirewalls: resources.azureFirewalls.map((f) => ({
        ...f,
        properties: {
          ...f.properties,
          ipConfigurations: f.properties.ipConfigurations.map((c) => ({
            ...c,
            properties: { ...c.properties, ...(c.properties.subnet === undefined ? {} : { subnet: upper(c.properties.subnet) }), ...(c.properties.publicIPAddress === undefined ? {} : { publicIPAddress: upper(c.properties.publicIPAddress) }) },
          })),
        },
      })),
    };
    const plain = buildNetworkIndex(resources);
    const mixed = buildNetworkIndex(shouted);
    const lowerIds = (ids: string[]) => ids.map((id) => id.toLowerCase());
    for (const nics of [['nic-a'], ['nic-a2', 'nic-a'], ['nic-b'], ['nic-c', 'nic-b']]) {
      const machine = vm('vm', nics);
      const shoutedMachine = { ...machine, properties: { ...machine.properties, networkProfile: { networkInterfaces: machine.properties.networkProfile.networkInterfaces.map((ref) => ({ id: ref.id.toUpperCase() })) } } };
      const expected = resolveVmNetwork(machine, plain);
      const actual = resolveVmNetwork(shoutedMachine, mixed);
      expect({ ...actual, vmId: expected.vmId, nicNsgIds: lowerIds(actual.nicNsgIds), subnetNsgIds: lowerIds(actual.subnetNsgIds), nsgIds: lowerIds(actual.nsgIds) }, nics.join('+')).toEqual({
        ...expected,
        nicNsgIds: lowerIds(expected.nicNsgIds),
        subnetNsgIds: lowerIds(expected.subnetNsgIds),
        nsgIds: lowerIds(expected.nsgIds),
      });
      expect(vmExposure(shoutedMachine, mixed), nics.join('+')).toEqual(vmExposure(machine, plain));
    }
  });

  it('lists the primary NIC’s primary IP configuration first, whatever the listing order', () => {
    const resources = fleet();
    const secondary = nic('nic-p1', { subnet: subnetId('vnet-a', 'default'), privateIp: '10.0.0.10', publicIp: 'pip-a' });
    const primary = nic('nic-p2', {
      subnet: subnetId('vnet-a', 'default'),
      privateIp: '10.0.0.20',
      primary: false,
      extraIpConfigs: [{ privateIp: '10.0.0.21', subnet: subnetId('vnet-a', 'default'), publicIp: 'pip-fw', primary: true }],
    });
    const index2 = buildNetworkIndex({ ...resources, networkInterfaces: [...resources.networkInterfaces, secondary, primary] });
    const view = resolveVmNetwork(makeVm('vm-p', { nics: ['nic-p1', 'nic-p2'], primaryNic: 1 }), index2);
    expect(view.privateIpAddresses).toEqual(['10.0.0.21', '10.0.0.10', '10.0.0.20']);
    expect(view.publicIpAddresses).toEqual(['20.60.0.1', '20.50.0.1']);
    // Without flags (ARM omits them when there is one NIC / one configuration), the first is primary.
    expect(resolveVmNetwork(vm('vm-q', ['nic-p1', 'nic-a2']), index2).privateIpAddresses).toEqual(['10.0.0.10', '10.0.0.5']);
  });

  it('a NIC without subnet, NSG or public IP gives a VM nothing guarding it', () => {
    const view = resolveVmNetwork(vm('vm-c', ['nic-c']), index);
    expect(view).toMatchObject({ privateIpAddresses: ['192.168.0.4'], publicIpAddresses: [], nsgIds: [], vnetAddressPrefixes: [] });
    expect(view.firewall).toBeUndefined();
  });
});

describe('vmExposure', () => {
  it('agrees with resolveVmNetwork on every VM shape of the fleet (guarded = NSG or firewall; public IP)', () => {
    const index = buildNetworkIndex(fleet());
    const shapes = [['nic-a'], ['nic-a2'], ['nic-b'], ['nic-c'], ['nic-c', 'nic-a'], ['nic-c', 'nic-b'], ['missing'], []];
    for (const nics of shapes) {
      const machine = vm('vm', nics);
      const view = resolveVmNetwork(machine, index);
      expect(vmExposure(machine, index), nics.join('+')).toEqual({
        guarded: view.nsgIds.length > 0 || view.firewall !== undefined,
        hasPublicIp: view.publicIpAddresses.length > 0,
      });
    }
  });
});

// Builders of ARM resources for the domain's unit tests (imported by *.test.ts only). They write
// the shapes Azure returns, with ids under one resource group unless told otherwise.
import type { AzureFirewall, NetworkInterface, NetworkSecurityGroup, OsType, PublicIpAddress, VirtualMachine, VirtualNetwork } from './arm-types';

export const TEST_SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const TEST_RG = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg`;
export const TEST_NET = `${TEST_RG}/providers/Microsoft.Network`;

export function testVm(name: string, nicNames: string[], opts: { rg?: string; os?: OsType } = {}): VirtualMachine {
  return {
    id: `${opts.rg ?? TEST_RG}/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachines',
    location: 'westeurope',
    properties: {
      vmId: name,
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: { osDisk: { osType: opts.os ?? 'Linux', name: `${name}-os`, createOption: 'FromImage' } },
      networkProfile: { networkInterfaces: nicNames.map((nic) => ({ id: `${TEST_NET}/networkInterfaces/${nic}` })) },
      provisioningState: 'Succeeded',
    },
  };
}

export function testNic(name: string, opts: { subnet?: string; nsg?: string; publicIp?: string; privateIp: string }): NetworkInterface {
  return {
    id: `${TEST_NET}/networkInterfaces/${name}`,
    name,
    type: 'Microsoft.Network/networkInterfaces',
    location: 'westeurope',
    properties: {
      ipConfigurations: [
        {
          id: `${TEST_NET}/networkInterfaces/${name}/ipConfigurations/ipconfig1`,
          name: 'ipconfig1',
          properties: {
            privateIPAddress: opts.privateIp,
            privateIPAllocationMethod: 'Dynamic',
            ...(opts.subnet === undefined ? {} : { subnet: { id: opts.subnet } }),
            ...(opts.publicIp === undefined ? {} : { publicIPAddress: { id: `${TEST_NET}/publicIPAddresses/${opts.publicIp}` } }),
          },
        },
      ],
      ...(opts.nsg === undefined ? {} : { networkSecurityGroup: { id: `${TEST_NET}/networkSecurityGroups/${opts.nsg}` } }),
      provisioningState: 'Succeeded',
    },
  };
}

export function testNsg(name: string): NetworkSecurityGroup {
  return {
    id: `${TEST_NET}/networkSecurityGroups/${name}`,
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: 'westeurope',
    properties: { securityRules: [], provisioningState: 'Succeeded' },
  };
}

export function testPublicIp(name: string, ipAddress: string): PublicIpAddress {
  return {
    id: `${TEST_NET}/publicIPAddresses/${name}`,
    name,
    type: 'Microsoft.Network/publicIPAddresses',
    location: 'westeurope',
    properties: { ipAddress, publicIPAllocationMethod: 'Static', provisioningState: 'Succeeded' },
  };
}

export function testSubnetId(vnetName: string, subnet: string): string {
  return `${TEST_NET}/virtualNetworks/${vnetName}/subnets/${subnet}`;
}

export function testVnet(name: string, prefixes: string[], subnets: { name: string; prefix: string; nsg?: string }[]): VirtualNetwork {
  return {
    id: `${TEST_NET}/virtualNetworks/${name}`,
    name,
    type: 'Microsoft.Network/virtualNetworks',
    location: 'westeurope',
    properties: {
      addressSpace: { addressPrefixes: prefixes },
      subnets: subnets.map((s) => ({
        id: testSubnetId(name, s.name),
        name: s.name,
        properties: {
          addressPrefix: s.prefix,
          ...(s.nsg === undefined ? {} : { networkSecurityGroup: { id: `${TEST_NET}/networkSecurityGroups/${s.nsg}` } }),
        },
      })),
      provisioningState: 'Succeeded',
    },
  };
}

export function testFirewall(name: string, vnetName: string, publicIpName: string): AzureFirewall {
  return {
    id: `${TEST_NET}/azureFirewalls/${name}`,
    name,
    type: 'Microsoft.Network/azureFirewalls',
    location: 'westeurope',
    properties: {
      ipConfigurations: [
        {
          id: `${TEST_NET}/azureFirewalls/${name}/azureFirewallIpConfigurations/config`,
          name: 'config',
          properties: {
            privateIPAddress: '10.1.255.4',
            publicIPAddress: { id: `${TEST_NET}/publicIPAddresses/${publicIpName}` },
            subnet: { id: testSubnetId(vnetName, 'AzureFirewallSubnet') },
          },
        },
      ],
      natRuleCollections: [],
      provisioningState: 'Succeeded',
    },
  };
}

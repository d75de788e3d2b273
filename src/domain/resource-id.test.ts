import { describe, expect, it } from 'vitest';
import { isGuid, parseResourceId, parseVirtualMachineId, resourceKey, sameResourceId } from './resource-id';

const SUB = '00000000-0000-0000-0000-000000000001';
const VM = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-1`;

describe('parseResourceId', () => {
  it('parses a VM id into subscription, resource group, provider, type and name', () => {
    expect(parseResourceId(VM)).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'rg-prod',
      provider: 'Microsoft.Compute',
      type: 'virtualMachines',
      name: 'vm-web-1',
    });
  });

  it('gives a nested JIT policy the ARM type "locations/jitNetworkAccessPolicies" and the last name', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
    expect(parseResourceId(id)).toMatchObject({ provider: 'Microsoft.Security', type: 'locations/jitNetworkAccessPolicies', name: 'default' });
  });

  it('reads the fixed segments case-insensitively, as ARM does, keeping the values as written', () => {
    expect(parseResourceId(`/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/RG-Prod/PROVIDERS/microsoft.compute/VIRTUALMACHINES/VM1`)).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'RG-Prod',
      provider: 'microsoft.compute',
      type: 'VIRTUALMACHINES',
      name: 'VM1',
    });
  });

  it('parses subscription and resource group scopes, and subscription-level providers', () => {
    expect(parseResourceId(`/subscriptions/${SUB}`)).toEqual({ subscriptionId: SUB });
    expect(parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg`)).toEqual({ subscriptionId: SUB, resourceGroup: 'rg' });
    expect(parseResourceId(`/subscriptions/${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`)).toEqual({
      subscriptionId: SUB,
      provider: 'Microsoft.Security',
      type: 'pricings',
      name: 'VirtualMachines',
    });
  });

  it.each([
    '',
    'subscriptions/x',
    '/subscriptions',
    '/tenants/x',
    `/subscriptions/${SUB}/resourceGroups`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers`,
    `/subscriptions/${SUB}//resourceGroups/rg`,
    `/subscriptions/${SUB}/resourceGroups/rg/things/x`,
  ])('%j is not a resource id', (id) => {
    expect(parseResourceId(id)).toBeUndefined();
  });
});

describe('sameResourceId / resourceKey', () => {
  it('ARM ids compare case-insensitively', () => {
    expect(sameResourceId(VM, VM.toUpperCase())).toBe(true);
    expect(sameResourceId(VM, `${VM}2`)).toBe(false);
    expect(resourceKey(VM)).toBe(VM.toLowerCase());
  });
});

describe('parseVirtualMachineId', () => {
  it('accepts a Compute VM id in any case', () => {
    expect(parseVirtualMachineId(VM.toLowerCase())).toEqual({ subscriptionId: SUB, resourceGroup: 'rg-prod', name: 'vm-web-1' });
  });

  it.each([
    `/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ClassicCompute/virtualMachines/vm`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/disks/vm`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extensions/x`,
    `/SUBSCRIPTIONID/resourceGroups/RESOURCEGROUP/providers/Microsoft.Compute/virtualMachines/VMNAME`,
  ])('rejects %s', (id) => {
    expect(parseVirtualMachineId(id)).toBeUndefined();
  });

  it('knows a GUID', () => {
    expect(isGuid(SUB.toUpperCase())).toBe(true);
    expect(isGuid('SUBSCRIPTIONID')).toBe(false);
  });
});

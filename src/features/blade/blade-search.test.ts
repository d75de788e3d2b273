import { expect, test } from 'vitest';
import { filterRows } from './blade-search';
import type { VmTarget } from './use-fleet';

const vm = (name: string, subscriptionId: string, resourceGroup: string): VmTarget => ({
  id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`,
  name,
  subscriptionId,
  subscriptionName: subscriptionId,
  resourceGroup,
  location: 'westeurope',
});

const rows = [vm('vm-web-01', 'S1', 'rg-Web'), vm('vm-web-02', 's1', 'rg-data'), vm('vm-db-01', 's2', 'rg-web')];

test('search matches part of the VM name, ignoring case', () => {
  expect(filterRows(rows, { q: 'WEB' }).map((r) => r.name)).toEqual(['vm-web-01', 'vm-web-02']);
  expect(filterRows(rows, { q: '  ' })).toHaveLength(3);
});

test('subscription and resource group filters compare case-insensitively, as ARM ids do', () => {
  expect(filterRows(rows, { sub: 's1' }).map((r) => r.name)).toEqual(['vm-web-01', 'vm-web-02']);
  expect(filterRows(rows, { rg: 'RG-WEB' }).map((r) => r.name)).toEqual(['vm-web-01', 'vm-db-01']);
  expect(filterRows(rows, { sub: 's1', rg: 'rg-web', q: '01' }).map((r) => r.name)).toEqual(['vm-web-01']);
});

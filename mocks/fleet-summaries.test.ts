import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAzureFirewalls } from '../src/api/list-azure-firewalls';
import { listClassicVirtualMachines } from '../src/api/list-classic-virtual-machines';
import { listNetworkInterfaceSummaries, listPublicIpAddressSummaries, listVirtualMachineSummaries } from '../src/api/list-fleet-summaries';
import { listJitPolicies } from '../src/api/list-jit-policies';
import { listNetworkInterfaces } from '../src/api/list-network-interfaces';
import { listPolicyAssignments } from '../src/api/list-policy-assignments';
import { listPricings } from '../src/api/list-pricings';
import { listPublicIpAddresses } from '../src/api/list-public-ip-addresses';
import { listSubscriptions } from '../src/api/list-subscriptions';
import { listVirtualMachines } from '../src/api/list-virtual-machines';
import { listVirtualNetworks } from '../src/api/list-virtual-networks';
import { computeFleetRows, type FleetRows, type SubscriptionResources } from '../src/domain/fleet-rows';
import { emulatorStore, resetEmulator, server } from './node';
import { PRODUCTION_SUBSCRIPTION_ID } from './scenarios/default-scenario';
import { SCENARIO_NAMES } from './scenarios/scenario-names';

// The blade classifies VMs, NICs and public IPs from what it asks Resource Graph for
// (src/api/list-fleet-summaries.ts). On every scenario, the three tabs it computes from those rows
// must be exactly the tabs computed from the whole resources of the ARM lists.

const NOW = new Date('2024-05-01T09:00:00.000Z');

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function otherLists(subscriptionId: string) {
  const [classicVirtualMachines, virtualNetworks, azureFirewalls, pricings, policies, policyAssignments] = await Promise.all([
    listClassicVirtualMachines(subscriptionId),
    listVirtualNetworks(subscriptionId),
    listAzureFirewalls(subscriptionId),
    listPricings(subscriptionId),
    listJitPolicies(subscriptionId),
    listPolicyAssignments(subscriptionId),
  ]);
  return { classicVirtualMachines, virtualNetworks, azureFirewalls, pricings, policies, policyAssignments };
}

async function expectSameRowsBothWays(): Promise<FleetRows> {
  const subscriptions = await listSubscriptions();
    const whole: SubscriptionResources[] = [];
    const summarised: SubscriptionResources[] = [];
    // One Resource Graph query across all subscriptions, its rows picked out per subscription.
    const ids = subscriptions.map((subscription) => subscription.subscriptionId);
    const [vmsBySubscription, nicsBySubscription, publicIpsBySubscription] = await Promise.all([
      listVirtualMachineSummaries(ids),
      listNetworkInterfaceSummaries(ids),
      listPublicIpAddressSummaries(ids),
    ]);
    expect(Object.keys(vmsBySubscription).sort()).toEqual(ids.map((id) => id.toLowerCase()).sort());
    for (const { subscriptionId } of subscriptions) {
      const others = await otherLists(subscriptionId);
      const [virtualMachines, networkInterfaces, publicIpAddresses] = await Promise.all([
        listVirtualMachines(subscriptionId),
        listNetworkInterfaces(subscriptionId),
        listPublicIpAddresses(subscriptionId),
      ]);
      whole.push({ ...others, virtualMachines, networkInterfaces, publicIpAddresses });
      const key = subscriptionId.toLowerCase();
      const vmSummaries = vmsBySubscription[key] ?? [];
      const nicSummaries = nicsBySubscription[key] ?? [];
      const publicIpSummaries = publicIpsBySubscription[key] ?? [];
      const ordinal = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(vmSummaries.map((vm) => vm.id)).toEqual(ordinal(virtualMachines.map((vm) => vm.id)));
      expect(nicSummaries.map((nic) => nic.id)).toEqual(ordinal(networkInterfaces.map((nic) => nic.id)));
      expect(publicIpSummaries.map((ip) => ip.id)).toEqual(ordinal(publicIpAddresses.map((ip) => ip.id)));
      summarised.push({ ...others, virtualMachines: vmSummaries, networkInterfaces: nicSummaries, publicIpAddresses: publicIpSummaries });
    }
    const expected = computeFleetRows(subscriptions, whole, NOW);
    const actual = computeFleetRows(subscriptions, summarised, NOW);
    expect(expected.rows.configured.length + expected.rows.recommended.length + expected.rows.notRecommended.length).toBeGreaterThan(0);
    // The same rows; Resource Graph's are ordered by id (its queries page by $skip), the ARM lists' by the store.
    const byId = (rows: FleetRows): FleetRows => ({
      configured: [...rows.configured].sort((a, b) => (a.id < b.id ? -1 : 1)),
      recommended: [...rows.recommended].sort((a, b) => (a.id < b.id ? -1 : 1)),
      notRecommended: [...rows.notRecommended].sort((a, b) => (a.id < b.id ? -1 : 1)),
    });
    expect(byId(actual.rows)).toEqual(byId(expected.rows));
    expect(actual.freeTierSubscriptionIds).toEqual(expected.freeTierSubscriptionIds);
    return actual.rows;
}

describe.each(SCENARIO_NAMES)('the %s fleet', (scenario) => {
  it('classifies into the same rows from Resource Graph summaries as from whole ARM resources', { timeout: 60_000 }, async () => {
    resetEmulator(scenario, { now: NOW });
    await expectSameRowsBothWays();
  });
});

it('keeps NICs with several IP configurations and VMs with several NICs, primary flags included', async () => {
  resetEmulator('default', { now: NOW });
  const store = emulatorStore();
  // A VM without a public IP, so its address is its primary private IP.
  const nicOf = (id: string | undefined) => (id === undefined ? undefined : store.networkInterfaces.get(id));
  const vm = store.virtualMachines
    .inSubscription(PRODUCTION_SUBSCRIPTION_ID)
    .find((candidate) => nicOf(candidate.properties.networkProfile.networkInterfaces[0]?.id)?.properties.ipConfigurations.every((c) => c.properties.publicIPAddress === undefined));
  const nic = nicOf(vm?.properties.networkProfile.networkInterfaces[0]?.id);
  const [configuration] = nic?.properties.ipConfigurations ?? [];
  if (!vm || !nic || !configuration) throw new Error('the default fleet has no VM with a NIC');
  // A second, primary NIC whose primary IP configuration is its second one: the VM's address.
  const secondId = `${nic.id}-2`;
  store.networkInterfaces.upsert({
    ...nic,
    id: secondId,
    name: `${nic.name}-2`,
    properties: {
      ...nic.properties,
      networkSecurityGroup: undefined,
      ipConfigurations: [
        { ...configuration, id: `${secondId}/ipConfigurations/a`, name: 'a', properties: { ...configuration.properties, privateIPAddress: '10.9.9.8', primary: false, publicIPAddress: undefined } },
        {
          ...configuration,
          id: `${secondId}/ipConfigurations/b`,
          name: 'b',
          properties: { ...configuration.properties, privateIPAddress: '10.9.9.9', primary: true, publicIPAddress: undefined },
        },
      ],
    },
  });
  store.virtualMachines.upsert({
    ...vm,
    properties: { ...vm.properties, networkProfile: { networkInterfaces: [{ id: nic.id, properties: { primary: false } }, { id: secondId, properties: { primary: true } }] } },
  });
  const rows = await expectSameRowsBothWays();
  const row = [...rows.configured, ...rows.recommended].find((candidate) => candidate.id === vm.id);
  expect(row?.address).toBe('10.9.9.9');
});

import { fleet, type FleetBuilder } from './scenarios/fleet-builder';

/** The subscription, resource group and VM the spec's official examples name. */
export const EXAMPLE_SUBSCRIPTION_ID = '20ff7fc3-e762-44dd-bd96-b71116dcdc23';
export const EXAMPLE_VM_ID = `/subscriptions/${EXAMPLE_SUBSCRIPTION_ID}/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm1`;
/** An hour before the examples' end times, so the Initiate example is a valid request. */
export const EXAMPLE_NOW = new Date('2018-07-12T08:53:03.000Z');

export function exampleFleet(now: Date): FleetBuilder {
  const f = fleet({ scenario: 'contract', seed: 7, now });
  const rg = f.subscription('Examples', { id: EXAMPLE_SUBSCRIPTION_ID, tier: 'Standard' }).resourceGroup('myRg1', 'westeurope');
  const subnet = rg.vnet('vnet1').subnet('default');
  rg.vm('vm1').windows().inSubnet(subnet).withNicNsg(rg.nsg('vm1-nsg')).withPublicIp();
  rg.vm('vm2').linux().inSubnet(subnet).withNicNsg(rg.nsg('vm2-nsg')).withPublicIp();
  return f;
}

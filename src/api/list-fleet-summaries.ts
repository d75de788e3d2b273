import { queryOptions } from '@tanstack/react-query';
import type { NetworkInterfaceReference, NetworkInterfaceSummary, PublicIpAddressSummary, VirtualMachineSummary } from '../domain/arm-types';
import { subscriptionIdOf } from '../domain/resource-id';
import { networkInterfaceKeys, publicIpAddressKeys, virtualMachineKeys } from './query-keys';
import { forEachResourceGraphRow, type ResourceGraphQuery } from './query-resource-graph';
import { array, isRecord, oneOf, record, string } from './wire/guards';
import { nullableString, type ResourceGraphRow } from './wire/resource-graph';

// The blade classifies thousands of VMs from a few properties of each VM, NIC and public IP. It
// asks Azure Resource Graph for those, as the portal's blades do, instead of listing the whole
// resources: on the 10,000-VM fleet, 11 MB of rows instead of 22.5 MB of ARM list pages, which
// every byte of costs the emulator's serialisation and this thread's parse (issue 7). The VM page
// and the panes still read whole resources from ARM.

// Ordered, so that pages read by $skip partition one sequence (src/api/query-resource-graph.ts).
// Each row's values come in the order of `columns`, the query's projection (written twice: an
// answer whose columns differ is a wire error, and mocks/fleet-summaries.test.ts runs these
// queries against the emulator).
const VM_QUERY: ResourceGraphQuery = {
  text: `Resources
| where type =~ 'microsoft.compute/virtualmachines'
| order by id asc
| project id, name, location, osType = properties.storageProfile.osDisk.osType, networkInterfaces = properties.networkProfile.networkInterfaces`,
  columns: ['id', 'name', 'location', 'osType', 'networkInterfaces'],
};

// One row per IP configuration (a NIC has at least one), in the NIC's order; its rows are put back
// together here.
const NIC_QUERY: ResourceGraphQuery = {
  text: `Resources
| where type =~ 'microsoft.network/networkinterfaces'
| mv-expand with_itemindex = ipIndex ipConfiguration = properties.ipConfigurations
| order by id asc, ipIndex asc
| project id, networkSecurityGroup = properties.networkSecurityGroup.id, primary = ipConfiguration.properties.primary, privateIPAddress = ipConfiguration.properties.privateIPAddress, subnet = ipConfiguration.properties.subnet.id, publicIPAddress = ipConfiguration.properties.publicIPAddress.id`,
  columns: ['id', 'networkSecurityGroup', 'primary', 'privateIPAddress', 'subnet', 'publicIPAddress'],
};

const PUBLIC_IP_QUERY: ResourceGraphQuery = {
  text: `Resources
| where type =~ 'microsoft.network/publicipaddresses'
| order by id asc
| project id, ipAddress = properties.ipAddress`,
  columns: ['id', 'ipAddress'],
};

function nicReference(value: unknown, path: string): NetworkInterfaceReference {
  const reference = record(value, path);
  const id = string(reference.id, `${path}.id`);
  const primary = isRecord(reference.properties) ? reference.properties.primary : undefined;
  return typeof primary === 'boolean' ? { id, properties: { primary } } : { id };
}

function virtualMachineSummaryRow([id, name, location, osType, networkInterfaces]: ResourceGraphRow): VirtualMachineSummary {
  return {
    id: string(id, 'row.id'),
    name: string(name, 'row.name'),
    location: string(location, 'row.location'),
    properties: {
      storageProfile: { osDisk: { osType: oneOf(osType, ['Windows', 'Linux'], 'row.osType') } },
      networkProfile: { networkInterfaces: array(networkInterfaces ?? [], 'row.networkInterfaces').map((ref, i) => nicReference(ref, `row.networkInterfaces[${String(i)}]`)) },
    },
  };
}

interface NicRow {
  id: string;
  networkSecurityGroup: string | undefined;
  configuration: NetworkInterfaceSummary['properties']['ipConfigurations'][number];
}

function nicRow([id, networkSecurityGroup, primary, privateIPAddress, subnetId, publicIPAddress]: ResourceGraphRow): NicRow {
  const subnet = nullableString(subnetId, 'row.subnet');
  const publicIp = nullableString(publicIPAddress, 'row.publicIPAddress');
  const privateIp = nullableString(privateIPAddress, 'row.privateIPAddress');
  return {
    id: string(id, 'row.id'),
    networkSecurityGroup: nullableString(networkSecurityGroup, 'row.networkSecurityGroup'),
    configuration: {
      properties: {
        ...(privateIp === undefined ? {} : { privateIPAddress: privateIp }),
        ...(subnet === undefined ? {} : { subnet: { id: subnet } }),
        ...(publicIp === undefined ? {} : { publicIPAddress: { id: publicIp } }),
        ...(typeof primary === 'boolean' ? { primary } : {}),
      },
    },
  };
}

type NicSummary = { id: string; properties: { networkSecurityGroup?: { id: string }; ipConfigurations: NicRow['configuration'][] } };

/**
 * Folds NIC_QUERY's rows into NIC summaries as they arrive: one per NIC, its IP configurations in
 * row order. The query orders rows by NIC id, so a NIC's rows are consecutive (and pages are
 * checked to partition that order): only the NIC being read is kept. `add` hands each NIC on when
 * its first row comes.
 */
function networkInterfaceAssembler(add: (nic: NicSummary) => void): (row: NicRow) => void {
  let nic: NicSummary | undefined;
  return (row) => {
    if (nic?.id !== row.id) {
      nic = { id: row.id, properties: { ipConfigurations: [], ...(row.networkSecurityGroup === undefined ? {} : { networkSecurityGroup: { id: row.networkSecurityGroup } }) } };
      add(nic);
    }
    nic.properties.ipConfigurations.push(row.configuration);
  };
}

function publicIpAddressSummaryRow([id, address]: ResourceGraphRow): PublicIpAddressSummary {
  const ipAddress = nullableString(address, 'row.ipAddress');
  return { id: string(id, 'row.id'), properties: ipAddress === undefined ? {} : { ipAddress } };
}

/** Rows by lower-cased subscription id: every given subscription has its list, empty when it has no rows. */
export type BySubscription<T> = Readonly<Record<string, readonly T[]>>;

const NO_ROWS: readonly never[] = [];

/** One subscription's rows, however its id is spelled (none for a subscription the query was not asked about). */
export function rowsOf<T>(groups: BySubscription<T>, subscriptionId: string): readonly T[] {
  const key = subscriptionId.toLowerCase();
  return (Object.hasOwn(groups, key) ? groups[key] : undefined) ?? NO_ROWS;
}

/**
 * Groups items by subscription as they come: every given subscription has its list, items of other
 * subscriptions are dropped (Resource Graph answers only the subscriptions it was asked about).
 */
function subscriptionGrouper<T extends { id: string }>(subscriptionIds: readonly string[]): { groups: BySubscription<T>; add: (item: T) => void } {
  const groups: Record<string, T[]> = {};
  for (const subscriptionId of subscriptionIds) groups[subscriptionId.toLowerCase()] = [];
  // Rows come ordered by id, so runs share a subscription: the last one's group is reused.
  let written: string | undefined;
  let group: T[] | undefined;
  return {
    groups,
    add(item) {
      const subscription = subscriptionIdOf(item.id);
      if (subscription !== written || group === undefined) {
        written = subscription;
        const key = subscription?.toLowerCase() ?? '';
        group = Object.hasOwn(groups, key) ? groups[key] : undefined;
      }
      group?.push(item);
    },
  };
}

// One query across all the subscriptions, not one per subscription: Resource Graph throttles a
// user's queries (about 15 per 5 seconds in Azure), and a tenant of 50 subscriptions would otherwise
// ask 150 queries for one load of the blade. Each query still reads every page.

// Each row is parsed and grouped as its page arrives (forEachResourceGraphRow), so that little is
// left to do after the last page.

/** The VMs of the subscriptions as classification reads them (every page). */
export async function listVirtualMachineSummaries(subscriptionIds: readonly string[], signal?: AbortSignal): Promise<BySubscription<VirtualMachineSummary>> {
  const { groups, add } = subscriptionGrouper<VirtualMachineSummary>(subscriptionIds);
  await forEachResourceGraphRow(subscriptionIds, VM_QUERY, (row) => add(virtualMachineSummaryRow(row)), signal);
  return groups;
}

/** The NICs of the subscriptions as resolving a VM's network reads them (every page). */
export async function listNetworkInterfaceSummaries(subscriptionIds: readonly string[], signal?: AbortSignal): Promise<BySubscription<NetworkInterfaceSummary>> {
  const { groups, add } = subscriptionGrouper<NetworkInterfaceSummary>(subscriptionIds);
  const addRow = networkInterfaceAssembler(add);
  await forEachResourceGraphRow(subscriptionIds, NIC_QUERY, (row) => addRow(nicRow(row)), signal);
  return groups;
}

/** The public IP addresses of the subscriptions as resolving a VM's network reads them (every page). */
export async function listPublicIpAddressSummaries(subscriptionIds: readonly string[], signal?: AbortSignal): Promise<BySubscription<PublicIpAddressSummary>> {
  const { groups, add } = subscriptionGrouper<PublicIpAddressSummary>(subscriptionIds);
  await forEachResourceGraphRow(subscriptionIds, PUBLIC_IP_QUERY, (row) => add(publicIpAddressSummaryRow(row)), signal);
  return groups;
}

export function listVirtualMachineSummariesQueryOptions(subscriptionIds: readonly string[]) {
  return queryOptions({
    queryKey: virtualMachineKeys.summaries(subscriptionIds),
    queryFn: ({ signal }) => listVirtualMachineSummaries(subscriptionIds, signal),
  });
}

export function listNetworkInterfaceSummariesQueryOptions(subscriptionIds: readonly string[]) {
  return queryOptions({
    queryKey: networkInterfaceKeys.summaries(subscriptionIds),
    queryFn: ({ signal }) => listNetworkInterfaceSummaries(subscriptionIds, signal),
  });
}

export function listPublicIpAddressSummariesQueryOptions(subscriptionIds: readonly string[]) {
  return queryOptions({
    queryKey: publicIpAddressKeys.summaries(subscriptionIds),
    queryFn: ({ signal }) => listPublicIpAddressSummaries(subscriptionIds, signal),
  });
}

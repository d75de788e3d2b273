import { queryOptions } from '@tanstack/react-query';
import type { NetworkInterfaceReference, NetworkInterfaceSummary, PublicIpAddressSummary, VirtualMachineSummary } from '../domain/arm-types';
import { networkInterfaceKeys, publicIpAddressKeys, virtualMachineKeys } from './query-keys';
import { queryResourceGraph } from './query-resource-graph';
import { array, isRecord, oneOf, record, string } from './wire/guards';
import { nullableString } from './wire/resource-graph';

// The blade classifies thousands of VMs from a few properties of each VM, NIC and public IP. It
// asks Azure Resource Graph for those, as the portal's blades do, instead of listing the whole
// resources: on the 10,000-VM fleet, 11 MB of rows instead of 22.5 MB of ARM list pages, which
// every byte of costs the emulator's serialisation and this thread's parse (issue 7). The VM page
// and the panes still read whole resources from ARM.

// Ordered, so that pages read by $skip partition one sequence (src/api/query-resource-graph.ts).
const VM_QUERY = `Resources
| where type =~ 'microsoft.compute/virtualmachines'
| order by id asc
| project id, name, location, osType = properties.storageProfile.osDisk.osType, networkInterfaces = properties.networkProfile.networkInterfaces`;

// One row per IP configuration (a NIC has at least one), in the NIC's order; its rows are put back
// together here.
const NIC_QUERY = `Resources
| where type =~ 'microsoft.network/networkinterfaces'
| mv-expand with_itemindex = ipIndex ipConfiguration = properties.ipConfigurations
| order by id asc, ipIndex asc
| project id, networkSecurityGroup = properties.networkSecurityGroup.id, primary = ipConfiguration.properties.primary, privateIPAddress = ipConfiguration.properties.privateIPAddress, subnet = ipConfiguration.properties.subnet.id, publicIPAddress = ipConfiguration.properties.publicIPAddress.id`;

const PUBLIC_IP_QUERY = `Resources
| where type =~ 'microsoft.network/publicipaddresses'
| order by id asc
| project id, ipAddress = properties.ipAddress`;

function nicReference(value: unknown, path: string): NetworkInterfaceReference {
  const reference = record(value, path);
  const id = string(reference.id, `${path}.id`);
  const primary = isRecord(reference.properties) ? reference.properties.primary : undefined;
  return typeof primary === 'boolean' ? { id, properties: { primary } } : { id };
}

function virtualMachineSummaryRow(value: unknown): VirtualMachineSummary {
  const row = record(value, 'row');
  return {
    id: string(row.id, 'row.id'),
    name: string(row.name, 'row.name'),
    location: string(row.location, 'row.location'),
    properties: {
      storageProfile: { osDisk: { osType: oneOf(row.osType, ['Windows', 'Linux'], 'row.osType') } },
      networkProfile: { networkInterfaces: array(row.networkInterfaces ?? [], 'row.networkInterfaces').map((ref, i) => nicReference(ref, `row.networkInterfaces[${String(i)}]`)) },
    },
  };
}

interface NicRow {
  id: string;
  networkSecurityGroup: string | undefined;
  configuration: NetworkInterfaceSummary['properties']['ipConfigurations'][number];
}

function nicRow(value: unknown): NicRow {
  const row = record(value, 'row');
  const subnet = nullableString(row.subnet, 'row.subnet');
  const publicIp = nullableString(row.publicIPAddress, 'row.publicIPAddress');
  const privateIp = nullableString(row.privateIPAddress, 'row.privateIPAddress');
  return {
    id: string(row.id, 'row.id'),
    networkSecurityGroup: nullableString(row.networkSecurityGroup, 'row.networkSecurityGroup'),
    configuration: {
      properties: {
        ...(privateIp === undefined ? {} : { privateIPAddress: privateIp }),
        ...(subnet === undefined ? {} : { subnet: { id: subnet } }),
        ...(publicIp === undefined ? {} : { publicIPAddress: { id: publicIp } }),
        ...(typeof row.primary === 'boolean' ? { primary: row.primary } : {}),
      },
    },
  };
}

/** NIC summaries from the rows of NIC_QUERY: one per NIC, its IP configurations in row order. */
function networkInterfaceSummaries(rows: readonly NicRow[]): NetworkInterfaceSummary[] {
  const byId = new Map<string, { id: string; properties: { networkSecurityGroup?: { id: string }; ipConfigurations: NicRow['configuration'][] } }>();
  for (const row of rows) {
    let nic = byId.get(row.id);
    if (nic === undefined) {
      nic = { id: row.id, properties: { ipConfigurations: [], ...(row.networkSecurityGroup === undefined ? {} : { networkSecurityGroup: { id: row.networkSecurityGroup } }) } };
      byId.set(row.id, nic);
    }
    nic.properties.ipConfigurations.push(row.configuration);
  }
  return [...byId.values()];
}

function publicIpAddressSummaryRow(value: unknown): PublicIpAddressSummary {
  const row = record(value, 'row');
  const ipAddress = nullableString(row.ipAddress, 'row.ipAddress');
  return { id: string(row.id, 'row.id'), properties: ipAddress === undefined ? {} : { ipAddress } };
}

/** The VMs of a subscription as classification reads them (every page). */
export function listVirtualMachineSummaries(subscriptionId: string, signal?: AbortSignal): Promise<VirtualMachineSummary[]> {
  return queryResourceGraph([subscriptionId], VM_QUERY, virtualMachineSummaryRow, signal);
}

/** The NICs of a subscription as resolving a VM's network reads them (every page). */
export async function listNetworkInterfaceSummaries(subscriptionId: string, signal?: AbortSignal): Promise<NetworkInterfaceSummary[]> {
  return networkInterfaceSummaries(await queryResourceGraph([subscriptionId], NIC_QUERY, nicRow, signal));
}

/** The public IP addresses of a subscription as resolving a VM's network reads them (every page). */
export function listPublicIpAddressSummaries(subscriptionId: string, signal?: AbortSignal): Promise<PublicIpAddressSummary[]> {
  return queryResourceGraph([subscriptionId], PUBLIC_IP_QUERY, publicIpAddressSummaryRow, signal);
}

export function listVirtualMachineSummariesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: virtualMachineKeys.summaries(subscriptionId),
    queryFn: ({ signal }) => listVirtualMachineSummaries(subscriptionId, signal),
  });
}

export function listNetworkInterfaceSummariesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: networkInterfaceKeys.summaries(subscriptionId),
    queryFn: ({ signal }) => listNetworkInterfaceSummaries(subscriptionId, signal),
  });
}

export function listPublicIpAddressSummariesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: publicIpAddressKeys.summaries(subscriptionId),
    queryFn: ({ signal }) => listPublicIpAddressSummaries(subscriptionId, signal),
  });
}

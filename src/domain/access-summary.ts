import type { JitNetworkAccessPolicy, JitNetworkAccessPolicyVirtualMachine, JitNetworkAccessRequest, JitNetworkAccessRequestPort, JitNetworkAccessRequestVirtualMachine } from './jit-types';
import type { VmNetworkView } from './network-topology';
import { resourceKey } from './resource-id';

export interface OpenPort {
  number: number;
  /** Address to connect to: the firewall's public IP, else the VM's public IP, else its private IP. */
  address: string;
  /** The port to connect to (mappedPort through a firewall). */
  connectPort: number;
  source: string;
  endTimeUtc: string;
  requestor: string;
}

/** The Configured tab's columns for one VM, from the policy's requests (expired ports count as closed). */
export interface VmAccessSummary {
  approvedRequestsLast7Days: number;
  lastAccessUtc?: string;
  lastUser?: string;
  connection: { via: 'firewall' | 'nsg'; address?: string };
  openPorts: OpenPort[];
}

const SEVEN_DAYS_MS = 7 * 24 * 3_600_000;

function sourceOf(port: JitNetworkAccessRequestPort): string {
  return port.allowedSourceAddressPrefix ?? (port.allowedSourceAddressPrefixes ?? []).join(', ');
}

// The Configured tab summarizes every VM of a policy (thousands of rows, each scanning the same
// requests): index the policy's VMs and requests by VM once per array instead of per row. Keyed by
// the arrays, which the domain never mutates (a new request makes a new requests array).
const policyVmIndex = new WeakMap<readonly JitNetworkAccessPolicyVirtualMachine[], { length: number; byId: Map<string, JitNetworkAccessPolicyVirtualMachine> }>();
type RequestEntry = { request: JitNetworkAccessRequest; vm: JitNetworkAccessRequestVirtualMachine };
const requestIndex = new WeakMap<readonly JitNetworkAccessRequest[], { length: number; byVm: Map<string, RequestEntry[]> }>();

function policyVmOf(policy: JitNetworkAccessPolicy, key: string): JitNetworkAccessPolicyVirtualMachine | undefined {
  const vms = policy.properties.virtualMachines;
  let index = policyVmIndex.get(vms);
  if (index === undefined || index.length !== vms.length) {
    const byId = new Map<string, JitNetworkAccessPolicyVirtualMachine>();
    for (const vm of vms) if (!byId.has(resourceKey(vm.id))) byId.set(resourceKey(vm.id), vm);
    index = { length: vms.length, byId };
    policyVmIndex.set(vms, index);
  }
  return index.byId.get(key);
}

function requestsOf(policy: JitNetworkAccessPolicy, key: string): RequestEntry[] {
  const requests = policy.properties.requests ?? [];
  let index = requestIndex.get(requests);
  if (index === undefined || index.length !== requests.length) {
    const byVm = new Map<string, RequestEntry[]>();
    for (const request of requests) {
      const seen = new Set<string>();
      for (const vm of request.virtualMachines) {
        const vmKey = resourceKey(vm.id);
        // As before indexing: a request naming a VM twice counts once, with its first entry.
        if (seen.has(vmKey)) continue;
        seen.add(vmKey);
        const list = byVm.get(vmKey);
        if (list === undefined) byVm.set(vmKey, [{ request, vm }]);
        else list.push({ request, vm });
      }
    }
    index = { length: requests.length, byVm };
    requestIndex.set(requests, index);
  }
  return index.byVm.get(key) ?? [];
}

/**
 * The Configured tab's columns, from the policy's stored requests:
 * - approvedRequestsLast7Days: requests naming the VM whose startTimeUtc is in (now − 7 days, now].
 *   Every stored request was approved (JIT refuses the others outright, they are never stored).
 * - lastAccessUtc / lastUser: the most recent request for the VM at or before now, of any age: the
 *   portal shows the last access even when it is older than the week the count covers.
 * - openPorts: ports with status Initiated whose endTimeUtc is after now; a port past its end
 *   counts as closed even if nothing has marked it Revoked yet. Through a firewall the address
 *   is the firewall's public IP (the policy's VM entry as fallback) and the port its mappedPort;
 *   otherwise the VM's public IP, else its private IP, and the port itself. Sorted by port.
 * - connection.via: "firewall" when a firewall protects the VM, even if an NSG does too.
 */
export function summarizeVmAccess(args: { policy: JitNetworkAccessPolicy; vmId: string; network: VmNetworkView; now: Date }): VmAccessSummary {
  const { policy, vmId, network } = args;
  const now = args.now.getTime();
  const vmKey = resourceKey(vmId);
  const policyVm = policyVmOf(policy, vmKey);
  const firewallAddress = network.firewall !== undefined ? (network.firewall.publicIpAddress ?? policyVm?.publicIpAddress) : undefined;
  const directAddress = network.publicIpAddresses[0] ?? network.privateIpAddresses[0];
  const via = network.firewall !== undefined ? 'firewall' : 'nsg';
  const address = via === 'firewall' ? firewallAddress : directAddress;

  let approvedRequestsLast7Days = 0;
  let last: { time: number; startTimeUtc: string; requestor: string } | undefined;
  const openPorts: OpenPort[] = [];

  for (const { request, vm: requestVm } of requestsOf(policy, vmKey)) {
    const start = Date.parse(request.startTimeUtc);
    if (Number.isNaN(start) || start > now) continue;
    if (start > now - SEVEN_DAYS_MS) approvedRequestsLast7Days += 1;
    if (last === undefined || start > last.time) last = { time: start, startTimeUtc: request.startTimeUtc, requestor: request.requestor };

    for (const port of requestVm.ports) {
      const end = Date.parse(port.endTimeUtc);
      if (port.status !== 'Initiated' || Number.isNaN(end) || end <= now) continue;
      openPorts.push({
        number: port.number,
        address: address ?? '',
        connectPort: via === 'firewall' ? (port.mappedPort ?? port.number) : port.number,
        source: sourceOf(port),
        endTimeUtc: port.endTimeUtc,
        requestor: request.requestor,
      });
    }
  }

  openPorts.sort((a, b) => a.number - b.number || Date.parse(a.endTimeUtc) - Date.parse(b.endTimeUtc));
  return {
    approvedRequestsLast7Days,
    ...(last === undefined ? {} : { lastAccessUtc: last.startTimeUtc, lastUser: last.requestor }),
    connection: address === undefined ? { via } : { via, address },
    openPorts,
  };
}

import { describe, expect, it } from 'vitest';
import { summarizeVmAccess } from './access-summary';
import { JIT_POLICY_TYPE, type JitNetworkAccessPolicy, type JitNetworkAccessRequest, type JitNetworkAccessRequestPort } from './jit-types';
import type { VmNetworkView } from './network-topology';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg';
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`;
const OTHER_VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm2`;
const NOW = new Date('2025-03-10T12:00:00Z');
const H = 3_600_000;
const iso = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

function port(number: number, overrides: Partial<JitNetworkAccessRequestPort> = {}): JitNetworkAccessRequestPort {
  return { number, allowedSourceAddressPrefix: '203.0.113.7', endTimeUtc: iso(2 * H), status: 'Initiated', statusReason: 'UserRequested', ...overrides };
}

function request(startOffsetMs: number, requestor: string, ports: JitNetworkAccessRequestPort[], vmId = VM): JitNetworkAccessRequest {
  return { startTimeUtc: iso(startOffsetMs), requestor, virtualMachines: [{ id: vmId, ports }] };
}

function policy(requests: JitNetworkAccessRequest[], publicIpAddress?: string): JitNetworkAccessPolicy {
  return {
    id: `${RG}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`,
    name: 'default',
    type: JIT_POLICY_TYPE,
    location: 'westeurope',
    properties: {
      virtualMachines: [
        {
          id: VM,
          ports: [{ number: 22, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }],
          ...(publicIpAddress === undefined ? {} : { publicIpAddress }),
        },
      ],
      requests,
    },
  };
}

function network(overrides: Partial<VmNetworkView> = {}): VmNetworkView {
  return {
    vmId: VM,
    privateIpAddresses: ['10.0.0.4'],
    publicIpAddresses: ['20.0.0.1'],
    nicNsgIds: ['nsg'],
    subnetNsgIds: [],
    nsgIds: ['nsg'],
    vnetAddressPrefixes: ['10.0.0.0/16'],
    ...overrides,
  };
}

describe('summarizeVmAccess', () => {
  it('counts approved requests in the last 7 days only, for this VM only', () => {
    const requests = [
      request(-1 * H, 'a@contoso.com', [port(22)]),
      request(-6 * 24 * H, 'b@contoso.com', [port(22, { status: 'Revoked', statusReason: 'Expired', endTimeUtc: iso(-6 * 24 * H + H) })]),
      request(-7 * 24 * H, 'c@contoso.com', [port(22, { status: 'Revoked', statusReason: 'Expired', endTimeUtc: iso(-7 * 24 * H + H) })]),
      request(-2 * H, 'd@contoso.com', [port(22)], OTHER_VM),
    ];
    expect(summarizeVmAccess({ policy: policy(requests), vmId: VM, network: network(), now: NOW }).approvedRequestsLast7Days).toBe(2);
  });

  it('last access and last user come from the most recent request, even an old one', () => {
    const requests = [
      request(-30 * 24 * H, 'old@contoso.com', [port(22, { status: 'Revoked', statusReason: 'Expired', endTimeUtc: iso(-30 * 24 * H) })]),
      request(-20 * 24 * H, 'newer@contoso.com', [port(22, { status: 'Revoked', statusReason: 'Expired', endTimeUtc: iso(-20 * 24 * H) })]),
    ];
    const summary = summarizeVmAccess({ policy: policy(requests), vmId: VM.toUpperCase(), network: network(), now: NOW });
    expect(summary).toMatchObject({ approvedRequestsLast7Days: 0, lastAccessUtc: iso(-20 * 24 * H), lastUser: 'newer@contoso.com', openPorts: [] });
  });

  it('a VM never requested has no last access', () => {
    const summary = summarizeVmAccess({ policy: policy([]), vmId: VM, network: network(), now: NOW });
    expect(summary).toEqual({ approvedRequestsLast7Days: 0, connection: { via: 'nsg', address: '20.0.0.1' }, openPorts: [] });
  });

  it('an initiated port before its end time is open, on the VM public IP, from the requested source', () => {
    const summary = summarizeVmAccess({ policy: policy([request(-H, 'a@contoso.com', [port(3389), port(22)])]), vmId: VM, network: network(), now: NOW });
    expect(summary.openPorts).toEqual([
      { number: 22, address: '20.0.0.1', connectPort: 22, source: '203.0.113.7', endTimeUtc: iso(2 * H), requestor: 'a@contoso.com' },
      { number: 3389, address: '20.0.0.1', connectPort: 3389, source: '203.0.113.7', endTimeUtc: iso(2 * H), requestor: 'a@contoso.com' },
    ]);
  });

  it('a port past its end time is closed even while still marked Initiated; a revoked port is closed', () => {
    const requests = [request(-4 * H, 'a@contoso.com', [port(22, { endTimeUtc: iso(-H) }), port(3389, { endTimeUtc: iso(0) }), port(5985, { status: 'Revoked', statusReason: 'UserRequested' })])];
    expect(summarizeVmAccess({ policy: policy(requests), vmId: VM, network: network(), now: NOW }).openPorts).toEqual([]);
  });

  it('without a public IP the address is the private IP; a list of sources is joined', () => {
    const ports = [port(22, { allowedSourceAddressPrefixes: ['10.1.0.0/16', '10.2.0.0/16'] })];
    delete ports[0]?.allowedSourceAddressPrefix;
    const summary = summarizeVmAccess({ policy: policy([request(-H, 'a@contoso.com', ports)]), vmId: VM, network: network({ publicIpAddresses: [] }), now: NOW });
    expect(summary.connection).toEqual({ via: 'nsg', address: '10.0.0.4' });
    expect(summary.openPorts[0]).toMatchObject({ address: '10.0.0.4', source: '10.1.0.0/16, 10.2.0.0/16' });
  });

  it('through a firewall: the firewall public IP and the mapped port, firewall shown even when an NSG also protects', () => {
    const net = network({ firewall: { id: 'fw', publicIpAddress: '20.0.0.100' } });
    const summary = summarizeVmAccess({ policy: policy([request(-H, 'a@contoso.com', [port(22, { mappedPort: 50022 })])]), vmId: VM, network: net, now: NOW });
    expect(summary.connection).toEqual({ via: 'firewall', address: '20.0.0.100' });
    expect(summary.openPorts).toMatchObject([{ number: 22, address: '20.0.0.100', connectPort: 50022 }]);
  });

  it('falls back to the firewall address the policy records', () => {
    const net = network({ firewall: { id: 'fw' } });
    const summary = summarizeVmAccess({ policy: policy([], '20.0.0.200'), vmId: VM, network: net, now: NOW });
    expect(summary.connection).toEqual({ via: 'firewall', address: '20.0.0.200' });
  });
});

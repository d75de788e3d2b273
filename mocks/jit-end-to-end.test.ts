import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AzureFirewall, EventData, NetworkInterface, NetworkSecurityGroup, PublicIpAddress, VirtualMachine, VirtualNetwork } from '../src/domain/arm-types';
import { evaluateInbound } from '../src/domain/inbound';
import { JIT_RULE_PREFIX } from '../src/domain/jit-rules';
import { buildNetworkIndex, resolveVmNetwork } from '../src/domain/network-topology';
import { resourceKey } from '../src/domain/resource-id';
import { EXAMPLE_NOW, EXAMPLE_SUBSCRIPTION_ID, exampleFleet } from './contract-scenario';
import { advanceEmulatorClock, resetEmulator, server, setEmulatorClock } from './node';
import { arm, at } from './test-client';

// Enable → deny rules; initiate → allow rule that lets exactly the requested source in; the clock
// passes the end time → the rule is gone and the port reads Revoked/Expired; the log has it all.
// Everything is observed through HTTP, as the console would.

const SUB = `/subscriptions/${EXAMPLE_SUBSCRIPTION_ID}`;
const VM_ID = `${SUB}/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm2`;
const POLICY = `${SUB}/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
const NSG = `${SUB}/resourceGroups/myRg1/providers/Microsoft.Network/networkSecurityGroups/vm2-nsg`;

async function list<T>(path: string, apiVersion: string): Promise<T[]> {
  const answer = await arm(`${SUB}/providers/${path}`, { apiVersion });
  expect(answer.status).toBe(200);
  return at(answer.body, 'value') as T[];
}

async function inboundFrom(sourceAddress: string): Promise<boolean> {
  const [vms, nics, nsgs, vnets, pips, firewalls] = await Promise.all([
    list<VirtualMachine>('Microsoft.Compute/virtualMachines', '2024-07-01'),
    list<NetworkInterface>('Microsoft.Network/networkInterfaces', '2024-05-01'),
    list<NetworkSecurityGroup>('Microsoft.Network/networkSecurityGroups', '2024-05-01'),
    list<VirtualNetwork>('Microsoft.Network/virtualNetworks', '2024-05-01'),
    list<PublicIpAddress>('Microsoft.Network/publicIPAddresses', '2024-05-01'),
    list<AzureFirewall>('Microsoft.Network/azureFirewalls', '2024-05-01'),
  ]);
  const index = buildNetworkIndex({ networkInterfaces: nics, networkSecurityGroups: nsgs, virtualNetworks: vnets, publicIpAddresses: pips, azureFirewalls: firewalls });
  const vm = vms.find((candidate) => candidate.id === VM_ID);
  if (!vm) throw new Error('vm2 not listed');
  const verdict = evaluateInbound({
    packet: { sourceAddress, port: 22, protocol: 'Tcp', via: 'vm' },
    network: resolveVmNetwork(vm, index),
    nsgs: new Map(nsgs.map((nsg) => [resourceKey(nsg.id), nsg])),
    firewalls: new Map(firewalls.map((firewall) => [resourceKey(firewall.id), firewall])),
  });
  return verdict.allowed;
}

async function jitRules(): Promise<NetworkSecurityGroup['properties']['securityRules']> {
  const answer = await arm(NSG, { apiVersion: '2024-05-01' });
  expect(answer.status).toBe(200);
  return (answer.body as NetworkSecurityGroup).properties.securityRules.filter((rule) => rule.name.startsWith(JIT_RULE_PREFIX));
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  setEmulatorClock(EXAMPLE_NOW);
  resetEmulator(exampleFleet);
});

describe('a JIT request from enable to expiry, through HTTP', () => {
  it('writes deny, then allow, then removes the allow rule at the end time, and logs each step', async () => {
    const enable = await arm(POLICY, {
      method: 'PUT',
      body: { kind: 'Basic', properties: { virtualMachines: [{ id: VM_ID, ports: [{ number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] } },
    });
    expect(enable.status, JSON.stringify(enable.body)).toBe(200);

    const denyOnly = await jitRules();
    expect(denyOnly.filter((rule) => rule.properties.access === 'Deny' && rule.properties.destinationPortRange === '22')).toHaveLength(1);
    expect(denyOnly.filter((rule) => rule.properties.access === 'Allow')).toHaveLength(0);
    expect(await inboundFrom('198.51.100.7')).toBe(false);

    const endTimeUtc = new Date(EXAMPLE_NOW.getTime() + 3_600_000).toISOString();
    const initiate = await arm(`${POLICY}/initiate`, {
      method: 'POST',
      body: { virtualMachines: [{ id: VM_ID, ports: [{ number: 22, allowedSourceAddressPrefix: '198.51.100.7', endTimeUtc }] }], justification: 'メンテナンスのため' },
    });
    expect(initiate.status, JSON.stringify(initiate.body)).toBe(202);

    const withAllow = await jitRules();
    const allow = withAllow.filter((rule) => rule.properties.access === 'Allow');
    expect(allow).toHaveLength(1);
    const deny = withAllow.find((rule) => rule.properties.access === 'Deny');
    expect(allow[0]?.properties.priority).toBeLessThan(deny?.properties.priority ?? 0);
    expect(await inboundFrom('198.51.100.7')).toBe(true);
    expect(await inboundFrom('192.0.2.99')).toBe(false);

    advanceEmulatorClock(2 * 3_600_000);
    const afterExpiry = await jitRules();
    expect(afterExpiry.filter((rule) => rule.properties.access === 'Allow')).toHaveLength(0);
    expect(afterExpiry.filter((rule) => rule.properties.access === 'Deny')).toHaveLength(1);
    expect(await inboundFrom('198.51.100.7')).toBe(false);

    const policy = await arm(POLICY);
    const port = at(policy.body, 'properties', 'requests', 0, 'virtualMachines', 0, 'ports', 0);
    expect(at(port, 'status')).toBe('Revoked');
    expect(at(port, 'statusReason')).toBe('Expired');

    const from = new Date(EXAMPLE_NOW.getTime() - 3_600_000).toISOString();
    const to = new Date(EXAMPLE_NOW.getTime() + 3 * 3_600_000).toISOString();
    const filter = `eventTimestamp ge '${from}' and eventTimestamp le '${to}' and resourceUri eq '${VM_ID}'`;
    const log = await arm(`${SUB}/providers/Microsoft.Insights/eventtypes/management/values?$filter=${encodeURIComponent(filter)}`, { apiVersion: '2015-04-01' });
    expect(log.status).toBe(200);
    const events = at(log.body, 'value') as EventData[];
    const operations = events.map((event) => event.operationName.value);
    expect(operations).toContain('Microsoft.Security/locations/jitNetworkAccessPolicies/write');
    expect(operations).toContain('Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action');
    expect(operations).toContain('Microsoft.Network/networkSecurityGroups/securityRules/write');
    expect(operations).toContain('Microsoft.Network/networkSecurityGroups/securityRules/delete');
    expect(events.every((event) => event.resourceId.toLowerCase() === VM_ID.toLowerCase())).toBe(true);
    // Newest first.
    const times = events.map((event) => event.eventTimestamp);
    expect([...times].sort().reverse()).toEqual(times);
    expect(events.find((event) => event.operationName.value.endsWith('initiate/action'))?.caller).toBe('admin@contoso.com');
  });

  it('requires an eventTimestamp range on the activity log, as Azure does', async () => {
    const answer = await arm(`${SUB}/providers/Microsoft.Insights/eventtypes/management/values?$filter=${encodeURIComponent(`resourceUri eq '${VM_ID}'`)}`, { apiVersion: '2015-04-01' });
    expect(answer.status).toBe(400);
  });

  it('refuses to enable JIT in a Free-tier subscription and where policy disables it', async () => {
    resetEmulator('default');
    const free = await arm('/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/rg-dev/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default', {
      method: 'PUT',
      body: { properties: { virtualMachines: [{ id: '/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/rg-dev/providers/Microsoft.Compute/virtualMachines/vm-dev-01', ports: [{ number: 22, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] } },
    });
    expect(free.status).toBe(400);
    expect(at(free.body, 'error', 'code')).toBe('StandardPricingTierRequired');
    const prod = '/subscriptions/6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c';
    const disabled = await arm(`${prod}/resourceGroups/rg-legacy/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`, {
      method: 'PUT',
      body: { properties: { virtualMachines: [{ id: `${prod}/resourceGroups/rg-legacy/providers/Microsoft.Compute/virtualMachines/vm-legacy-01`, ports: [{ number: 3389, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] } },
    });
    expect(disabled.status).toBe(400);
    expect(at(disabled.body, 'error', 'code')).toBe('JitDisabledByPolicy');
  });

  it('reports mappedPort and the firewall address for a firewall-protected VM', async () => {
    resetEmulator('default');
    const prod = '/subscriptions/6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c';
    const policy = await arm(`${prod}/resourceGroups/rg-hub/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`);
    expect(policy.status).toBe(200);
    expect(typeof at(policy.body, 'properties', 'virtualMachines', 0, 'publicIpAddress')).toBe('string');
    expect(typeof at(policy.body, 'properties', 'requests', 0, 'virtualMachines', 0, 'ports', 0, 'mappedPort')).toBe('number');
  });
});

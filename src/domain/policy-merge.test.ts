import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { makePolicy, portRule, vmId } from './fleet-builders';
import {
  buildInitiateBody,
  checkRequestSource,
  groupVmsByPolicy,
  hoursToIsoDuration,
  isoDurationToHours,
  mergeVmPorts,
  policyAddressOf,
  removeVmFromPolicy,
} from './policy-merge';

const SUB = '00000000-0000-0000-0000-000000000001';
const placed = (name: string, rg: string, location: string, policyId?: string) => ({
  id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`,
  subscriptionId: SUB,
  resourceGroup: rg,
  location,
  policyId,
});

describe('groupVmsByPolicy: one policy per subscription, resource group and location', () => {
  test('VMs of the same resource group and location share one "default" policy; another location gets its own', () => {
    const groups = groupVmsByPolicy([placed('a', 'rg-web', 'westeurope'), placed('b', 'rg-app', 'westeurope'), placed('c', 'RG-WEB', 'West Europe'), placed('d', 'rg-web', 'northeurope')]);
    expect(groups.map((g) => [g.address.resourceGroup, g.address.location, g.address.name, g.vms.map((vm) => vm.id.split('/').pop())])).toEqual([
      ['rg-web', 'westeurope', 'default', ['a', 'c']],
      ['rg-app', 'westeurope', 'default', ['b']],
      ['rg-web', 'northeurope', 'default', ['d']],
    ]);
  });

  test('an existing policy of the placement is used, whatever its name, and a VM keeps its own policy', () => {
    const existing = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/web-policy`;
    const groups = groupVmsByPolicy([placed('a', 'rg-web', 'westeurope'), placed('b', 'rg-web', 'westeurope', existing)], [existing]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.address.name).toBe('web-policy');
  });

  test('500 VMs over 3 placements make exactly 3 groups (one PUT each)', () => {
    const vms = Array.from({ length: 500 }, (_, i) => placed(`vm-${String(i)}`, `rg-${String(i % 3)}`, 'westeurope'));
    const groups = groupVmsByPolicy(vms);
    expect(groups).toHaveLength(3);
    expect(groups.reduce((n, g) => n + g.vms.length, 0)).toBe(500);
  });
});

test('policyAddressOf reads subscription, group, location and name from a policy id', () => {
  expect(policyAddressOf(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`)).toEqual({
    subscriptionId: SUB,
    resourceGroup: 'rg',
    location: 'westeurope',
    name: 'default',
  });
  expect(policyAddressOf(vmId('a'))).toBeUndefined();
});

describe('mergeVmPorts', () => {
  test('replaces the VM entry in place and never drops the other VMs', () => {
    const current = makePolicy([
      { name: 'a', ports: [portRule(22)] },
      { name: 'b', ports: [portRule(3389)] },
    ]);
    const input = mergeVmPorts(current, [{ id: vmId('A'), ports: [portRule(2222)] }]);
    expect(input.properties.virtualMachines.map((vm) => [vm.id.split('/').pop(), vm.ports.map((p) => p.number)])).toEqual([
      ['a', [2222]],
      ['b', [3389]],
    ]);
    expect(input.properties).not.toHaveProperty('requests');
  });

  test('a new policy holds just the new VMs, at the given location', () => {
    const input = mergeVmPorts(undefined, [{ id: vmId('a'), ports: [portRule(22)] }], 'westeurope');
    expect(input).toMatchObject({ location: 'westeurope', properties: { virtualMachines: [{ id: vmId('a') }] } });
  });

  test('property: every VM of the current policy survives a merge, and every changed VM has exactly its new ports', () => {
    const names = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 0, maxLength: 6 });
    fc.assert(
      fc.property(names, names, fc.integer({ min: 0, max: 65535 }), (existing, changed, port) => {
        const current = existing.length === 0 ? undefined : makePolicy(existing.map((name) => ({ name, ports: [portRule(22)] })));
        const input = mergeVmPorts(current, changed.map((name) => ({ id: vmId(name), ports: [portRule(port)] })), 'westeurope');
        const ids = input.properties.virtualMachines.map((vm) => vm.id.split('/').pop());
        expect(new Set(ids).size).toBe(ids.length);
        for (const name of existing) expect(ids).toContain(name);
        for (const name of changed) {
          expect(input.properties.virtualMachines.find((vm) => vm.id === vmId(name))?.ports.map((p) => p.number)).toEqual([port]);
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000) },
    );
  });
});

describe('removeVmFromPolicy', () => {
  test('keeps the other VMs', () => {
    const result = removeVmFromPolicy(makePolicy([{ name: 'a', ports: [portRule(22)] }, { name: 'b', ports: [portRule(22)] }]), vmId('a'));
    expect(result.kind).toBe('update');
    if (result.kind === 'update') expect(result.input.properties.virtualMachines.map((vm) => vm.id)).toEqual([vmId('b')]);
  });
  test('the last VM deletes the policy', () => {
    expect(removeVmFromPolicy(makePolicy([{ name: 'a', ports: [portRule(22)] }]), vmId('a'))).toEqual({ kind: 'delete' });
  });
  test('a VM already gone writes nothing', () => {
    expect(removeVmFromPolicy(makePolicy([{ name: 'a', ports: [portRule(22)] }]), vmId('z'))).toEqual({ kind: 'notInPolicy' });
  });
});

test('hours convert to the ISO durations ARM takes and back', () => {
  expect(hoursToIsoDuration(3)).toBe('PT3H');
  expect(hoursToIsoDuration(24)).toBe('PT24H');
  expect(hoursToIsoDuration(25)).toBe('PT25H');
  expect(hoursToIsoDuration(0)).toBeUndefined();
  expect(hoursToIsoDuration(Number.NaN)).toBeUndefined();
  expect(isoDurationToHours('P1D')).toBe(24);
  expect(isoDurationToHours('PT90M')).toBe(1.5);
});

describe('checkRequestSource', () => {
  const rule = portRule(22, { sources: ['10.0.0.0/16', '192.168.1.0/24'] });
  test('a range inside an allowed prefix passes', () => {
    expect(checkRequestSource('10.0.4.0/24', rule)).toBeUndefined();
    expect(checkRequestSource('192.168.1.7', rule)).toBeUndefined();
  });
  test('a range that spills over names the value, the port and the allowed sources', () => {
    const problem = checkRequestSource('10.0.0.0/8', rule);
    expect(problem?.code).toBe('SourceNotAllowed');
    expect(problem?.message).toContain('"10.0.0.0/8" is not within the allowed source IPs of port 22 (10.0.0.0/16, 192.168.1.0/24)');
  });
  test('a malformed value gets the parser message', () => {
    const problem = checkRequestSource('10.0.0.300/24', rule);
    expect(problem?.code).toBe('InvalidAddressPrefix');
    expect(problem?.message).toContain('"10.0.0.300/24"');
  });
  test('"*" is allowed only where the port allows any source', () => {
    expect(checkRequestSource('*', rule)?.code).toBe('SourceNotAllowed');
    expect(checkRequestSource('*', portRule(22))).toBeUndefined();
  });
});

describe('buildInitiateBody', () => {
  const now = new Date('2024-05-01T09:00:00.000Z');
  test('end time is now + hours; My IP omits the source; blank justification is left out', () => {
    const body = buildInitiateBody({ now, justification: '  ', choices: [{ vmId: vmId('a'), ports: [{ number: 22, hours: 3 }] }] });
    expect(body).toEqual({ virtualMachines: [{ id: vmId('a'), ports: [{ number: 22, endTimeUtc: '2024-05-01T12:00:00.000Z' }] }] });
  });
  test('an IP range is sent as the port source, with the justification', () => {
    const body = buildInitiateBody({ now, justification: 'patching', choices: [{ vmId: vmId('a'), source: '10.0.0.0/24', ports: [{ number: 22, hours: 1 }, { number: 3389, hours: 2 }] }] });
    expect(body.justification).toBe('patching');
    expect(body.virtualMachines[0]?.ports).toEqual([
      { number: 22, allowedSourceAddressPrefix: '10.0.0.0/24', endTimeUtc: '2024-05-01T10:00:00.000Z' },
      { number: 3389, allowedSourceAddressPrefix: '10.0.0.0/24', endTimeUtc: '2024-05-01T11:00:00.000Z' },
    ]);
  });
});

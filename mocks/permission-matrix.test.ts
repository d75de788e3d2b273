import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_NOW, EXAMPLE_SUBSCRIPTION_ID, EXAMPLE_VM_ID, exampleFleet } from './contract-scenario';
import { resetEmulator, server, setEmulatorClock } from './node';
import { arm, at, type TestUser } from './test-client';

// Each default user × each operation → allowed or 403 AuthorizationFailed, as Azure RBAC decides.

const SUB = `/subscriptions/${EXAMPLE_SUBSCRIPTION_ID}`;
const POLICY = `${SUB}/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
const PUT_BODY = { kind: 'Basic', properties: { virtualMachines: [{ id: EXAMPLE_VM_ID, ports: [{ number: 3389, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] } };
const INITIATE_BODY = { virtualMachines: [{ id: EXAMPLE_VM_ID, ports: [{ number: 3389, endTimeUtc: '2018-07-12T09:53:03Z' }] }], justification: 'matrix' };

type Operation = { name: string; path: string; method?: string; body?: unknown; apiVersion?: string; action: string };

const OPERATIONS: Operation[] = [
  { name: 'List', path: `${SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies`, action: 'jitNetworkAccessPolicies/read' },
  { name: 'ListByRegion', path: `${SUB}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies`, action: 'jitNetworkAccessPolicies/read' },
  { name: 'ListByResourceGroup', path: `${SUB}/resourceGroups/myRg1/providers/Microsoft.Security/jitNetworkAccessPolicies`, action: 'jitNetworkAccessPolicies/read' },
  { name: 'ListByResourceGroupAndRegion', path: `${SUB}/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies`, action: 'jitNetworkAccessPolicies/read' },
  { name: 'Get', path: POLICY, action: 'jitNetworkAccessPolicies/read' },
  { name: 'CreateOrUpdate', path: POLICY, method: 'PUT', body: PUT_BODY, action: 'jitNetworkAccessPolicies/write' },
  { name: 'Initiate', path: `${POLICY}/initiate`, method: 'POST', body: INITIATE_BODY, action: 'jitNetworkAccessPolicies/initiate/action' },
  { name: 'Delete', path: POLICY, method: 'DELETE', action: 'jitNetworkAccessPolicies/delete' },
  { name: 'VM read', path: EXAMPLE_VM_ID, apiVersion: '2024-07-01', action: 'Microsoft.Compute/virtualMachines/read' },
  { name: 'NSG list', path: `${SUB}/providers/Microsoft.Network/networkSecurityGroups`, apiVersion: '2024-05-01', action: 'Microsoft.Network/networkSecurityGroups/read' },
  { name: 'Activity log', path: `${SUB}/providers/Microsoft.Insights/eventtypes/management/values?$filter=${encodeURIComponent("eventTimestamp ge '2018-07-01T00:00:00Z' and eventTimestamp le '2018-07-13T00:00:00Z'")}`, apiVersion: '2015-04-01', action: 'Microsoft.Insights/eventtypes/values/read' },
];

const EXPECTED: Record<TestUser, Record<string, boolean>> = {
  admin: Object.fromEntries(OPERATIONS.map((operation) => [operation.name, true])),
  requester: { List: true, ListByRegion: true, ListByResourceGroup: true, ListByResourceGroupAndRegion: true, Get: true, CreateOrUpdate: false, Initiate: true, Delete: false, 'VM read': true, 'NSG list': true, 'Activity log': true },
  reader: { List: true, ListByRegion: true, ListByResourceGroup: true, ListByResourceGroupAndRegion: true, Get: true, CreateOrUpdate: false, Initiate: false, Delete: false, 'VM read': true, 'NSG list': true, 'Activity log': true },
};

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(async () => {
  setEmulatorClock(EXAMPLE_NOW);
  resetEmulator(exampleFleet);
  const created = await arm(POLICY, { method: 'PUT', body: PUT_BODY });
  expect(created.status).toBe(200);
});

describe.each(['admin', 'requester', 'reader'] as const)('%s', (user) => {
  it.each(OPERATIONS)('$name', async (operation) => {
    const answer = await arm(operation.path, {
      as: user,
      method: operation.method ?? 'GET',
      ...(operation.body !== undefined ? { body: operation.body } : {}),
      ...(operation.apiVersion ? { apiVersion: operation.apiVersion } : {}),
    });
    if (EXPECTED[user][operation.name]) {
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    } else {
      expect(answer.status).toBe(403);
      expect(at(answer.body, 'error', 'code')).toBe('AuthorizationFailed');
      const message = String(at(answer.body, 'error', 'message'));
      expect(message).toContain(`${user}@contoso.com`);
      expect(message).toContain(operation.action);
      expect(message).toContain(POLICY);
    }
  });
});

describe('permissions API', () => {
  it('tells the requester they may initiate but not write', async () => {
    const answer = await arm(`${SUB}/resourceGroups/myRg1/providers/Microsoft.Authorization/permissions`, { as: 'requester', apiVersion: '2022-04-01' });
    expect(answer.status).toBe(200);
    const actions = (at(answer.body, 'value') as { actions: string[] }[]).flatMap((permission) => permission.actions);
    expect(actions).toContain('Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action');
    expect(actions).not.toContain('Microsoft.Security/locations/jitNetworkAccessPolicies/write');
  });
});

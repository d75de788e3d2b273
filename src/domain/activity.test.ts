import { describe, expect, it } from 'vitest';
import { JIT_OPERATIONS, makeActivityEvent, SYSTEM_CALLER, toTicks, type ActivityInput } from './activity';

const SUB = '00000000-0000-0000-0000-000000000001';
const VM = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm1`;
const NOW = new Date('2025-03-01T12:00:00.000Z');

function input(overrides: Partial<ActivityInput> = {}): ActivityInput {
  return {
    operationName: JIT_OPERATIONS.initiate,
    status: 'Succeeded',
    caller: 'admin@contoso.com',
    resourceId: VM,
    description: 'Requested access to port 22.',
    correlationId: 'c0ffee00-0000-0000-0000-000000000001',
    eventDataId: 'e0000000-0000-0000-0000-000000000001',
    tenantId: '72f988bf-0000-0000-0000-000000000000',
    now: NOW,
    ...overrides,
  };
}

describe('makeActivityEvent', () => {
  it('produces a complete Administrative EventData for a successful initiate', () => {
    expect(makeActivityEvent(input({ clientIpAddress: '203.0.113.7', properties: { ports: '22' } }))).toEqual({
      authorization: { action: JIT_OPERATIONS.initiate, scope: VM },
      caller: 'admin@contoso.com',
      channels: 'Operation',
      correlationId: 'c0ffee00-0000-0000-0000-000000000001',
      description: 'Requested access to port 22.',
      eventDataId: 'e0000000-0000-0000-0000-000000000001',
      eventName: { value: 'EndRequest', localizedValue: 'End request' },
      category: { value: 'Administrative', localizedValue: 'Administrative' },
      httpRequest: { clientRequestId: 'c0ffee00-0000-0000-0000-000000000001', clientIpAddress: '203.0.113.7', method: 'POST' },
      id: `${VM}/events/e0000000-0000-0000-0000-000000000001/ticks/638764272000000000`,
      level: 'Informational',
      resourceGroupName: 'rg-prod',
      resourceProviderName: { value: 'Microsoft.Security', localizedValue: 'Microsoft Security' },
      resourceId: VM,
      resourceType: { value: 'Microsoft.Security/locations/jitNetworkAccessPolicies', localizedValue: 'JIT network access policies' },
      operationId: 'c0ffee00-0000-0000-0000-000000000001',
      operationName: { value: JIT_OPERATIONS.initiate, localizedValue: 'Initiate JIT network access policy' },
      properties: { ports: '22' },
      status: { value: 'Succeeded', localizedValue: 'Succeeded' },
      subStatus: { value: 'OK', localizedValue: 'OK (HTTP Status Code: 200)' },
      eventTimestamp: '2025-03-01T12:00:00.000Z',
      submissionTimestamp: '2025-03-01T12:00:00.000Z',
      subscriptionId: SUB,
      tenantId: '72f988bf-0000-0000-0000-000000000000',
    });
  });

  it('computes .NET ticks exactly', () => {
    expect(toTicks(new Date('0001-01-01T00:00:00Z'))).toBe('0');
    expect(toTicks(new Date('1970-01-01T00:00:00.001Z'))).toBe('621355968000010000');
  });

  it('Started and Accepted are BeginRequest, Succeeded and Failed EndRequest', () => {
    expect(makeActivityEvent(input({ status: 'Started' })).eventName.value).toBe('BeginRequest');
    expect(makeActivityEvent(input({ status: 'Accepted' })).eventName.value).toBe('BeginRequest');
    expect(makeActivityEvent(input({ status: 'Failed' })).eventName.value).toBe('EndRequest');
  });

  it('a failed operation is an Error unless a level is given', () => {
    expect(makeActivityEvent(input({ status: 'Failed' })).level).toBe('Error');
    expect(makeActivityEvent(input({ status: 'Failed', level: 'Warning' })).level).toBe('Warning');
  });

  it('a JIT rule write by the system is a Microsoft.Network security-rule event filed under the VM', () => {
    const event = makeActivityEvent(input({ operationName: JIT_OPERATIONS.ruleWrite, caller: SYSTEM_CALLER }));
    expect(event.resourceProviderName.value).toBe('Microsoft.Network');
    expect(event.resourceType.value).toBe('Microsoft.Network/networkSecurityGroups/securityRules');
    expect(event.operationName.localizedValue).toBe('Create or Update Security Rule');
    expect(event.resourceId).toBe(VM);
    expect(event.caller).toBe(SYSTEM_CALLER);
    expect(event.httpRequest).toBeUndefined();
  });

  it('a policy write made over HTTP records PUT, a delete DELETE', () => {
    expect(makeActivityEvent(input({ operationName: JIT_OPERATIONS.policyWrite, clientIpAddress: '1.2.3.4' })).httpRequest?.method).toBe('PUT');
    expect(makeActivityEvent(input({ operationName: JIT_OPERATIONS.policyDelete, clientIpAddress: '1.2.3.4' })).httpRequest?.method).toBe('DELETE');
  });

  it('an unknown operation keeps its name and takes the provider from the resource id', () => {
    const event = makeActivityEvent(input({ operationName: 'custom' }));
    expect(event.operationName).toEqual({ value: 'custom', localizedValue: 'custom' });
    expect(event.resourceProviderName.value).toBe('Microsoft.Compute');
    expect(event.resourceType.value).toBe('Microsoft.Compute/virtualMachines');
  });
});

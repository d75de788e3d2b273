import { expect, test } from 'vitest';
import { parseEmulatorStatus } from '../get-emulator-status';
import { parsePermission } from '../list-permissions';
import { parseSubscription } from '../list-subscriptions';
import { armPage, armResourceEnvelope, parseCloudError, WireFormatError } from './guards';

test('a list page: value is required, nextLink may be a string, null or absent', () => {
  expect(armPage({ value: [1, 2], nextLink: 'https://management.azure.com/next' })).toEqual({ value: [1, 2], nextLink: 'https://management.azure.com/next' });
  expect(armPage({ value: [], nextLink: null }).nextLink).toBeUndefined();
  expect(armPage({ value: [] }).nextLink).toBeUndefined();
  expect(() => armPage({ nextLink: null })).toThrow(WireFormatError);
  expect(() => armPage({ value: {} })).toThrow(/page\.value/);
  expect(() => armPage({ value: [], nextLink: 3 })).toThrow(/page\.nextLink/);
  expect(() => armPage(undefined)).toThrow(WireFormatError);
});

test('a resource needs a string id and name and passes through untouched', () => {
  const vm = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1', name: 'vm1', properties: { x: 1 } };
  expect(armResourceEnvelope(vm)).toBe(vm);
  expect(() => armResourceEnvelope({ id: 'x' })).toThrow(/resource\.name/);
  expect(() => armResourceEnvelope({ id: 1, name: 'n' })).toThrow(/resource\.id/);
  expect(() => armResourceEnvelope([])).toThrow(WireFormatError);
});

test('a subscription gets the defaults Azure leaves out and keeps its other fields', () => {
  expect(parseSubscription({ id: '/subscriptions/a', subscriptionId: 'a', displayName: 'Prod', extra: true })).toEqual({
    id: '/subscriptions/a',
    subscriptionId: 'a',
    displayName: 'Prod',
    tenantId: '',
    state: 'Enabled',
    extra: true,
  });
  expect(parseSubscription({ id: '/subscriptions/a', subscriptionId: 'a', displayName: 'P', tenantId: 't', state: 'Disabled' }).state).toBe('Disabled');
  expect(() => parseSubscription({ id: '/subscriptions/a', subscriptionId: 'a', displayName: 'P', state: 'Sleeping' })).toThrow(/subscription\.state/);
  expect(() => parseSubscription({ id: '/subscriptions/a', subscriptionId: 'a', displayName: 'P', tenantId: null })).toThrow(/tenantId/);
  expect(() => parseSubscription({ id: '/subscriptions/a', displayName: 'P' })).toThrow(/subscriptionId/);
});

test('a permission: absent action lists are empty, unknown fields are dropped, non-strings refused', () => {
  expect(parsePermission({ actions: ['*'], extra: 1 })).toEqual({ actions: ['*'], notActions: [] });
  expect(parsePermission({ actions: [], notActions: ['a'], dataActions: ['d'] })).toEqual({ actions: [], notActions: ['a'], dataActions: ['d'] });
  expect(() => parsePermission({ actions: [1] })).toThrow(/permission\.actions\[0\]/);
  expect(() => parsePermission({ actions: '*' })).toThrow(WireFormatError);
});

test('the emulator status is checked field by field', () => {
  const status = { scenario: 'default', schemaVersion: 3, users: [{ upn: 'a@b', name: 'A', roleName: 'Owner', extra: 1 }], now: '2026-01-01T00:00:00Z' };
  expect(parseEmulatorStatus(status)).toEqual({ ...status, users: [{ upn: 'a@b', name: 'A', roleName: 'Owner' }] });
  expect(parseEmulatorStatus({ ...status, notice: 'hi' }).notice).toBe('hi');
  expect(() => parseEmulatorStatus({ ...status, schemaVersion: '3' })).toThrow(/schemaVersion/);
  expect(() => parseEmulatorStatus({ ...status, users: [{ upn: 'a@b', name: 'A' }] })).toThrow(/users\[0\]\.roleName/);
});

test('a CloudError is recognised with its nested details; anything else is not one', () => {
  const body = {
    error: {
      code: 'BadRequest',
      message: 'Bad',
      target: 'properties',
      details: [{ code: 'InvalidPort', message: 'Port', details: [{ code: 'Deep', message: 'Deeper' }], extra: 1 }],
      additionalInfo: [{ type: 'PolicyViolation', info: { a: 1 } }],
    },
  };
  expect(parseCloudError(body)).toEqual({
    error: {
      code: 'BadRequest',
      message: 'Bad',
      target: 'properties',
      details: [{ code: 'InvalidPort', message: 'Port', details: [{ code: 'Deep', message: 'Deeper' }] }],
      additionalInfo: [{ type: 'PolicyViolation', info: { a: 1 } }],
    },
  });
  expect(parseCloudError({ error: { code: 'X' } })).toBeUndefined();
  expect(parseCloudError({ error: { code: 'X', message: 'm', details: [{ code: 1, message: 'm' }] } })).toBeUndefined();
  expect(parseCloudError('Internal Server Error')).toBeUndefined();
  expect(parseCloudError(undefined)).toBeUndefined();
});

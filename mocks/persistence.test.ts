import { describe, expect, it } from 'vitest';
import { EXAMPLE_NOW, EXAMPLE_VM_ID, exampleFleet } from './contract-scenario';
import { putPolicy } from './jit-service';
import { loadOrSeed, restoreStore, serializeStore } from './persistence';
import { SCHEMA_VERSION } from './store';

describe('persistence', () => {
  it('a committed write survives a reload of the store', () => {
    const store = exampleFleet(EXAMPLE_NOW).build();
    const admin = store.user('admin@contoso.com');
    if (!admin) throw new Error('no admin');
    const written = putPolicy({
      store,
      now: EXAMPLE_NOW,
      correlationId: 'c',
      subscriptionId: EXAMPLE_VM_ID.split('/')[2] ?? '',
      resourceGroupName: 'myRg1',
      location: 'westeurope',
      name: 'default',
      body: { properties: { virtualMachines: [{ id: EXAMPLE_VM_ID, ports: [{ number: 3389, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] } },
      ifMatch: null,
      caller: admin,
    });
    const reloaded = loadOrSeed(serializeStore(store), undefined, EXAMPLE_NOW);
    expect(reloaded.seeded).toBe(false);
    expect(reloaded.notice).toBeUndefined();
    expect(reloaded.store.jitPolicies.get(written.id)).toEqual(written);
    expect(reloaded.store.toSnapshot()).toEqual(store.toSnapshot());
    // Ids stay unique after the reload.
    expect(reloaded.store.nextGuid()).toBe(store.nextGuid());
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1, "scen'],
    ['wrong shape', { schemaVersion: SCHEMA_VERSION, scenario: 'default', virtualMachines: 'nope' }],
    ['older schema', { schemaVersion: SCHEMA_VERSION - 1 }],
    ['a number', 42],
  ])('%s yields the seed scenario plus a notice, not a crash', (_case, saved) => {
    expect(restoreStore(saved).ok).toBe(false);
    const start = loadOrSeed(saved, undefined, EXAMPLE_NOW);
    expect(start.seeded).toBe(true);
    expect(start.store.scenario).toBe('default');
    expect(start.store.virtualMachines.size).toBeGreaterThanOrEqual(20);
    expect(start.notice).toMatch(/reset/);
  });

  it('nothing saved yields the requested scenario without a notice', () => {
    const start = loadOrSeed(undefined, undefined, EXAMPLE_NOW);
    expect(start.seeded).toBe(true);
    expect(start.notice).toBeUndefined();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getByResourceId, indexResourceKey, isGuid, parseResourceId, parseVirtualMachineId, resourceKey, resourceKeyIn, resourceParentReader, sameResourceId, subscriptionIdOf, subscriptionSegmentOf } from './resource-id';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const SUB = '00000000-0000-0000-0000-000000000001';
const VM = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-1`;

describe('parseResourceId', () => {
  it('parses a VM id into subscription, resource group, provider, type and name', () => {
    expect(parseResourceId(VM)).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'rg-prod',
      provider: 'Microsoft.Compute',
      type: 'virtualMachines',
      name: 'vm-web-1',
    });
  });

  it('gives a nested JIT policy the ARM type "locations/jitNetworkAccessPolicies" and the last name', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
    expect(parseResourceId(id)).toMatchObject({ provider: 'Microsoft.Security', type: 'locations/jitNetworkAccessPolicies', name: 'default' });
  });

  it('reads the fixed segments case-insensitively, as ARM does, keeping the values as written', () => {
    expect(parseResourceId(`/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/RG-Prod/PROVIDERS/microsoft.compute/VIRTUALMACHINES/VM1`)).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'RG-Prod',
      provider: 'microsoft.compute',
      type: 'VIRTUALMACHINES',
      name: 'VM1',
    });
  });

  it('parses subscription and resource group scopes, and subscription-level providers', () => {
    expect(parseResourceId(`/subscriptions/${SUB}`)).toEqual({ subscriptionId: SUB });
    expect(parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg`)).toEqual({ subscriptionId: SUB, resourceGroup: 'rg' });
    expect(parseResourceId(`/subscriptions/${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`)).toEqual({
      subscriptionId: SUB,
      provider: 'Microsoft.Security',
      type: 'pricings',
      name: 'VirtualMachines',
    });
  });

  it.each([
    '',
    'subscriptions/x',
    '/subscriptions',
    '/tenants/x',
    `/subscriptions/${SUB}/resourceGroups`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers`,
    `/subscriptions/${SUB}//resourceGroups/rg`,
    `/subscriptions/${SUB}/resourceGroups/rg/things/x`,
  ])('%j is not a resource id', (id) => {
    expect(parseResourceId(id)).toBeUndefined();
  });

  it.each([`/subscriptions/${SUB}/resourceGroups/ rg`, `/subscriptions/${SUB}/resourceGroups/rg\u00a0`, `/subscriptions/${SUB}/resourceGroups/rg/`])(
    'rejects a segment with surrounding whitespace but tolerates one trailing slash: %j',
    (id) => {
      expect(parseResourceId(id)).toEqual(id.endsWith('/') ? { subscriptionId: SUB, resourceGroup: 'rg' } : undefined);
    },
  );

  it('reads back the segments of every id, the fixed segments in every case', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9._()\u00e9\u0130-]{1,12}$/);
    const keyword = (word: string) => fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
    fc.assert(
      fc.property(
        fc.record({
          subscriptions: keyword('subscriptions'),
          resourceGroups: keyword('resourcegroups'),
          providers: keyword('providers'),
          subscriptionId: value,
          resourceGroup: value,
          provider: value,
          types: fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 3 }),
          trailingSlash: fc.boolean(),
        }),
        (p) => {
          const path = p.types.map(([type, name]) => `${type}/${name}`).join('/');
          const id = `/${p.subscriptions}/${p.subscriptionId}/${p.resourceGroups}/${p.resourceGroup}/${p.providers}/${p.provider}/${path}${p.trailingSlash ? '/' : ''}`;
          expect(parseResourceId(id)).toEqual({
            subscriptionId: p.subscriptionId,
            resourceGroup: p.resourceGroup,
            provider: p.provider,
            type: p.types.map(([type]) => type).join('/'),
            name: p.types[p.types.length - 1]?.[1],
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('subscriptionIdOf', () => {
  it('is the subscription parseResourceId reads, for every id it accepts', () => {
    const segment = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._()\u00e9\u0130 -]{0,8}$/), fc.constantFrom('subscriptions', 'SUBSCRIPTIONS', 'resourceGroups', 'providers', ' ', '\u00a0x', 'x\t'));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 8 }), fc.boolean(), (segments, subscriptionsFirst) => {
        const id = `/${[...(subscriptionsFirst ? ['Subscriptions'] : []), ...segments].join('/')}`;
        const parsed = parseResourceId(id);
        if (parsed !== undefined) expect(subscriptionIdOf(id)).toBe(parsed.subscriptionId);
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    [VM, SUB],
    [`/SUBSCRIPTIONS/${SUB}`, SUB],
    [`/subscriptions/${SUB}/`, SUB],
    ['/subscriptions/', undefined],
    ['/subscriptions//resourceGroups/rg', undefined],
    ['/subscriptions/ x/resourceGroups/rg', undefined],
    [`subscriptions/${SUB}`, undefined],
    [`/providers/Microsoft.Authorization/roleDefinitions/${SUB}`, undefined],
  ])('%j has the subscription %j', (id, expected) => {
    expect(subscriptionIdOf(id)).toBe(expected);
  });
});

describe('resourceParentReader', () => {
  it('reads every id of a sequence as parseResourceId does, runs of one parent included', () => {
    // Runs of ids under a few parents, names that are and are not segments (slashes, spaces at
    // either end, empty), other shapes, trailing slashes and case changes in the fixed segments.
    const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._ -]{0,6}$/), fc.constantFrom('', ' vm', 'vm ', 'a/b', '/', 'vm/', '\u00a0x', 'x\u2028'));
    const parent = fc.constantFrom(
      `/subscriptions/${SUB}/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/`,
      `/subscriptions/${SUB}/resourceGroups/rg-b/providers/Microsoft.Compute/virtualMachines/`,
      `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/rg-a/PROVIDERS/Microsoft.Compute/virtualMachines/`,
      `/subscriptions/${SUB}/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/vm/extensions/`,
      `/subscriptions/${SUB}/resourceGroups/`,
      `/subscriptions/${SUB}/`,
      `/subscriptions/${SUB}/resourceGroups/ rg/providers/Microsoft.Compute/virtualMachines/`,
      'subscriptions/x/',
    );
    const id = fc.oneof(fc.tuple(parent, name, fc.constantFrom('', '', '/')).map(([p, n, tail]) => `${p}${n}${tail}`), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 12 }), (ids) => {
        const read = resourceParentReader();
        for (const each of ids) {
          const parsed = parseResourceId(each);
          expect(read(each)).toEqual(parsed === undefined ? undefined : { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('answers an id of the same run with the same object, without parsing it again', () => {
    const read = resourceParentReader();
    const first = read(VM);
    expect(first).toEqual({ subscriptionId: SUB, resourceGroup: 'rg-prod' });
    expect(read(`${VM.slice(0, VM.lastIndexOf('/') + 1)}vm-other`)).toBe(first);
    expect(read(`${VM.slice(0, VM.lastIndexOf('/') + 1)}vm other `)).toEqual(undefined);
  });
});

describe('subscriptionSegmentOf', () => {
  it.each([
    [VM, SUB],
    [`/SUBSCRIPTIONS/${SUB}`, SUB],
    ['/subscriptions/', ''],
    ['/subscriptions/ x/resourceGroups/rg', ' x'],
    [`subscriptions/${SUB}`, undefined],
    ['/subscription', undefined],
  ])('%j reads %j after "/subscriptions/", unchecked', (id, expected) => {
    expect(subscriptionSegmentOf(id)).toBe(expected);
  });
});

describe('sameResourceId / resourceKey', () => {
  it('ARM ids compare case-insensitively', () => {
    expect(sameResourceId(VM, VM.toUpperCase())).toBe(true);
    expect(sameResourceId(VM, `${VM}2`)).toBe(false);
    expect(resourceKey(VM)).toBe(VM.toLowerCase());
  });

  it('two ids are the same exactly when their lower-cased forms are, beyond ASCII too', () => {
    const text = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('\u0130', 'i\u0307', '\u212a', 'K', '\u03a3', '\u03c3', '\u03c2', 'SS', '\u00df'));
    fc.assert(
      fc.property(text, text, fc.boolean(), (a, b, upper) => {
        const other = upper ? `${b}${a}`.toUpperCase() : b;
        expect(sameResourceId(a, other)).toBe(a.toLowerCase() === other.toLowerCase());
        expect(sameResourceId(`${VM}/${a}`, `${VM.toUpperCase()}/${other}`)).toBe(`${VM}/${a}`.toLowerCase() === `${VM}/${other}`.toLowerCase());
      }),
      { numRuns: RUNS },
    );
  });

  it('a map keyed by resourceKey finds a resource under every spelling of its id, also after it is replaced or removed', () => {
    const map = new Map<string, string>();
    map.set(indexResourceKey(map, VM), 'first');
    expect(getByResourceId(map, VM)).toBe('first');
    expect(getByResourceId(map, VM.toUpperCase())).toBe('first');
    expect(resourceKeyIn(map, VM.toUpperCase())).toBe(VM.toLowerCase());
    map.set(resourceKey(VM.toUpperCase()), 'second');
    expect(getByResourceId(map, VM)).toBe('second');
    map.delete(resourceKey(VM));
    expect(getByResourceId(map, VM)).toBeUndefined();
    expect(getByResourceId(new Map([[resourceKey(VM), 'plain']]), VM)).toBe('plain');
  });
});

describe('parseVirtualMachineId', () => {
  it('accepts a Compute VM id in any case', () => {
    expect(parseVirtualMachineId(VM.toLowerCase())).toEqual({ subscriptionId: SUB, resourceGroup: 'rg-prod', name: 'vm-web-1' });
  });

  it.each([
    `/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ClassicCompute/virtualMachines/vm`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/disks/vm`,
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extensions/x`,
    `/SUBSCRIPTIONID/resourceGroups/RESOURCEGROUP/providers/Microsoft.Compute/virtualMachines/VMNAME`,
  ])('rejects %s', (id) => {
    expect(parseVirtualMachineId(id)).toBeUndefined();
  });

  it('knows a GUID', () => {
    expect(isGuid(SUB.toUpperCase())).toBe(true);
    expect(isGuid('SUBSCRIPTIONID')).toBe(false);
  });
});

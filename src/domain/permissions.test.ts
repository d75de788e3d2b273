import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Permission } from './arm-types';
import { actionMatches, isActionAllowed, JIT_ACTIONS } from './permissions';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const owner: Permission = { actions: ['*'], notActions: [] };
const contributor: Permission = {
  actions: ['*'],
  notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'],
};
const securityReader: Permission = { actions: ['*/read', 'Microsoft.Security/*/read'], notActions: [] };
const jitRequester: Permission = {
  actions: [
    'Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action',
    'Microsoft.Security/locations/jitNetworkAccessPolicies/*/read',
    'Microsoft.Compute/virtualMachines/read',
    'Microsoft.Network/networkInterfaces/*/read',
  ],
  notActions: [],
};

describe('isActionAllowed', () => {
  it('Owner may do every JIT action', () => {
    for (const action of Object.values(JIT_ACTIONS)) expect(isActionAllowed([owner], action)).toBe(true);
  });

  it('Contributor may write JIT policies but not role assignments (notActions subtract)', () => {
    expect(isActionAllowed([contributor], JIT_ACTIONS.write)).toBe(true);
    expect(isActionAllowed([contributor], 'Microsoft.Authorization/roleAssignments/write')).toBe(false);
  });

  it('Security Reader may read JIT policies but not write, delete or request access', () => {
    expect(isActionAllowed([securityReader], JIT_ACTIONS.read)).toBe(true);
    expect(isActionAllowed([securityReader], JIT_ACTIONS.write)).toBe(false);
    expect(isActionAllowed([securityReader], JIT_ACTIONS.delete)).toBe(false);
    expect(isActionAllowed([securityReader], JIT_ACTIONS.initiate)).toBe(false);
  });

  it('the requester role may request access but not change the policy', () => {
    expect(isActionAllowed([jitRequester], JIT_ACTIONS.initiate)).toBe(true);
    expect(isActionAllowed([jitRequester], JIT_ACTIONS.write)).toBe(false);
    // "…/*/read" needs at least one segment between the policy type and "read".
    expect(isActionAllowed([jitRequester], JIT_ACTIONS.read)).toBe(false);
  });

  it('matches case-insensitively', () => {
    expect(isActionAllowed([{ actions: ['microsoft.security/*'], notActions: [] }], JIT_ACTIONS.initiate)).toBe(true);
    expect(isActionAllowed([{ actions: ['*'], notActions: ['MICROSOFT.SECURITY/*/WRITE'] }], JIT_ACTIONS.write)).toBe(false);
  });

  it('a notAction of one entry does not cancel another entry that grants the action', () => {
    const denied: Permission = { actions: ['*'], notActions: [JIT_ACTIONS.write] };
    expect(isActionAllowed([denied], JIT_ACTIONS.write)).toBe(false);
    expect(isActionAllowed([denied, { actions: [JIT_ACTIONS.write], notActions: [] }], JIT_ACTIONS.write)).toBe(true);
  });

  it('no permissions grant nothing, and dots are literal', () => {
    expect(isActionAllowed([], JIT_ACTIONS.read)).toBe(false);
    expect(actionMatches('Microsoft.Security/pricings/read', 'MicrosoftXSecurity/pricings/read')).toBe(false);
  });
});

const segment = fc.stringMatching(/^[A-Za-z][A-Za-z.]{0,8}$/);
const action = fc.array(segment, { minLength: 2, maxLength: 5 }).map((parts) => parts.join('/'));

describe('permission properties', () => {
  it('"*" grants every action, and an action always grants itself in any case', () => {
    fc.assert(
      fc.property(action, (a) => isActionAllowed([owner], a) && isActionAllowed([{ actions: [a.toUpperCase()], notActions: [] }], a.toLowerCase())),
      { numRuns: RUNS },
    );
  });

  it('an action excluded by notActions is never granted by that entry alone', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 4 }), action, (actions, a) => !isActionAllowed([{ actions: ['*', ...actions], notActions: [a] }], a)),
      { numRuns: RUNS },
    );
  });

  it('a prefix wildcard grants exactly the actions under that prefix', () => {
    fc.assert(
      fc.property(segment, action, (namespace, a) => isActionAllowed([{ actions: [`${namespace}/*`], notActions: [] }], a) === a.toLowerCase().startsWith(`${namespace.toLowerCase()}/`)),
      { numRuns: RUNS },
    );
  });

  it('granting is monotone: adding entries never removes a grant', () => {
    const entry = fc.record({ actions: fc.array(fc.oneof(action, fc.constant('*')), { maxLength: 3 }), notActions: fc.array(action, { maxLength: 2 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 3 }), fc.array(entry, { maxLength: 3 }), action, (a, b, x) => !isActionAllowed(a, x) || isActionAllowed([...a, ...b], x)),
      { numRuns: RUNS },
    );
  });
});

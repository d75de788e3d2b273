import { describe, expect, it } from 'vitest';
import { buildNetworkIndex } from '../../src/domain/network-topology';
import { classifyVms } from '../../src/domain/classification';
import { serializeStore } from '../persistence';
import { HOSTILE_JUSTIFICATION, HOSTILE_REQUESTOR, HOSTILE_SUBSCRIPTION_ID, HOSTILE_TEXT, HOSTILE_VM_NAMES } from './hostile-scenario';
import { isScenarioName } from './scenario-names';
import { buildScenario } from './scenarios';

const NOW = new Date('2024-05-01T09:00:00.000Z');

describe('hostile scenario', () => {
  const store = buildScenario('hostile', NOW);
  const vms = store.virtualMachines.inSubscription(HOSTILE_SUBSCRIPTION_ID);

  it('is a named scenario, deterministic for the same time (persistence rebuilds it)', () => {
    expect(isScenarioName('hostile')).toBe(true);
    expect(serializeStore(buildScenario('hostile', NOW))).toBe(serializeStore(store));
  });

  it('has the hostile VM names, a 64-character one among them', () => {
    expect(vms.map((vm) => vm.name).sort()).toEqual(Object.values(HOSTILE_VM_NAMES).sort());
    expect(HOSTILE_VM_NAMES.long).toHaveLength(64);
    expect(HOSTILE_TEXT.long).toHaveLength(500);
    for (const vm of vms) expect(vm.tags).toMatchObject({ environment: HOSTILE_TEXT.img, owner: HOSTILE_TEXT.script, note: HOSTILE_TEXT.long });
  });

  it('classifies one VM of each kind and keeps open requests with hostile requestor and justification', () => {
    const subscription = HOSTILE_SUBSCRIPTION_ID.toLowerCase();
    const classified = classifyVms({
      virtualMachines: vms,
      classicVirtualMachines: [],
      network: buildNetworkIndex({
        networkInterfaces: store.networkInterfaces.inSubscription(subscription),
        networkSecurityGroups: store.networkSecurityGroups.inSubscription(subscription),
        virtualNetworks: store.virtualNetworks.inSubscription(subscription),
        publicIpAddresses: store.publicIpAddresses.inSubscription(subscription),
        azureFirewalls: store.azureFirewalls.inSubscription(subscription),
      }),
      policies: store.jitPolicies.inSubscription(subscription),
      pricingTiers: new Map([[subscription, store.pricingTier(subscription)]]),
      policyAssignments: store.policyAssignments.inSubscription(subscription),
    });
    const state = (name: string) => classified.find((vm) => vm.name === name)?.classification.state;
    expect(state(HOSTILE_VM_NAMES.japanese)).toBe('configured');
    expect(state(HOSTILE_VM_NAMES.rtlSpoof)).toBe('configured');
    expect(state(HOSTILE_VM_NAMES.recommended)).toBe('recommended');
    expect(state(HOSTILE_VM_NAMES.long)).toBe('recommended');
    expect(state(HOSTILE_VM_NAMES.notRecommended)).toBe('notRecommended');

    const requests = store.jitPolicies.inSubscription(subscription).flatMap((policy) => policy.properties.requests ?? []);
    const open = requests.find((request) => request.requestor === HOSTILE_REQUESTOR);
    expect(open?.justification).toBe(HOSTILE_JUSTIFICATION);
    expect(open?.virtualMachines[0]?.ports[0]?.status).toBe('Initiated');
  });

  it('has activity events whose caller and description start with =, +, -, @ and a tab', () => {
    const events = [...store.events.newestFirst(HOSTILE_SUBSCRIPTION_ID)];
    for (const start of ['=', '+', '-', '@', '\t']) {
      expect(events.some((event) => event.caller.startsWith(start))).toBe(true);
      expect(events.some((event) => event.description.startsWith(start))).toBe(true);
    }
  });
});

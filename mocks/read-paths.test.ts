import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JIT_OPERATIONS } from '../src/domain/activity';
import { advanceEmulatorClock, emulatorStore, resetEmulator, server } from './node';
import { PRODUCTION_SUBSCRIPTION_ID } from './scenarios/default-scenario';
import { arm } from './test-client';

// Reads that must reflect the clock and the latest writes: the activity log expires due requests
// itself, and list pages served from cached JSON text follow every write and keep ARM paging.

const SUB = `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}`;
const NOW = new Date('2024-05-01T09:00:00.000Z');
const POLICY = `${SUB}/resourceGroups/rg-web/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
const VM_WEB_02 = `${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-02`;

function activityLog(from: Date, to: Date): Promise<{ status: number; body: unknown }> {
  const filter = `eventTimestamp ge '${from.toISOString()}' and eventTimestamp le '${to.toISOString()}' and resourceUri eq '${VM_WEB_02}'`;
  return arm(`${SUB}/providers/Microsoft.Insights/eventtypes/management/values?$filter=${encodeURIComponent(filter)}`, { apiVersion: '2015-04-01' });
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  resetEmulator('default', { now: NOW });
});

describe('activity log', () => {
  it('shows the expiry of a request when it is the first thing read after the end time', async () => {
    const end = new Date(NOW.getTime() + 3_600_000);
    const opened = await arm(`${POLICY}/initiate`, { method: 'POST', as: 'requester', body: { virtualMachines: [{ id: VM_WEB_02, ports: [{ number: 3389, endTimeUtc: end.toISOString() }] }] } });
    expect(opened.status).toBe(202);
    advanceEmulatorClock(2 * 3_600_000);
    // Nothing else is read: the log itself must apply the due expiry.
    const log = await activityLog(new Date(NOW.getTime() - 3_600_000), new Date(NOW.getTime() + 3 * 3_600_000));
    expect(log.status).toBe(200);
    const events = (log.body as { value: { operationName: { value: string }; description: string; eventTimestamp: string }[] }).value;
    const removals = events.filter((event) => event.operationName.value === JIT_OPERATIONS.ruleDelete);
    expect(removals.length).toBeGreaterThan(0);
    expect(removals.every((event) => event.eventTimestamp >= end.toISOString())).toBe(true);
    const policy = emulatorStore().jitPolicies.get(POLICY);
    expect(policy?.properties.requests?.some((request) => request.virtualMachines.some((vm) => vm.ports.some((port) => port.status === 'Initiated')))).not.toBe(true);
  });
});

describe('list pages from cached text', () => {
  it('a write shows in the next list page (the cached text is keyed by the table version)', async () => {
    const list = `${SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies`;
    const before = await arm(list);
    const again = await arm(list);
    expect(again.body).toEqual(before.body);
    expect((await arm(POLICY, { method: 'DELETE' })).status).toBe(200);
    const after = (await arm(list)).body as { value: { id: string }[] };
    expect(after.value.some((policy) => policy.id === POLICY)).toBe(false);
    expect(after.value.length).toBe((before.body as { value: unknown[] }).value.length - 1);

    const nsgs = `${SUB}/providers/Microsoft.Network/networkSecurityGroups`;
    const first = JSON.stringify((await arm(nsgs, { apiVersion: '2024-05-01' })).body);
    expect((await arm(`${POLICY.replace('/default', '/again')}`, { method: 'PUT', body: { properties: { virtualMachines: [{ id: VM_WEB_02, ports: [{ number: 22, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] } } })).status).toBe(200);
    expect(JSON.stringify((await arm(nsgs, { apiVersion: '2024-05-01' })).body)).not.toBe(first);
  });

  it('large fleet: pages hold at most 1,000 resources and nextLink walks all 10,000 VMs once', async () => {
    resetEmulator('large', { now: NOW });
    const sub = '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9';
    const expected = emulatorStore().virtualMachines.inSubscription(sub).length;
    let next: string | undefined = `/subscriptions/${sub}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`;
    const seen = new Set<string>();
    let pages = 0;
    while (next) {
      const answer = await arm(next, { apiVersion: null });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/application\/json/);
      const page = answer.body as { value: { id: string }[]; nextLink?: string };
      expect(page.value.length).toBeLessThanOrEqual(1000);
      for (const vm of page.value) seen.add(vm.id);
      next = page.nextLink;
      pages += 1;
    }
    expect(seen.size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 1000));
  }, 60_000);
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudErrorSchema } from '../src/api/wire/cloud-error';
import { JIT_OPERATIONS } from '../src/domain/activity';
import type { NetworkSecurityGroup } from '../src/domain/arm-types';
import { BATTERY_NOW, SETUP_CALLS, VALID_INITIATE_BODY, VALID_INITIATE_PATH, VALID_PUT_BODY, VALID_PUT_PATH } from './bad-input.cases';
import { FaultInjector } from './faults';
import { emulatorStore, resetEmulator, server, setEmulatorFaults } from './node';
import { serializeStore } from './persistence';
import { PRODUCTION_SUBSCRIPTION_ID } from './scenarios/default-scenario';
import { arm, at } from './test-client';

// Fault injection: seeded (a run repeats exactly), latency, 429/500/503 as CloudErrors, dropped
// connections as network errors, and faults decided before the handler, so a write answered by
// a fault was not applied and a PUT retried after one is idempotent.

const SUB = `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}`;
const VMS = `${SUB}/providers/Microsoft.Compute/virtualMachines`;
const WEB_03_NSG = `${SUB}/resourceGroups/rg-web/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-web-03`;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(async () => {
  resetEmulator('default', { now: BATTERY_NOW });
  for (const call of SETUP_CALLS) expect((await arm(call.path, { method: call.method, body: call.body, apiVersion: null })).status).toBe(200);
});

type Outcome = number | 'dropped';

async function outcome(path: string, apiVersion: string): Promise<Outcome> {
  try {
    return (await arm(path, { apiVersion })).status;
  } catch (error) {
    if (error instanceof TypeError) return 'dropped';
    throw error;
  }
}

async function outcomes(count: number): Promise<Outcome[]> {
  const seen: Outcome[] = [];
  for (let i = 0; i < count; i++) seen.push(await outcome(VMS, '2024-07-01'));
  return seen;
}

describe('fault injection', () => {
  it('is off by default', async () => {
    expect(await outcomes(10)).toEqual(Array<Outcome>(10).fill(200));
  });

  it('repeats exactly for the same seed, and differs for another seed', async () => {
    const config = { failureRate: 0.3, failureStatus: 503 as const, dropRate: 0.1, seed: 1234 };
    setEmulatorFaults(config);
    const first = await outcomes(40);
    setEmulatorFaults(config);
    const second = await outcomes(40);
    setEmulatorFaults({ ...config, seed: 4321 });
    const other = await outcomes(40);

    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
    // Every kind of outcome occurs, so the comparison means something.
    expect(new Set(first)).toEqual(new Set([200, 503, 'dropped']));
    // The decisions are the injector's own seeded sequence (same seed → same decisions, pure).
    const a = new FaultInjector();
    const b = new FaultInjector();
    a.configure(config);
    b.configure(config);
    const decide = (injector: FaultInjector) => Array.from({ length: 100 }, () => injector.decide('GET', VMS).kind);
    expect(decide(a)).toEqual(decide(b));
  });

  it('is configured through the control route, which faults never affect', async () => {
    const set = await arm('/emulator/faults', { method: 'PUT', body: { failureRate: 1, failureStatus: 500, seed: 3 }, apiVersion: null, as: null });
    expect(set.status).toBe(200);
    expect(at(set.body, 'failureRate')).toBe(1);
    expect(await outcome(VMS, '2024-07-01')).toBe(500);
    // Still reachable under 100% failure, so a test (or the settings menu) can always turn faults off.
    expect((await arm('/emulator/status', { apiVersion: null, as: null })).status).toBe(200);
    expect((await arm('/emulator/faults', { method: 'PUT', body: {}, apiVersion: null, as: null })).status).toBe(200);
    expect(await outcome(VMS, '2024-07-01')).toBe(200);
  });

  it('adds the configured latency, only to the calls it targets', async () => {
    setEmulatorFaults({ latencyMs: 250, methods: ['GET'], pathContains: 'Microsoft.Compute' });
    let started = performance.now();
    expect(await outcome(VMS, '2024-07-01')).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    started = performance.now();
    expect(await outcome(`${SUB}/providers/Microsoft.Network/networkSecurityGroups`, '2024-05-01')).toBe(200);
    expect(performance.now() - started).toBeLessThan(240);
  });

  it('answers 429 with Retry-After and a TooManyRequests CloudError', async () => {
    setEmulatorFaults({ failureRate: 1, failureStatus: 429, retryAfterSeconds: 7 });
    const answer = await arm(VMS, { apiVersion: '2024-07-01', headers: { 'x-ms-client-request-id': 'c0ffee00-0000-4000-8000-000000000001' } });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    const error = cloudErrorSchema.parse(answer.body).error;
    expect(error.code).toBe('TooManyRequests');
    expect(error.message).toMatch(/retry after 7 seconds/);
    expect(answer.headers.get('x-ms-request-id')).toBeTruthy();
    expect(answer.headers.get('x-ms-correlation-request-id')).toBe('c0ffee00-0000-4000-8000-000000000001');
  });

  it.each([
    [500, 'InternalServerError', null],
    [503, 'ServiceUnavailable', '2'],
  ] as const)('answers %i as a CloudError with code %s', async (status, code, retryAfter) => {
    setEmulatorFaults({ failureRate: 1, failureStatus: status, retryAfterSeconds: 2 });
    const answer = await arm(VMS, { apiVersion: '2024-07-01' });
    expect(answer.status).toBe(status);
    expect(cloudErrorSchema.parse(answer.body).error.code).toBe(code);
    expect(answer.headers.get('retry-after')).toBe(retryAfter);
    expect(answer.headers.get('x-ms-correlation-request-id')).toBeTruthy();
  });

  it('drops the connection as a network error (fetch rejects with a TypeError)', async () => {
    setEmulatorFaults({ dropRate: 1 });
    await expect(arm(VMS, { apiVersion: '2024-07-01' })).rejects.toThrow(TypeError);
  });
});

describe('writes under faults never apply twice', () => {
  function requestCount(): number {
    const policy = emulatorStore().jitPolicies.get(VALID_INITIATE_PATH.split('/initiate')[0] ?? '');
    return policy?.properties.requests?.length ?? 0;
  }

  it.each([
    ['a 503', { failureRate: 1, failureStatus: 503 as const }],
    ['a 429', { failureRate: 1, failureStatus: 429 as const }],
    ['a 500', { failureRate: 1, failureStatus: 500 as const }],
    ['a dropped connection', { dropRate: 1 }],
  ])('an initiate answered by %s was not applied; the retry creates exactly one grant', async (_what, faults) => {
    const before = serializeStore(emulatorStore());
    const requestsBefore = requestCount();
    setEmulatorFaults({ ...faults, methods: ['POST'] });
    const faulted = await arm(VALID_INITIATE_PATH, { method: 'POST', body: VALID_INITIATE_BODY, apiVersion: null }).then(
      (answer) => answer.status,
      (error: unknown) => (error instanceof TypeError ? 'dropped' : error),
    );
    expect(['dropped', 429, 500, 503]).toContain(faulted);
    // The fault is decided before the handler runs: nothing of the initiate was applied.
    expect(serializeStore(emulatorStore())).toBe(before);

    setEmulatorFaults({});
    const retried = await arm(VALID_INITIATE_PATH, { method: 'POST', body: VALID_INITIATE_BODY, apiVersion: null });
    expect(retried.status).toBe(202);
    expect(requestCount()).toBe(requestsBefore + 1);
    const initiateEvents = emulatorStore()
      .events.all()
      .filter((event) => event.operationName.value === JIT_OPERATIONS.initiate && event.eventTimestamp === BATTERY_NOW.toISOString());
    expect(initiateEvents).toHaveLength(1);
  });

  it('a PUT retried after a fault is idempotent: the same policy twice changes no rule and logs no rule event', async () => {
    setEmulatorFaults({ failureRate: 1, failureStatus: 503, methods: ['PUT'] });
    const before = serializeStore(emulatorStore());
    expect((await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null })).status).toBe(503);
    expect(serializeStore(emulatorStore())).toBe(before);

    setEmulatorFaults({});
    const first = await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null });
    expect(first.status).toBe(200);
    const nsgAfterFirst = emulatorStore().networkSecurityGroups.get(WEB_03_NSG);
    const eventsAfterFirst = emulatorStore().events.all();
    const ruleEvents = (events: typeof eventsAfterFirst) =>
      events.filter((event) => ([JIT_OPERATIONS.ruleWrite, JIT_OPERATIONS.ruleDelete, JIT_OPERATIONS.firewallWrite] as string[]).includes(event.operationName.value));
    expect(ruleEvents(eventsAfterFirst).length).toBeGreaterThan(0);
    const jitRules = (nsg: NetworkSecurityGroup | undefined) => nsg?.properties.securityRules.filter((rule) => rule.name.startsWith('SecurityCenter-JITRule')) ?? [];
    expect(jitRules(nsgAfterFirst).length).toBeGreaterThan(0);

    // The client lost the answer and sends the same PUT again (no If-Match, as an SDK retry does).
    const second = await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null });
    expect(second.status).toBe(200);
    expect(emulatorStore().networkSecurityGroups.get(WEB_03_NSG)).toEqual(nsgAfterFirst);
    const eventsAfterSecond = emulatorStore().events.all();
    expect(ruleEvents(eventsAfterSecond)).toEqual(ruleEvents(eventsAfterFirst));
    expect(eventsAfterSecond.filter((event) => event.operationName.value === JIT_OPERATIONS.policyWrite)).toHaveLength(
      eventsAfterFirst.filter((event) => event.operationName.value === JIT_OPERATIONS.policyWrite).length,
    );
    expect(at(second.body, 'properties')).toEqual(at(first.body, 'properties'));
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BATTERY_NOW } from './bad-input.cases';
import { applyRemoteEntry, connectCrossTab, type ChannelLike, type CrossTabSync } from './cross-tab';
import { EmulatorRuntime, emulator, installEmulator } from './emulator';
import { resetEmulator, server } from './node';
import { serializeStore } from './persistence';
import { createJournalPersister, drainJournalEntry, loadOrSeedFromSaved, type SavedState, type SnapshotStorage } from './persistence-journal';
import { PRODUCTION_SUBSCRIPTION_ID } from './scenarios/default-scenario';
import { buildScenario } from './scenarios/scenarios';
import { arm } from './test-client';

// Two tabs: one IndexedDB (here one MemoryStorage), two emulators in memory, joined by
// BroadcastChannel (Node 20 has it too, so these are two real channels in one process).

const POLICY = `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}/resourceGroups/rg-web/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;

class MemoryStorage implements SnapshotStorage {
  base: string | undefined;
  journal: string[] = [];
  writeBase(text: string, journal: readonly string[] = []): Promise<void> {
    this.base = text;
    this.journal = [...journal];
    return Promise.resolve();
  }
  appendJournal(text: string): Promise<void> {
    this.journal.push(text);
    return Promise.resolve();
  }
  saved(): SavedState {
    return { base: this.base, journal: [...this.journal] };
  }
}

let storage: MemoryStorage;
let channelName: string;
const syncs: CrossTabSync[] = [];

/** One tab: its runtime, wired to the shared storage and its own channel, as browser.ts does. */
function tab(runtime: EmulatorRuntime, id: string): EmulatorRuntime {
  const sync = connectCrossTab(runtime, new BroadcastChannel(channelName), id);
  syncs.push(sync);
  const persister = createJournalPersister(storage, { onStored: (change) => sync.publish(change) });
  runtime.persist = (store) => persister.persist(store);
  runtime.reloadSaved = () => Promise.resolve(loadOrSeedFromSaved(storage.saved(), undefined, BATTERY_NOW).store);
  return runtime;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

async function as<T>(runtime: EmulatorRuntime, call: () => Promise<T>): Promise<T> {
  installEmulator(runtime);
  return call();
}

let tabA: EmulatorRuntime;
let tabB: EmulatorRuntime;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(async () => {
  storage = new MemoryStorage();
  channelName = `jit-emulator-test-${String(Math.random())}`;
  tabA = tab(resetEmulator('default', { now: BATTERY_NOW }), 'tab-a');
  await tabA.commit();
  tabB = tab(new EmulatorRuntime(loadOrSeedFromSaved(storage.saved(), undefined, BATTERY_NOW).store), 'tab-b');
  tabB.clock = tabA.clock;
});
afterEach(() => {
  for (const sync of syncs.splice(0)) sync.close();
});

describe('two tabs sharing storage', () => {
  it("tab B's stale If-Match answers 412 after tab A committed; nothing is silently overwritten", async () => {
    const read = await as(tabB, () => arm(POLICY));
    const stale = read.headers.get('etag') ?? '';
    const { properties } = read.body as { properties: { virtualMachines: { id: string; ports: { number: number }[] }[] } };
    expect(stale).not.toBe('');

    const edited = { properties: { virtualMachines: properties.virtualMachines.slice(0, 1) } };
    const saved = await as(tabA, () => arm(POLICY, { method: 'PUT', body: edited, headers: { 'If-Match': stale } }));
    expect(saved.status).toBe(200);
    const fresh = saved.headers.get('etag') ?? '';
    await until(() => tabB.store.jitPolicies.get(POLICY)?.etag === fresh);

    const overwrite = await as(tabB, () => arm(POLICY, { method: 'PUT', body: { properties }, headers: { 'If-Match': stale } }));
    expect(overwrite.status).toBe(412);
    expect(overwrite.body).toMatchObject({ error: { code: 'PreconditionFailed' } });

    // Re-applying on top of the current version works, and every copy agrees.
    const reapplied = await as(tabB, () => arm(POLICY, { method: 'PUT', body: { properties }, headers: { 'If-Match': fresh } }));
    expect(reapplied.status).toBe(200);
    await until(() => tabA.store.jitPolicies.get(POLICY)?.etag === reapplied.headers.get('etag'));
    const reloaded = serializeStore(loadOrSeedFromSaved(storage.saved(), undefined, BATTERY_NOW).store);
    expect(serializeStore(tabA.store)).toBe(reloaded);
    expect(serializeStore(tabB.store)).toBe(reloaded);
    // A remote entry is not journaled again by the tab that applied it.
    expect(storage.journal).toHaveLength(2);
    expect(drainJournalEntry(tabA.store)).toBeUndefined();
  });

  it('the rules another tab wrote are seen by this tab’s next JIT write (its network cache is invalidated)', async () => {
    // Tab B reads first, which builds its cached network state of the subscription.
    expect((await as(tabB, () => arm(POLICY))).status).toBe(200);
    const opened = await as(tabA, () =>
      arm(`${POLICY}/initiate`, {
        method: 'POST',
        as: 'requester',
        body: { virtualMachines: [{ id: `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-02`, ports: [{ number: 3389, endTimeUtc: new Date(BATTERY_NOW.getTime() + 3_600_000).toISOString() }] }] },
      }),
    );
    expect(opened.status).toBe(202);
    await until(() => storage.journal.length === 1 && serializeStore(tabB.store) === serializeStore(tabA.store));
    const nsgId = `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}/resourceGroups/rg-web/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-web-02`;
    const jitRules = (runtime: EmulatorRuntime) => runtime.store.networkSecurityGroups.get(nsgId)?.properties.securityRules.filter((rule) => rule.properties.access === 'Allow') ?? [];
    expect(jitRules(tabB).length).toBeGreaterThan(0);
    // Tab B deletes the policy: its rule removal must include the allow rule tab A wrote.
    expect((await as(tabB, () => arm(POLICY, { method: 'DELETE' }))).status).toBe(200);
    await until(() => tabA.store.jitPolicies.get(POLICY) === undefined);
    expect(jitRules(tabB)).toEqual([]);
    expect(serializeStore(tabA.store)).toBe(serializeStore(tabB.store));
  });

  it('a reset in one tab makes the other rebuild from storage', async () => {
    expect((await as(tabA, () => arm('/emulator/reset', { method: 'POST', body: { scenario: 'hostile' }, apiVersion: null, as: null }))).status).toBe(200);
    await until(() => tabB.store.scenario === 'hostile');
    expect(serializeStore(tabB.store)).toBe(serializeStore(emulator().store));
  });
});

describe('applying messages', () => {
  function fakeChannel(): ChannelLike & { deliver(data: unknown): void; sent: unknown[] } {
    const channel = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      sent: [] as unknown[],
      postMessage(message: unknown) {
        channel.sent.push(message);
      },
      close() {},
      deliver(data: unknown) {
        channel.onmessage?.({ data } as MessageEvent);
      },
    };
    return channel;
  }

  it('ignores its own messages and anything that is not a sync message; applies the others once', () => {
    const source = buildScenario('default', BATTERY_NOW);
    const target = new EmulatorRuntime(buildScenario('default', BATTERY_NOW));
    const channel = fakeChannel();
    const sync = connectCrossTab(target, channel, 'me');
    source.jitPolicies.remove(POLICY);
    source.sequence += 5;
    const entry = drainJournalEntry(source);
    const text = JSON.stringify(entry);

    channel.deliver({ from: 'me', change: { kind: 'entry', text } });
    expect(target.store.jitPolicies.get(POLICY)).toBeDefined();
    channel.deliver('hello');
    channel.deliver({ from: 'other', change: { kind: 'entry' } });
    expect(target.store.jitPolicies.get(POLICY)).toBeDefined();

    channel.deliver({ from: 'other', change: { kind: 'entry', text } });
    channel.deliver({ from: 'other', change: { kind: 'entry', text } });
    expect(target.store.jitPolicies.get(POLICY)).toBeUndefined();
    expect(serializeStore(target.store)).toBe(serializeStore(source));
    expect(target.store.changes.isEmpty).toBe(true);

    sync.publish({ kind: 'entry', text });
    expect(channel.sent).toEqual([{ from: 'me', change: { kind: 'entry', text } }]);
  });

  it('applyRemoteEntry records nothing for this tab to journal', () => {
    const source = buildScenario('default', BATTERY_NOW);
    const target = buildScenario('default', BATTERY_NOW);
    source.jitPolicies.remove(POLICY);
    const entry = drainJournalEntry(source);
    if (!entry) throw new Error('no entry');
    applyRemoteEntry(target, entry);
    expect(target.changes.isEmpty).toBe(true);
    expect(target.changes.paused).toBe(false);
  });
});

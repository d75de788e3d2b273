import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BATTERY_NOW, SETUP_CALLS, VALID_INITIATE_BODY, VALID_INITIATE_PATH, VALID_PUT_BODY, VALID_PUT_PATH } from './bad-input.cases';
import { emulator } from './emulator';
import { advanceEmulatorClock, emulatorStore, resetEmulator, server } from './node';
import { serializeStore } from './persistence';
import {
  applyJournalEntry,
  createJournalPersister,
  drainJournalEntry,
  loadOrSeedFromSaved,
  restoreFromSaved,
  shouldCompact,
  type SavedState,
  type SnapshotStorage,
} from './persistence-journal';
import { SCENARIO_VERSION, buildScenario } from './scenarios/scenarios';
import { SCHEMA_VERSION } from './store';
import { arm } from './test-client';

// Persistence as base + journal: the base names the scenario (rebuilt on load), a committed write
// appends only what it changed, the state reads back exactly after a reload, a failed save is not
// reported as committed, and damaged or older saved data gives a working emulator plus a notice.

const POLICY = VALID_PUT_PATH.split('?')[0] ?? '';
const RESTRICTED = SETUP_CALLS[0]?.path.split('?')[0] ?? '';

/** IndexedDB's role, in memory: texts in, texts out, with the same atomic "new base clears the journal". */
class MemoryStorage implements SnapshotStorage {
  base: string | undefined;
  journal: string[] = [];
  baseWrites = 0;
  /** When set, writes wait for it (to observe that answers wait for the save). */
  gate: Promise<void> | undefined;
  failNext = false;

  async writeBase(text: string, journal: readonly string[] = []): Promise<void> {
    await this.gate;
    if (this.fail()) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.base = text;
    this.journal = [...journal];
    this.baseWrites += 1;
  }

  async appendJournal(text: string): Promise<void> {
    await this.gate;
    if (this.fail()) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.journal.push(text);
  }

  saved(): SavedState {
    return { base: this.base, journal: [...this.journal] };
  }

  private fail(): boolean {
    const fail = this.failNext;
    this.failNext = false;
    return fail;
  }
}

let storage: MemoryStorage;

/** Starts the Node emulator with the journal persister, as browser.ts wires it, and saves the seed. */
async function startPersisted(scenario: 'default' | 'large' = 'default'): Promise<void> {
  resetEmulator(scenario, { now: BATTERY_NOW });
  storage = new MemoryStorage();
  const persister = createJournalPersister(storage);
  emulator().persist = (store) => persister.persist(store);
  emulator().reloadSaved = () => Promise.resolve(reload().store);
  await emulator().commit();
}

function reload(): ReturnType<typeof loadOrSeedFromSaved> {
  return loadOrSeedFromSaved(storage.saved(), undefined, BATTERY_NOW);
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => startPersisted());

describe('persistence: base + journal', () => {
  it('a seeded store saves only its origin; each committed write then appends one small entry', async () => {
    expect(storage.baseWrites).toBe(1);
    expect(JSON.parse(storage.base ?? '')).toEqual({ schemaVersion: SCHEMA_VERSION, kind: 'scenario', scenario: 'default', seededAt: BATTERY_NOW.toISOString(), scenarioVersion: SCENARIO_VERSION });
    expect(storage.journal).toHaveLength(0);
    for (const call of SETUP_CALLS) expect((await arm(call.path, { method: call.method, body: call.body, apiVersion: null })).status).toBe(200);
    expect((await arm(VALID_INITIATE_PATH, { method: 'POST', body: VALID_INITIATE_BODY, apiVersion: null })).status).toBe(202);
    expect((await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null })).status).toBe(200);
    expect(storage.baseWrites).toBe(1);
    expect(storage.journal).toHaveLength(3);
    // A refused write and a read save nothing.
    expect((await arm(VALID_PUT_PATH, { method: 'PUT', body: {}, apiVersion: null })).status).toBe(400);
    expect((await arm(VALID_PUT_PATH, { apiVersion: null })).status).toBe(200);
    expect(storage.journal).toHaveLength(3);
  });

  it('on the large fleet the base is ~150 bytes (not ~27 MB) and a committed write appends a few kilobytes', async () => {
    await startPersisted('large');
    expect(storage.base?.length ?? Infinity).toBeLessThan(300);

    const policy = emulatorStore().jitPolicies.all().find((candidate) => candidate.properties.virtualMachines.length > 0);
    if (!policy) throw new Error('the large fleet has no policy');
    const body = { properties: { virtualMachines: policy.properties.virtualMachines.slice(1) } };
    const started = performance.now();
    expect((await arm(policy.id, { method: 'PUT', body, apiVersion: '2020-01-01' })).status).toBe(200);
    const elapsed = performance.now() - started;
    expect(storage.baseWrites).toBe(1);
    expect(storage.journal).toHaveLength(1);
    expect(storage.journal[0]?.length ?? Infinity).toBeLessThan(100_000);
    expect(elapsed).toBeLessThan(1_000);
    expect(serializeStore(reload().store)).toBe(serializeStore(emulatorStore()));
  }, 60_000);

  it('replaying 500 journal entries on the large fleet costs little next to rebuilding it (figures printed)', async () => {
    await startPersisted('large');
    const policies = emulatorStore().jitPolicies.all().filter((candidate) => candidate.properties.virtualMachines.length > 1);
    // 100 real writes (PUTs that drop and restore a VM, and their expiry-free reads), repeated to
    // 500 entries: replay applies each entry's records and events whatever their order.
    for (let i = 0; storage.journal.length < 100; i++) {
      const policy = policies[i % policies.length];
      if (!policy) throw new Error('no policy');
      const vms = policy.properties.virtualMachines;
      const body = { properties: { virtualMachines: i % 2 === 0 ? vms.slice(1) : vms } };
      expect((await arm(policy.id, { method: 'PUT', body, apiVersion: '2020-01-01' })).status).toBe(200);
    }
    const journal = Array.from({ length: 5 }, () => storage.journal).flat();
    const bytes = journal.reduce((sum, text) => sum + text.length, 0);
    let started = performance.now();
    buildScenario('large', BATTERY_NOW);
    const rebuildMs = performance.now() - started;
    started = performance.now();
    const restored = restoreFromSaved({ base: storage.base, journal });
    const totalMs = performance.now() - started;
    expect(restored.ok && restored.replayed).toBe(500);
    expect(restored.ok && serializeStore(restored.store)).toBe(serializeStore(emulatorStore()));
    console.info(`large fleet: rebuild ${rebuildMs.toFixed(0)} ms; rebuild + replay of 500 entries (${(bytes / 1e6).toFixed(1)} MB) ${totalMs.toFixed(0)} ms`);
    // Replay must stay well below what a reload used to cost (~3.8 s parsing the saved 27 MB).
    expect(totalMs - rebuildMs).toBeLessThan(3_000);
  }, 120_000);

  it('a reload rebuilds the scenario and replays the journal to exactly the live state, writing nothing', async () => {
    for (const call of SETUP_CALLS) await arm(call.path, { method: call.method, body: call.body, apiVersion: null });
    await arm(VALID_INITIATE_PATH, { method: 'POST', body: VALID_INITIATE_BODY, apiVersion: null });
    // Delete, then create again: the table order after replay must match (removal before re-insert).
    expect((await arm(RESTRICTED, { method: 'DELETE', apiVersion: '2020-01-01' })).status).toBe(200);
    for (const call of SETUP_CALLS) await arm(call.path, { method: call.method, body: call.body, apiVersion: null });
    // Expiry observed by a read is a committed change too.
    advanceEmulatorClock(2 * 3_600_000);
    expect((await arm(`${POLICY.split('/resourceGroups')[0] ?? ''}/providers/Microsoft.Security/jitNetworkAccessPolicies`, { apiVersion: '2020-01-01' })).status).toBe(200);
    expect(storage.journal.length).toBeGreaterThanOrEqual(5);

    const live = serializeStore(emulatorStore());
    const start = reload();
    expect(start.seeded).toBe(false);
    expect(start.notice).toBeUndefined();
    expect(serializeStore(start.store)).toBe(live);
    expect(start.store.nextGuid()).toBe(emulatorStore().nextGuid());

    // Storage already leads to this state: loading writes nothing.
    expect(start.store.changes.needsBase).toBe(false);
    const persister = createJournalPersister(storage, { journalLength: start.replayed });
    const baseWrites = storage.baseWrites;
    await persister.persist(start.store);
    expect(storage.baseWrites).toBe(baseWrites);

    // Compaction (off the critical path, for a long journal): the whole store becomes the base.
    expect(shouldCompact(persister.journalLength)).toBe(false);
    expect(shouldCompact(5_000)).toBe(true);
    await persister.compact(start.store);
    expect(storage.journal).toHaveLength(0);
    expect(persister.journalLength).toBe(0);
    expect(reload().store.toSnapshot()).toEqual(start.store.toSnapshot());
    // Writes after a compaction journal onto the snapshot base.
    emulator().replace(start.store);
    emulator().persist = (store) => persister.persist(store);
    for (const call of SETUP_CALLS) expect((await arm(call.path, { method: call.method, body: call.body, apiVersion: null })).status).toBe(200);
    expect(storage.journal).toHaveLength(1);
    expect(serializeStore(reload().store)).toBe(serializeStore(emulatorStore()));
  });

  it('answers a write only after its save is stored', async () => {
    let open = (): void => undefined;
    storage.gate = new Promise((resolve) => {
      open = resolve;
    });
    let answered = false;
    const put = arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null }).then((answer) => {
      answered = true;
      return answer;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    expect(storage.journal).toHaveLength(0);
    open();
    expect((await put).status).toBe(200);
    expect(storage.journal).toHaveLength(1);
  });

  it('a save with nothing left to write still waits for the earlier saves that hold its changes', async () => {
    const persister = createJournalPersister(storage);
    let open = (): void => undefined;
    storage.gate = new Promise((resolve) => {
      open = resolve;
    });
    emulatorStore().jitPolicies.remove(`${POLICY.split('/providers')[0] ?? ''}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`);
    const first = persister.persist(emulatorStore());
    let secondDone = false;
    const second = persister.persist(emulatorStore()).then(() => {
      secondDone = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(secondDone).toBe(false);
    open();
    await Promise.all([first, second]);
    expect(storage.journal).toHaveLength(1);
  });

  it('a reset saves the new origin (the journal starts again)', async () => {
    await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null });
    expect(storage.journal).toHaveLength(1);
    expect((await arm('/emulator/reset', { method: 'POST', body: { scenario: 'default' }, apiVersion: null, as: null })).status).toBe(200);
    expect(storage.baseWrites).toBe(2);
    expect(storage.journal).toHaveLength(0);
    expect(serializeStore(reload().store)).toBe(serializeStore(emulatorStore()));
  });

  it('storage full: the write answers 503 StorageFull, is not kept, and the tab shows what a reload would', async () => {
    for (const call of SETUP_CALLS) expect((await arm(call.path, { method: call.method, body: call.body, apiVersion: null })).status).toBe(200);
    const committed = serializeStore(emulatorStore());
    storage.failNext = true;
    const refused = await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'StorageFull' } });
    expect(JSON.stringify(refused.body)).toMatch(/not saved.*storage.*full.*Nothing was changed/);
    expect(emulator().notice).toMatch(/was not saved.*full/);
    // The store is what storage holds: the refused write is gone, the earlier one stays.
    expect(serializeStore(emulatorStore())).toBe(committed);
    expect(serializeStore(reload().store)).toBe(committed);
    // Later writes work and journal normally.
    expect((await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null })).status).toBe(200);
    expect(serializeStore(reload().store)).toBe(serializeStore(emulatorStore()));
  });

  it('storage failing with no way to read it back keeps the write in this tab only, says so, and still answers 503', async () => {
    emulator().reloadSaved = () => Promise.reject(new Error('IndexedDB is gone'));
    storage.failNext = true;
    const refused = await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'StorageFull' } });
    expect(JSON.stringify(refused.body)).toMatch(/kept in this tab only/);
    expect(emulator().notice).toMatch(/lost on reload/);
  });

  it('replaying an entry twice adds no event twice', async () => {
    await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null });
    const restored = restoreFromSaved({ base: storage.base, journal: [...storage.journal, ...storage.journal] });
    expect(restored.ok && serializeStore(restored.store)).toBe(serializeStore(emulatorStore()));
  });

  it('drains changes once: a second drain finds nothing', () => {
    const store = emulatorStore();
    expect(drainJournalEntry(store)).toBeUndefined();
    store.sequence += 1;
    store.jitPolicies.remove(store.jitPolicies.all()[0]?.id ?? '');
    const entry = drainJournalEntry(store);
    expect(entry?.operations).toHaveLength(1);
    expect(drainJournalEntry(store)).toBeUndefined();
    const other = restoreFromSaved({ base: storage.base, journal: [] });
    if (!other.ok || !entry) throw new Error('restore failed');
    applyJournalEntry(other.store, entry);
    expect(serializeStore(other.store)).toBe(serializeStore(store));
  });
});

describe('persistence: damaged or older saved data', () => {
  beforeEach(async () => {
    await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null });
    for (const call of SETUP_CALLS) await arm(call.path, { method: call.method, body: call.body, apiVersion: null });
    expect(storage.journal).toHaveLength(2);
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1, "sc'],
    ['an older schema', JSON.stringify({ schemaVersion: SCHEMA_VERSION - 1 })],
    ['wrong shape', JSON.stringify({ schemaVersion: SCHEMA_VERSION, virtualMachines: 'nope' })],
    ['an origin of an older scenario version', JSON.stringify({ schemaVersion: SCHEMA_VERSION, kind: 'scenario', scenario: 'default', seededAt: BATTERY_NOW.toISOString(), scenarioVersion: SCENARIO_VERSION - 1 })],
    ['an origin naming an unknown scenario', JSON.stringify({ schemaVersion: SCHEMA_VERSION, kind: 'scenario', scenario: 'dragons', seededAt: BATTERY_NOW.toISOString(), scenarioVersion: SCENARIO_VERSION })],
    ['an origin with a bad time', JSON.stringify({ schemaVersion: SCHEMA_VERSION, kind: 'scenario', scenario: 'default', seededAt: 'yesterday', scenarioVersion: SCENARIO_VERSION })],
  ])('a base that is %s yields the seed scenario plus a notice', (_what, base) => {
    const start = loadOrSeedFromSaved({ base, journal: storage.journal }, undefined, BATTERY_NOW);
    expect(start.seeded).toBe(true);
    expect(start.store.origin?.scenario).toBe('default');
    expect(start.store.scenario).toBe('default');
    expect(start.notice).toMatch(/reset to the default fleet/);
    expect(start.store.changes.needsBase).toBe(true);
  });

  it.each([
    ['not JSON', '{"operations": ['],
    ['an older schema', (entry: string) => JSON.stringify({ ...(JSON.parse(entry) as object), schemaVersion: SCHEMA_VERSION - 1 })],
    ['wrong shape', JSON.stringify({ schemaVersion: SCHEMA_VERSION, sequence: 1, operations: [{ kind: 'dragons', id: 'x' }], events: [] })],
  ])('a journal entry that is %s keeps the state before it, with a notice', (_what, damage) => {
    const [first, second] = storage.journal;
    if (first === undefined || second === undefined) throw new Error('two entries expected');
    const expected = restoreFromSaved({ base: storage.base, journal: [first] });
    const broken = typeof damage === 'string' ? damage : damage(second);
    const start = loadOrSeedFromSaved({ base: storage.base, journal: [first, broken] }, undefined, BATTERY_NOW);
    expect(start.seeded).toBe(false);
    expect(start.notice).toMatch(/latest 1 saved change .*could not be read/);
    expect(expected.ok && serializeStore(start.store)).toBe(expected.ok && serializeStore(expected.store));
    // The next save rewrites storage as the origin plus the readable entry (no 27 MB snapshot).
    expect(start.store.changes.needsBase).toBe(true);
    return (async () => {
      await createJournalPersister(storage).persist(start.store);
      expect(JSON.parse(storage.base ?? '')).toMatchObject({ kind: 'scenario' });
      expect(storage.journal).toEqual([first]);
      expect(serializeStore(reload().store)).toBe(serializeStore(start.store));
    })();
  });

  it('state saved by earlier builds (a whole snapshot as the base, plus a journal) still loads and keeps journaling', async () => {
    const live = serializeStore(emulatorStore());
    const snapshotBase = serializeStore(buildScenario('default', BATTERY_NOW));
    const start = loadOrSeedFromSaved({ base: snapshotBase, journal: storage.journal }, undefined, BATTERY_NOW);
    expect(start.seeded).toBe(false);
    expect(start.notice).toBeUndefined();
    expect(serializeStore(start.store)).toBe(live);
    expect(start.store.changes.needsBase).toBe(false);
    // No rewrite of the old base on load; the next write appends to its journal.
    storage.base = snapshotBase;
    const persister = createJournalPersister(storage);
    start.store.jitPolicies.remove(start.store.jitPolicies.all()[0]?.id ?? '');
    await persister.persist(start.store);
    expect(storage.base).toBe(snapshotBase);
    expect(storage.journal).toHaveLength(3);
    expect(serializeStore(reload().store)).toBe(serializeStore(start.store));
  });
});

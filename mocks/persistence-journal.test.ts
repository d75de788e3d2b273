import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BATTERY_NOW, SETUP_CALLS, VALID_INITIATE_BODY, VALID_INITIATE_PATH, VALID_PUT_BODY, VALID_PUT_PATH } from './bad-input.cases';
import { emulator } from './emulator';
import { advanceEmulatorClock, emulatorStore, resetEmulator, server } from './node';
import { serializeStore } from './persistence';
import { applyJournalEntry, createJournalPersister, drainJournalEntry, loadOrSeedFromSaved, restoreFromSaved, type SavedState, type SnapshotStorage } from './persistence-journal';
import { SCHEMA_VERSION } from './store';
import { arm } from './test-client';

// Persistence as base + journal: a committed write appends only what it changed, the state reads
// back exactly after a reload, and damaged or older saved data gives a working emulator plus a notice.

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

  async writeBase(text: string): Promise<void> {
    await this.gate;
    if (this.fail()) throw new Error('QuotaExceededError');
    this.base = text;
    this.journal = [];
    this.baseWrites += 1;
  }

  async appendJournal(text: string): Promise<void> {
    await this.gate;
    if (this.fail()) throw new Error('QuotaExceededError');
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
async function startPersisted(): Promise<void> {
  resetEmulator('default', { now: BATTERY_NOW });
  storage = new MemoryStorage();
  const persister = createJournalPersister(storage);
  emulator().persist = (store) => persister.persist(store);
  await emulator().commit();
}

function reload(): ReturnType<typeof loadOrSeedFromSaved> {
  return loadOrSeedFromSaved(storage.saved(), undefined, BATTERY_NOW);
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(startPersisted);

describe('persistence: base + journal', () => {
  it('a seeded store is saved whole once; each committed write then appends one small entry', async () => {
    expect(storage.baseWrites).toBe(1);
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

  it('on the large fleet (~27 MB saved whole) a committed write appends an entry of a few kilobytes', async () => {
    resetEmulator('large', { now: BATTERY_NOW });
    storage = new MemoryStorage();
    const persister = createJournalPersister(storage);
    emulator().persist = (store) => persister.persist(store);
    await emulator().commit();
    const baseSize = storage.base?.length ?? 0;
    expect(baseSize).toBeGreaterThan(20_000_000);

    const policy = emulatorStore().jitPolicies.all().find((candidate) => candidate.properties.virtualMachines.length > 0);
    if (!policy) throw new Error('the large fleet has no policy');
    const body = { properties: { virtualMachines: policy.properties.virtualMachines.slice(1) } };
    const started = performance.now();
    expect((await arm(policy.id, { method: 'PUT', body, apiVersion: '2020-01-01' })).status).toBe(200);
    const elapsed = performance.now() - started;
    expect(storage.baseWrites).toBe(1);
    expect(storage.journal).toHaveLength(1);
    expect(storage.journal[0]?.length ?? Infinity).toBeLessThan(100_000);
    // Far below the ~150 ms that serialising the whole store takes on its own.
    expect(elapsed).toBeLessThan(1_000);
    expect(serializeStore(reload().store)).toBe(serializeStore(emulatorStore()));
  }, 30_000);

  it('a reload replays the journal to exactly the live state, and saves it whole once (compaction)', async () => {
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

    // Compaction: the first save after a replay writes the base and empties the journal.
    expect(start.store.changes.needsBase).toBe(true);
    const persister = createJournalPersister(storage, start.store);
    await persister.persist(start.store);
    expect(storage.journal).toHaveLength(0);
    expect(reload().store.toSnapshot()).toEqual(start.store.toSnapshot());
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
    const persister = createJournalPersister(storage, emulatorStore());
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

  it('a reset saves the new store whole (the journal starts again)', async () => {
    await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null });
    expect(storage.journal).toHaveLength(1);
    expect((await arm('/emulator/reset', { method: 'POST', body: { scenario: 'default' }, apiVersion: null, as: null })).status).toBe(200);
    expect(storage.baseWrites).toBe(2);
    expect(storage.journal).toHaveLength(0);
    expect(serializeStore(reload().store)).toBe(serializeStore(emulatorStore()));
  });

  it('storage failing gives a notice, keeps the write in memory, and the next save writes everything', async () => {
    storage.failNext = true;
    expect((await arm(VALID_PUT_PATH, { method: 'PUT', body: VALID_PUT_BODY, apiVersion: null })).status).toBe(200);
    expect(emulator().notice).toMatch(/could not be saved.*QuotaExceededError/);
    expect(emulatorStore().changes.needsBase).toBe(true);
    for (const call of SETUP_CALLS) await arm(call.path, { method: call.method, body: call.body, apiVersion: null });
    expect(storage.baseWrites).toBe(2);
    expect(serializeStore(reload().store)).toBe(serializeStore(emulatorStore()));
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
  ])('a base that is %s yields the seed scenario plus a notice', (_what, base) => {
    const start = loadOrSeedFromSaved({ base, journal: storage.journal }, undefined, BATTERY_NOW);
    expect(start.seeded).toBe(true);
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
    // The damaged journal is replaced by a clean base on the next save.
    expect(start.store.changes.needsBase).toBe(true);
  });

  it('state saved by the previous layout (a base, no journal) still loads', () => {
    const start = loadOrSeedFromSaved({ base: storage.base, journal: [] }, undefined, BATTERY_NOW);
    expect(start.seeded).toBe(false);
    expect(start.store.changes.needsBase).toBe(false);
  });
});

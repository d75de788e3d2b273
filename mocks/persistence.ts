import { z } from 'zod';
import type { ScenarioName } from './scenarios/scenario-names';
import { buildScenario } from './scenarios/scenarios';
import { EmulatorStore, SCHEMA_VERSION, type EmulatorSnapshot } from './store';

// Saved state: the snapshot with its schemaVersion (the base that persistence-journal.ts adds a
// journal of changes to). Anything that does not read back as the current schema is refused here,
// and the caller seeds a scenario instead.

const DB_NAME = 'azure-emulator';
const DB_STORE = 'state';
const DB_KEY = 'snapshot';

// Structural check only (the arrays' items are the emulator's own output); enough to refuse
// corrupt, truncated or foreign data rather than crash on it later.
const snapshotShape = z.object({
  schemaVersion: z.number(),
  scenario: z.string(),
  tenantId: z.string(),
  sequence: z.number().int().nonnegative(),
  users: z.array(z.object({ upn: z.string(), name: z.string(), objectId: z.string(), egressIp: z.string(), roleName: z.string() })),
  subscriptions: z.array(z.object({ id: z.string(), subscriptionId: z.string() })),
  pricings: z.array(z.object({ id: z.string() })),
  resourceGroups: z.array(z.object({ id: z.string() })),
  virtualMachines: z.array(z.object({ id: z.string() })),
  classicVirtualMachines: z.array(z.object({ id: z.string() })),
  networkInterfaces: z.array(z.object({ id: z.string() })),
  networkSecurityGroups: z.array(z.object({ id: z.string() })),
  publicIpAddresses: z.array(z.object({ id: z.string() })),
  virtualNetworks: z.array(z.object({ id: z.string() })),
  azureFirewalls: z.array(z.object({ id: z.string() })),
  jitPolicies: z.array(z.object({ id: z.string() })),
  policyAssignments: z.array(z.object({ id: z.string() })),
  roleDefinitions: z.array(z.object({ id: z.string(), name: z.string() })),
  roleAssignments: z.array(z.object({ id: z.string() })),
  events: z.array(z.object({ eventTimestamp: z.string(), subscriptionId: z.string() })),
});

export type RestoreResult = { ok: true; store: EmulatorStore } | { ok: false; reason: string };

/** Rebuilds a store from what storage returned (an object or its JSON text). */
export function restoreStore(raw: unknown): RestoreResult {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return { ok: false, reason: 'the saved demo data is not readable JSON' };
    }
  }
  const version = typeof value === 'object' && value !== null && 'schemaVersion' in value ? value.schemaVersion : undefined;
  if (typeof version === 'number' && version !== SCHEMA_VERSION) {
    return { ok: false, reason: `the saved demo data has schema version ${String(version)}, this build uses ${String(SCHEMA_VERSION)}` };
  }
  const parsed = snapshotShape.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'the saved demo data is damaged' };
  // The shape check passed; the items are the emulator's own serialisation.
  return { ok: true, store: new EmulatorStore(value as EmulatorSnapshot) };
}

/** Serialises for storage (JSON text keeps the record independent of structured-clone quirks). */
export function serializeStore(store: EmulatorStore): string {
  return JSON.stringify(store.toSnapshot());
}

// IndexedDB layout (database version 2): store "state" holds the base under "snapshot" — a
// scenario origin (persistence-journal.ts) or, as every earlier build wrote it, a whole snapshot,
// which still loads — and store "journal" the committed changes since that base, in key order. The adapter only moves texts; what to write
// and how to read it back is persistence-journal.ts.
const DB_VERSION = 2;
const DB_JOURNAL = 'journal';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(DB_STORE)) request.result.createObjectStore(DB_STORE);
      if (!request.result.objectStoreNames.contains(DB_JOURNAL)) request.result.createObjectStore(DB_JOURNAL, { autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB write failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB write aborted'));
  });
}

/** Reads the base snapshot and every journal entry (in write order) in one transaction; undefined when nothing is saved. */
export async function loadFromIndexedDb(): Promise<{ base: unknown; journal: unknown[] } | undefined> {
  const db = await openDb();
  try {
    const transaction = db.transaction([DB_STORE, DB_JOURNAL], 'readonly');
    const base = transaction.objectStore(DB_STORE).get(DB_KEY);
    const journal = transaction.objectStore(DB_JOURNAL).getAll();
    await done(transaction);
    const value: unknown = base.result;
    return value === undefined ? undefined : { base: value, journal: journal.result as unknown[] };
  } finally {
    db.close();
  }
}

/** The emulator's saves in IndexedDB: a new base clears the journal in the same transaction. */
export function indexedDbStorage(): { writeBase(text: string, journal?: readonly string[]): Promise<void>; appendJournal(text: string): Promise<void> } {
  let opened: Promise<IDBDatabase> | undefined;
  const db = () => (opened ??= openDb());
  return {
    async writeBase(text, journal = []) {
      const transaction = (await db()).transaction([DB_STORE, DB_JOURNAL], 'readwrite');
      transaction.objectStore(DB_STORE).put(text, DB_KEY);
      const entries = transaction.objectStore(DB_JOURNAL);
      entries.clear();
      for (const entry of journal) entries.add(entry);
      await done(transaction);
    },
    async appendJournal(text) {
      const transaction = (await db()).transaction(DB_JOURNAL, 'readwrite');
      transaction.objectStore(DB_JOURNAL).add(text);
      await done(transaction);
    },
  };
}

/**
 * What to start from: the saved state when it reads back (and is the requested scenario, if one is
 * named), else a freshly seeded scenario, with a notice when saved state had to be discarded.
 */
export function loadOrSeed(saved: unknown, requested: ScenarioName | undefined, now: Date): { store: EmulatorStore; seeded: boolean; notice?: string } {
  if (saved !== undefined && saved !== null) {
    const restored = restoreStore(saved);
    if (restored.ok && (!requested || restored.store.scenario === requested)) return { store: restored.store, seeded: false };
    if (!restored.ok) {
      return { store: buildScenario(requested ?? 'default', now), seeded: true, notice: `The demo data was reset to the ${requested ?? 'default'} fleet because ${restored.reason}.` };
    }
  }
  return { store: buildScenario(requested ?? 'default', now), seeded: true };
}

import { z } from 'zod';
import type { EventData } from '../src/domain/arm-types';
import { restoreStore, serializeStore } from './persistence';
import { isScenarioName, type ScenarioName } from './scenarios/scenario-names';
import { SCENARIO_VERSION, buildScenario } from './scenarios/scenarios';
import { SCHEMA_VERSION, TABLE_KINDS, subscriptionKeyOf, type EmulatorStore, type TableKind } from './store';

// Saved state = a base + a journal of committed writes. The base is normally only the scenario's
// origin ({schemaVersion, scenario, seededAt, scenarioVersion}, ~150 bytes): the typed builders are
// deterministic, so loading rebuilds the scenario from it and replays the journal. That keeps the
// first visit free of serialising and storing the large fleet (1.3 s + 1.35 s + a 2.3–3.2 s
// IndexedDB frame) and a reload free of parsing it back (~3.8 s). A full snapshot is the base only
// for state saved by earlier builds (still read: they migrate in place, their journal continues)
// and after a compaction, which runs off the critical path and only for a long journal (see
// shouldCompact). All of it is pure and testable here; persistence.ts moves the texts.

export interface JournalOperation {
  kind: TableKind;
  /** Present: upsert this record. Absent: remove `id`. */
  record?: { id: string };
  id: string;
}

/** One committed write: replaying the entries in order onto the base gives the saved state. */
export interface JournalEntry {
  schemaVersion: number;
  /** The store's id counter after the write (ids and etags stay unique after a reload). */
  sequence: number;
  operations: JournalOperation[];
  events: EventData[];
}

const journalEntrySchema = z.object({
  schemaVersion: z.number(),
  sequence: z.number().int().nonnegative(),
  operations: z.array(
    z.object({
      kind: z.enum(TABLE_KINDS),
      id: z.string(),
      record: z.object({ id: z.string() }).loose().optional(),
    }),
  ),
  events: z.array(z.object({ eventDataId: z.string(), eventTimestamp: z.string(), subscriptionId: z.string() }).loose()),
});

/** The base that names a scenario instead of holding it. */
export interface ScenarioBase {
  schemaVersion: number;
  kind: 'scenario';
  scenario: string;
  seededAt: string;
  scenarioVersion: number;
}

const scenarioBaseSchema = z.object({
  schemaVersion: z.number(),
  kind: z.literal('scenario'),
  scenario: z.string(),
  seededAt: z.string(),
  scenarioVersion: z.number(),
});

/** What the adapter reads back: the base and the journal entries in write order. */
export interface SavedState {
  base: unknown;
  journal: readonly unknown[];
}

/** Takes the changes since the last save out of the store, as one journal entry (undefined when nothing changed). */
export function drainJournalEntry(store: EmulatorStore): JournalEntry | undefined {
  const { changes } = store;
  if (changes.isEmpty) return undefined;
  const operations: JournalOperation[] = [];
  for (const { kind, id, removed } of changes.records.values()) {
    const record = store.table(kind).get(id);
    if (removed) operations.push({ kind, id });
    if (record) operations.push({ kind, id: record.id, record });
  }
  const entry: JournalEntry = { schemaVersion: SCHEMA_VERSION, sequence: store.sequence, operations, events: [...changes.events] };
  changes.clear();
  return entry;
}

const NETWORK_KINDS: ReadonlySet<TableKind> = new Set(['networkInterfaces', 'networkSecurityGroups', 'publicIpAddresses', 'virtualNetworks', 'azureFirewalls']);

/**
 * Replays one entry onto a store (idempotent: an event already in the log is not added again).
 * Network records written from outside the JIT write path invalidate the cached network state of
 * their subscription (jit-service patches that cache only for its own writes).
 */
export function applyJournalEntry(store: EmulatorStore, entry: JournalEntry): void {
  const touched = new Set<string>();
  for (const operation of entry.operations) {
    const table = store.table(operation.kind);
    if (operation.record) table.upsert(operation.record);
    else table.remove(operation.id);
    if (NETWORK_KINDS.has(operation.kind)) touched.add(subscriptionKeyOf(operation.id));
  }
  for (const subscription of touched) store.touchNetwork(subscription);
  for (const event of entry.events) if (!store.events.has(event.eventDataId)) store.events.append(event);
  store.sequence = Math.max(store.sequence, entry.sequence);
}

/** A journal entry read back (text or object), or undefined when it is damaged or of another schema. */
export function parseJournalEntry(raw: unknown): JournalEntry | undefined {
  const value: unknown = typeof raw === 'string' ? parseJson(raw) : raw;
  const parsed = journalEntrySchema.safeParse(value);
  if (!parsed.success || parsed.data.schemaVersion !== SCHEMA_VERSION) return undefined;
  // The shape check passed; the records are the emulator's own output. The raw value is used, not
  // zod's copy, which would reorder each record's keys.
  return value as JournalEntry;
}

export function scenarioBaseOf(store: EmulatorStore): ScenarioBase | undefined {
  const { origin } = store;
  if (!origin) return undefined;
  return { schemaVersion: SCHEMA_VERSION, kind: 'scenario', scenario: origin.scenario, seededAt: origin.seededAt, scenarioVersion: origin.scenarioVersion };
}

/** The base text of a store: its scenario origin when it has one, else the whole snapshot. */
export function baseText(store: EmulatorStore): string {
  const base = scenarioBaseOf(store);
  return base ? JSON.stringify(base) : serializeStore(store);
}

type BaseResult = { ok: true; store: EmulatorStore } | { ok: false; reason: string };

function restoreBase(raw: unknown): BaseResult {
  const value: unknown = typeof raw === 'string' && raw.length < 10_000 ? parseJson(raw) : raw;
  const kind = typeof value === 'object' && value !== null && 'kind' in value ? value.kind : undefined;
  if (kind !== 'scenario') return restoreStore(raw);
  const parsed = scenarioBaseSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'the saved demo data is damaged' };
  const base = parsed.data;
  if (base.schemaVersion !== SCHEMA_VERSION) {
    return { ok: false, reason: `the saved demo data has schema version ${String(base.schemaVersion)}, this build uses ${String(SCHEMA_VERSION)}` };
  }
  if (base.scenarioVersion !== SCENARIO_VERSION) {
    return { ok: false, reason: `the saved demo data was recorded against version ${String(base.scenarioVersion)} of the demo fleets, this build has version ${String(SCENARIO_VERSION)}` };
  }
  const seededAt = new Date(base.seededAt);
  if (!isScenarioName(base.scenario) || Number.isNaN(seededAt.getTime())) return { ok: false, reason: 'the saved demo data is damaged' };
  return { ok: true, store: buildScenario(base.scenario, seededAt) };
}

export type RestoreFromSavedResult =
  | { ok: true; store: EmulatorStore; replayed: number; notice?: string }
  | { ok: false; reason: string };

/**
 * Base + journal → store. An unreadable base fails (the caller seeds a scenario with a notice);
 * an unreadable journal entry keeps the state up to the entry before it (each entry is a whole
 * committed write, so that is a state the emulator really had) and says so in `notice`; the next
 * save then rewrites storage as the base plus the readable entries.
 */
export function restoreFromSaved(saved: SavedState): RestoreFromSavedResult {
  const restored = restoreBase(saved.base);
  if (!restored.ok) return restored;
  const { store } = restored;
  store.changes.paused = true;
  let replayed = 0;
  let notice: string | undefined;
  for (const raw of saved.journal) {
    const entry = parseJournalEntry(raw);
    if (!entry) {
      const lost = saved.journal.length - replayed;
      notice = `The latest ${String(lost)} saved change${lost === 1 ? '' : 's'} to the demo data could not be read and ${lost === 1 ? 'was' : 'were'} dropped; the demo data is as it was before ${lost === 1 ? 'it' : 'them'}.`;
      break;
    }
    applyJournalEntry(store, entry);
    replayed += 1;
  }
  store.changes.paused = false;
  store.changes.clear();
  // Storage already holds exactly this state unless part of the journal was dropped: then the next
  // save writes the base again followed by the readable entries.
  store.changes.needsBase = notice !== undefined;
  store.changes.keptJournal = notice === undefined ? undefined : saved.journal.slice(0, replayed).map((raw) => (typeof raw === 'string' ? raw : JSON.stringify(raw)));
  return { ok: true, store, replayed, ...(notice ? { notice } : {}) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Where the texts go (IndexedDB in the browser, a Map in tests). */
export interface SnapshotStorage {
  /** Replaces the base and the whole journal (by `journal`, default none), atomically. */
  writeBase(text: string, journal?: readonly string[]): Promise<void>;
  /** Appends one entry after every earlier one. */
  appendJournal(text: string): Promise<void>;
}

/** What another tab needs to follow a save (see cross-tab.ts). */
export type StoredChange = { kind: 'entry'; text: string } | { kind: 'base' };

export interface JournalPersister {
  /** Saves what changed; resolves once it, and every save before it, is stored. */
  persist(store: EmulatorStore): Promise<void>;
  /** Writes the whole store as the base (compaction: a long journal folded in). Queued like any save. */
  compact(store: EmulatorStore): Promise<void>;
  /** Journal entries stored after the base (what a reload replays). */
  readonly journalLength: number;
}

/** Thrown for every later save of a store whose save failed (its memory no longer matches storage). */
export class StoreDivergedError extends Error {
  constructor(readonly reason: unknown) {
    super(`an earlier save failed (${reason instanceof Error ? reason.message : String(reason)})`);
    this.name = 'StoreDivergedError';
  }
}

/**
 * Decides per save: a store flagged `needsBase` (seeded, reset, loaded from a damaged journal) is
 * written as a new base; otherwise its changes become one journal entry. Saves are queued, so a save
 * resolves only after every earlier one: a handler that finds nothing left to write (an earlier
 * commit took its changes) still waits until those changes are stored before it answers.
 * A failed save poisons its store: storage no longer leads to that store's memory, so every later
 * save of it fails too, and the runtime replaces it by what storage holds (emulator.ts).
 */
export function createJournalPersister(storage: SnapshotStorage, options: { journalLength?: number; onStored?: (change: StoredChange) => void } = {}): JournalPersister {
  let queue: Promise<void> = Promise.resolve();
  let journalLength = options.journalLength ?? 0;
  const failed = new WeakMap<EmulatorStore, unknown>();
  const enqueue = (store: EmulatorStore, write: () => Promise<void>, stored: StoredChange | undefined): Promise<void> => {
    const next = queue.then(async () => {
      const earlier = failed.get(store);
      if (earlier !== undefined) throw new StoreDivergedError(earlier);
      await write();
      if (stored) options.onStored?.(stored);
    });
    // A failed save must not stop later ones (of other stores); its caller sees the failure.
    queue = next.catch((error: unknown) => {
      if (!failed.has(store)) failed.set(store, error);
    });
    return next;
  };
  return {
    get journalLength() {
      return journalLength;
    },
    persist(store) {
      const poisoned = failed.get(store);
      if (poisoned !== undefined) return Promise.reject(new StoreDivergedError(poisoned));
      // Taken now, synchronously, so the entry holds exactly the writes committed before this call.
      if (store.changes.needsBase) {
        const kept = store.origin ? (store.changes.keptJournal ?? []) : [];
        const text = baseText(store);
        // A scenario base rebuilds only the scenario: what changed since (a damaged journal's
        // readable entries, writes after it) follows it as journal entries.
        const entry = store.origin ? drainJournalEntry(store) : undefined;
        const journal = entry ? [...kept, JSON.stringify(entry)] : [...kept];
        store.changes.clear();
        store.changes.needsBase = false;
        store.changes.keptJournal = undefined;
        return enqueue(
          store,
          async () => {
            await storage.writeBase(text, journal);
            journalLength = journal.length;
          },
          { kind: 'base' },
        );
      }
      const entry = drainJournalEntry(store);
      if (!entry) return enqueue(store, () => Promise.resolve(), undefined);
      const text = JSON.stringify(entry);
      return enqueue(
        store,
        async () => {
          await storage.appendJournal(text);
          journalLength += 1;
        },
        { kind: 'entry', text },
      );
    },
    compact(store) {
      if (failed.has(store)) return Promise.resolve();
      const text = serializeStore(store);
      store.changes.clear();
      store.changes.needsBase = false;
      // From now on the base is this snapshot, not the scenario.
      store.origin = undefined;
      return enqueue(
        store,
        async () => {
          await storage.writeBase(text, []);
          journalLength = 0;
        },
        undefined,
      );
    },
  };
}

/**
 * Measured in Node (persistence-journal.test.ts): rebuilding the large fleet from its origin takes
 * ~350 ms, and replaying 500 policy PUTs (~38 KB each, 19 MB) ~450 ms more — far below parsing its
 * 27 MB snapshot (~3.8 s in the browser), which a compaction would make every later reload pay. So
 * compaction only bounds the journal's growth: after 1,000 entries, when the page is idle.
 */
export const COMPACT_AFTER_ENTRIES = 1000;

export function shouldCompact(journalLength: number): boolean {
  return journalLength >= COMPACT_AFTER_ENTRIES;
}

/**
 * What to start from: the saved base + journal when it reads back (and is the requested scenario,
 * if one is named), else a freshly seeded scenario, with a notice when saved state had to be
 * discarded or partly dropped. The store's `changes.needsBase` says whether the first save must
 * write a base (seeded, or a damaged journal to drop).
 */
export function loadOrSeedFromSaved(
  saved: SavedState | undefined,
  requested: ScenarioName | undefined,
  now: Date,
): { store: EmulatorStore; seeded: boolean; replayed: number; notice?: string } {
  if (saved !== undefined && saved.base !== undefined && saved.base !== null) {
    const restored = restoreFromSaved(saved);
    if (restored.ok && (!requested || restored.store.scenario === requested)) {
      return { store: restored.store, seeded: false, replayed: restored.replayed, ...(restored.notice ? { notice: restored.notice } : {}) };
    }
    if (!restored.ok) {
      return { store: buildScenario(requested ?? 'default', now), seeded: true, replayed: 0, notice: `The demo data was reset to the ${requested ?? 'default'} fleet because ${restored.reason}.` };
    }
  }
  return { store: buildScenario(requested ?? 'default', now), seeded: true, replayed: 0 };
}

import { z } from 'zod';
import type { EventData } from '../src/domain/arm-types';
import { restoreStore, serializeStore } from './persistence';
import { buildScenario, type ScenarioName } from './scenarios/scenarios';
import { SCHEMA_VERSION, TABLE_KINDS, type EmulatorStore, type TableKind } from './store';

// Saved state as a base snapshot plus a journal of committed changes. A committed write appends
// one small entry (the records it changed and the events it logged) instead of re-serialising the
// whole store (~27 MB for the large fleet); loading replays the journal onto the base, and the
// loaded state is then written back as the new base (compaction). All of it is pure and testable
// here; the IndexedDB adapter in persistence.ts only moves the texts.

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

/** What the adapter reads back: the base snapshot and the journal entries in write order. */
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

/** Replays one entry onto a store (idempotent: an event already in the log is not added again). */
export function applyJournalEntry(store: EmulatorStore, entry: JournalEntry): void {
  for (const operation of entry.operations) {
    const table = store.table(operation.kind);
    if (operation.record) table.upsert(operation.record);
    else table.remove(operation.id);
  }
  for (const event of entry.events) if (!store.events.has(event.eventDataId)) store.events.append(event);
  store.sequence = Math.max(store.sequence, entry.sequence);
}

export type RestoreFromSavedResult =
  | { ok: true; store: EmulatorStore; replayed: number; notice?: string }
  | { ok: false; reason: string };

/**
 * Base + journal → store. An unreadable base fails (the caller seeds a scenario with a notice);
 * an unreadable journal entry keeps the state up to the entry before it (each entry is a whole
 * committed write, so that is a state the emulator really had) and says so in `notice`.
 */
export function restoreFromSaved(saved: SavedState): RestoreFromSavedResult {
  const restored = restoreStore(saved.base);
  if (!restored.ok) return restored;
  const { store } = restored;
  let replayed = 0;
  for (const raw of saved.journal) {
    const value: unknown = typeof raw === 'string' ? parseJson(raw) : raw;
    const parsed = journalEntrySchema.safeParse(value);
    if (!parsed.success || parsed.data.schemaVersion !== SCHEMA_VERSION) {
      store.changes.clear();
      store.changes.needsBase = true;
      const lost = saved.journal.length - replayed;
      return {
        ok: true,
        store,
        replayed,
        notice: `The latest ${String(lost)} saved change${lost === 1 ? '' : 's'} to the demo data could not be read and ${lost === 1 ? 'was' : 'were'} dropped; the demo data is as it was before ${lost === 1 ? 'it' : 'them'}.`,
      };
    }
    // The shape check passed; the records are the emulator's own output. The raw value is applied,
    // not zod's copy, which would reorder each record's keys.
    applyJournalEntry(store, value as JournalEntry);
    replayed += 1;
  }
  store.changes.clear();
  // A replayed journal is folded into a new base on the next save (compaction).
  store.changes.needsBase = replayed > 0;
  return { ok: true, store, replayed };
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
  /** Replaces the base and empties the journal, atomically. */
  writeBase(text: string): Promise<void>;
  /** Appends one entry after every earlier one. */
  appendJournal(text: string): Promise<void>;
}

export interface JournalPersister {
  /** Saves what changed; resolves once it, and every save before it, is stored. */
  persist(store: EmulatorStore): Promise<void>;
}

/**
 * Decides per save: a store not saved before (seeded, reset, freshly replayed) is written whole as
 * the base; otherwise one journal entry. Saves are queued, so a save resolves only after every
 * earlier one: a handler that finds nothing left to write (an earlier commit took its changes)
 * still waits until those changes are stored before it answers.
 */
export function createJournalPersister(storage: SnapshotStorage, persisted?: EmulatorStore): JournalPersister {
  let saved: EmulatorStore | undefined = persisted && !persisted.changes.needsBase ? persisted : undefined;
  let queue: Promise<void> = Promise.resolve();
  return {
    persist(store) {
      // Taken now, synchronously, so the entry holds exactly the writes committed before this call.
      let write: () => Promise<void>;
      if (store !== saved || store.changes.needsBase) {
        const text = serializeStore(store);
        store.changes.clear();
        store.changes.needsBase = false;
        saved = store;
        write = () => storage.writeBase(text);
      } else {
        const entry = drainJournalEntry(store);
        write = entry ? () => storage.appendJournal(JSON.stringify(entry)) : () => Promise.resolve();
      }
      const next = queue.then(write).catch((error: unknown) => {
        // What is stored no longer leads to this state by journal: the next save writes it whole.
        store.changes.needsBase = true;
        throw error;
      });
      // A failed save must not stop later ones; its caller sees the failure.
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

/**
 * What to start from: the saved base + journal when it reads back (and is the requested scenario,
 * if one is named), else a freshly seeded scenario, with a notice when saved state had to be
 * discarded or partly dropped. The store's `changes.needsBase` says whether the first save must
 * write it whole (seeded, or a journal to fold in).
 */
export function loadOrSeedFromSaved(saved: SavedState | undefined, requested: ScenarioName | undefined, now: Date): { store: EmulatorStore; seeded: boolean; notice?: string } {
  if (saved !== undefined && saved.base !== undefined && saved.base !== null) {
    const restored = restoreFromSaved(saved);
    if (restored.ok && (!requested || restored.store.scenario === requested)) {
      return { store: restored.store, seeded: false, ...(restored.notice ? { notice: restored.notice } : {}) };
    }
    if (!restored.ok) {
      return { store: buildScenario(requested ?? 'default', now), seeded: true, notice: `The demo data was reset to the ${requested ?? 'default'} fleet because ${restored.reason}.` };
    }
  }
  return { store: buildScenario(requested ?? 'default', now), seeded: true };
}

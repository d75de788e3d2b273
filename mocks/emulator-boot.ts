import { CHANNEL_NAME, connectCrossTab, type CrossTabSync } from './cross-tab';
import { EmulatorRuntime, installEmulator } from './emulator';
import { indexedDbStorage, loadFromIndexedDb } from './persistence';
import { createJournalPersister, loadOrSeedFromSaved, shouldCompact, type SavedState } from './persistence-journal';
import type { ScenarioName } from './scenarios/scenario-names';

export interface BootOptions {
  /** Scenario for a first visit (the `?scenario=` of the page); default "default". */
  scenario?: ScenarioName | undefined;
  /** Set false to keep nothing between reloads. */
  persist?: boolean | undefined;
  /** The clock a seeded scenario is built around (the page's clock); default now. */
  now?: Date | undefined;
}

function whenIdle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 60_000 });
  else setTimeout(callback, 10_000);
}

/**
 * Builds the running emulator from what this browser stored (IndexedDB: a scenario origin and a
 * journal of writes) or a seeded scenario, wires saving and cross-tab sync, and installs it for the
 * handlers. Uses no page globals, so it runs in the emulator's worker (mocks/emulator-worker.ts).
 */
export async function bootEmulator(options: BootOptions = {}): Promise<EmulatorRuntime> {
  const persist = options.persist ?? true;
  let saved: SavedState | undefined;
  let readError: string | undefined;
  if (persist) {
    try {
      saved = await loadFromIndexedDb();
    } catch (error) {
      readError = `The demo data could not be read from this browser (${error instanceof Error ? error.message : String(error)}); the demo fleet was loaded instead.`;
    }
  }
  // Saved state is a scenario origin plus a journal: this rebuilds the scenario and replays it.
  const start = loadOrSeedFromSaved(saved, options.scenario, options.now ?? new Date());
  const runtime = new EmulatorRuntime(start.store);
  runtime.notice = start.notice ?? readError;
  let persister: ReturnType<typeof createJournalPersister> | undefined;
  if (persist) {
    let sync: CrossTabSync | undefined;
    if (typeof BroadcastChannel === 'function') sync = connectCrossTab(runtime, new BroadcastChannel(CHANNEL_NAME), crypto.randomUUID());
    persister = createJournalPersister(indexedDbStorage(), {
      journalLength: start.seeded ? 0 : start.replayed,
      onStored: (change) => sync?.publish(change),
    });
    const saver = persister;
    runtime.persist = (store) => saver.persist(store);
    runtime.reloadSaved = async () => loadOrSeedFromSaved(await loadFromIndexedDb(), undefined, runtime.now()).store;
  }
  installEmulator(runtime);
  // A seeded or reset store saves its origin (~150 bytes); a damaged journal is rewritten without its damaged tail.
  if (start.store.changes.needsBase) {
    try {
      await runtime.commit();
    } catch {
      // commit() has set the notice; the emulator serves from memory.
    }
  }
  // A long journal is folded into a new base when there is nothing better to do.
  if (persister && shouldCompact(persister.journalLength)) {
    const target = persister;
    whenIdle(() => {
      void target.compact(runtime.store).catch(() => undefined);
    });
  }
  return runtime;
}

import { setupWorker } from 'msw/browser';
import { CHANNEL_NAME, connectCrossTab, type CrossTabSync } from './cross-tab';
import { EmulatorRuntime, installEmulator } from './emulator';
import { handlers } from './handlers';
import { indexedDbStorage, loadFromIndexedDb } from './persistence';
import { createJournalPersister, loadOrSeedFromSaved, shouldCompact, type SavedState } from './persistence-journal';
import { isScenarioName, type ScenarioName } from './scenarios/scenarios';

export interface BrowserEmulatorOptions {
  /** Scenario for a first visit; default: the `?scenario=` URL parameter, else "default". */
  scenario?: ScenarioName;
  /** Set false to keep nothing between reloads. */
  persist?: boolean;
}

function scenarioFromUrl(): ScenarioName | undefined {
  const value = new URL(window.location.href).searchParams.get('scenario');
  return isScenarioName(value) ? value : undefined;
}

function whenIdle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 60_000 });
  else setTimeout(callback, 10_000);
}

/** Starts the emulator in the browser: state from IndexedDB (or a seeded scenario), then the service worker. */
export async function startBrowserEmulator(options: BrowserEmulatorOptions = {}): Promise<void> {
  const persist = options.persist ?? true;
  const requested = options.scenario ?? scenarioFromUrl();
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
  const start = loadOrSeedFromSaved(saved, requested, new Date());
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
    runtime.reloadSaved = async () => loadOrSeedFromSaved(await loadFromIndexedDb(), undefined, new Date()).store;
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

  await setupWorker(...handlers).start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });

  // A long journal is folded into a new base when the page has nothing better to do.
  if (persister && shouldCompact(persister.journalLength)) {
    const target = persister;
    whenIdle(() => {
      void target.compact(runtime.store).catch(() => undefined);
    });
  }
}

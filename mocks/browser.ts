import { setupWorker } from 'msw/browser';
import { EmulatorRuntime, installEmulator } from './emulator';
import { handlers } from './handlers';
import { indexedDbStorage, loadFromIndexedDb } from './persistence';
import { createJournalPersister, loadOrSeedFromSaved, type SavedState } from './persistence-journal';
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
  const start = loadOrSeedFromSaved(saved, requested, new Date());
  const runtime = new EmulatorRuntime(start.store);
  runtime.notice = start.notice ?? readError;
  if (persist) {
    // Each committed write appends a journal entry; a seeded or reset store is saved whole.
    const persister = createJournalPersister(indexedDbStorage(), start.store);
    runtime.persist = (store) => persister.persist(store);
  }
  installEmulator(runtime);
  // A seeded store is saved whole; a replayed journal is folded into a new base (compaction).
  if (start.store.changes.needsBase) await runtime.commit();

  await setupWorker(...handlers).start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
}

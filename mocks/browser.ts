import { setupWorker } from 'msw/browser';
import { EmulatorRuntime, installEmulator } from './emulator';
import { handlers } from './handlers';
import { loadFromIndexedDb, loadOrSeed, saveToIndexedDb, serializeStore } from './persistence';
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
  let saved: unknown;
  let readError: string | undefined;
  if (persist) {
    try {
      saved = await loadFromIndexedDb();
    } catch (error) {
      readError = `The demo data could not be read from this browser (${error instanceof Error ? error.message : String(error)}); the demo fleet was loaded instead.`;
    }
  }
  const start = loadOrSeed(saved, requested, new Date());
  const runtime = new EmulatorRuntime(start.store);
  runtime.notice = start.notice ?? readError;
  if (persist) runtime.persist = (store) => saveToIndexedDb(serializeStore(store));
  installEmulator(runtime);
  if (start.seeded) await runtime.commit();

  await setupWorker(...handlers).start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
}
